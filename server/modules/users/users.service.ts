import type { Static } from '@sinclair/typebox';
import type { Clock } from '../../clock.ts';
import { toIso, toIsoOrNull } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { Executor } from '../../db/types.ts';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../../errors.ts';
import { newId, randomSecret } from '../../ids.ts';
import { cursorPage, type CursorPage, type ListRequest } from '../../http/cursor.ts';
import { toCsv } from '../../lib/csv.ts';
import type { AuditLog } from '../audit/index.ts';
import { effectivePermissions, keepingAnAdministrator, lockAccessChanges, revokeSessions, requirePermission, type Actor, type RequestContext, weakPassword, permissionsBeyond, requireGrantable, requireManageable, sitesBeyond, type Holding, type Refused, hashPassword, passwordProblems, ADMIN_ROLE_ID } from '../auth/index.ts';
import { MASKS } from '../personal/index.ts';
import { roleRecords, type RolesTable } from '../roles/index.ts';
import { siteRecords } from '../sites/index.ts';
import { USERS_ORDER, usersRepository, type UserFilter } from './users.repository.ts';
import type { CreateUserBody, ExportUsersBody, UpdateUserBody, User } from './users.schemas.ts';
import type { UsersTable } from './users.tables.ts';

/** A user as the API shows them; the request bodies below, as the API accepts them. */
export type UserView = Static<typeof User>;
export type CreateUserInput = Static<typeof CreateUserBody>;
export type UpdateUserInput = Static<typeof UpdateUserBody>;

export function toUserView(row: UsersTable, roleIds: string[], siteIds: string[]): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    status: row.status,
    roleIds,
    siteIds: row.all_sites ? null : siteIds,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    lastLoginAt: toIsoOrNull(row.last_login_at),
  };
}

/** What the audit log keeps of a user: personal fields masked, so the log does not become a personal-data store. */
export function auditSnapshot(view: UserView) {
  return { ...view, email: view.email && MASKS.email(view.email), phone: view.phone && MASKS.phone(view.phone) };
}

/** The roles the actor may not grant (they hold a permission the actor lacks), and those permissions. */
function rolesBeyond(actor: Actor, roles: readonly RolesTable[]): Refused {
  const refused = roles.map((r) => ({ id: r.id, beyond: permissionsBeyond(actor, effectivePermissions([r])) }));
  const over = refused.filter((r) => r.beyond.length > 0);
  if (over.length === 0) return {};
  return { roleIds: over.map((r) => r.id).sort(), permissions: [...new Set(over.flatMap((r) => r.beyond))].sort() };
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && new Set([...a, ...b]).size === a.length;
const sameScope = (a: readonly string[] | null, b: readonly string[] | null): boolean => (a === null || b === null ? a === b : sameSet(a, b));

export function createUsersService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  async function views(executor: Executor, rows: UsersTable[]): Promise<UserView[]> {
    const ids = rows.map((r) => r.id);
    const [roles, sites] = await Promise.all([usersRepository.rolesOf(executor, ids), usersRepository.sitesOf(executor, ids)]);
    return rows.map((r) => toUserView(r, roles.get(r.id) ?? [], sites.get(r.id) ?? []));
  }

  async function viewOf(executor: Executor, id: string): Promise<UserView> {
    const row = await usersRepository.findById(executor, id);
    if (!row) throw new NotFoundError('User', id);
    return (await views(executor, [row]))[0]!;
  }

  /** What a user holds now: the permissions of their roles and their site scope. */
  async function holdingOf(executor: Executor, view: UserView): Promise<Holding> {
    return { permissions: effectivePermissions(await roleRecords.findByIds(executor, view.roleIds)), siteIds: view.siteIds };
  }

  async function checkRoles(executor: Executor, roleIds: readonly string[]): Promise<RolesTable[]> {
    const found = await roleRecords.findByIds(executor, roleIds);
    const known = new Set(found.map((r) => r.id));
    const unknown = roleIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new InvalidError(`Unknown role(s): ${unknown.join(', ')}`, [{ field: 'roleIds', message: `unknown: ${unknown.join(', ')}` }], 'VALIDATION_FAILED');
    return found;
  }

  async function checkSites(executor: Executor, siteIds: readonly string[] | null) {
    if (!siteIds) return;
    const found = await siteRecords.existingIds(executor, siteIds);
    const unknown = siteIds.filter((id) => !found.has(id));
    if (unknown.length > 0) throw new InvalidError(`Unknown site(s): ${unknown.join(', ')}`, [{ field: 'siteIds', message: `unknown: ${unknown.join(', ')}` }], 'VALIDATION_FAILED');
  }

  return {
    list: (filter: UserFilter, request: ListRequest): Promise<CursorPage<UserView>> =>
      cursorPage(USERS_ORDER, request, (page) => usersRepository.list(k, filter, page), (rows) => views(k, rows)),

    get: (id: string) => viewOf(k, id),

    async findByUsername(username: string): Promise<UserView | null> {
      const row = await usersRepository.findByUsername(k, username);
      return row ? (await views(k, [row]))[0]! : null;
    },

    async create(ctx: RequestContext, input: CreateUserInput): Promise<UserView> {
      requirePermission(ctx.actor, 'users:write');
      const problems = passwordProblems(input.password, input.username);
      if (problems.length > 0) throw weakPassword(problems);
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      const roleIds = [...new Set(input.roleIds)];
      const siteIds = input.siteIds === null ? null : [...new Set(input.siteIds)];
      return k.transaction().execute(async (trx) => {
        if (await usersRepository.findByUsername(trx, input.username)) {
          throw new ConflictError(`The username ${input.username} is taken`, 'USERNAME_TAKEN', { field: 'username' });
        }
        const roles = await checkRoles(trx, roleIds);
        // Scope before existence: a user limited to some sites learns nothing about the others from the answer.
        requireGrantable({ ...rolesBeyond(ctx.actor, roles), ...sitesBeyond(ctx.actor, siteIds) });
        await checkSites(trx, siteIds);
        const id = newId();
        await usersRepository.insert(trx, {
          id,
          username: input.username,
          display_name: input.displayName,
          email: input.email ?? null,
          phone: input.phone ?? null,
          password_hash: passwordHash,
          status: 'active',
          all_sites: siteIds === null ? 1 : 0,
          locale: 'zh-CN',
          created_at: now,
          updated_at: now,
          last_login_at: null,
          password_changed_at: now,
        });
        await usersRepository.setRoles(trx, id, roleIds);
        await usersRepository.setSites(trx, id, siteIds ?? []);
        const view = await viewOf(trx, id);
        await audit.append(trx, ctx, { action: 'user.create', targetType: 'user', targetId: id, after: auditSnapshot(view) });
        return view;
      });
    },

    /**
     * Changes a user within the delegation rules of auth/grants.ts: only a user who holds nothing the actor lacks;
     * roles and sites added only if the actor holds them; never one's own roles or scope; never the last
     * administrator away (access.ts).
     */
    async update(ctx: RequestContext, id: string, input: UpdateUserInput): Promise<UserView> {
      requirePermission(ctx.actor, 'users:write');
      const touchesAccess = input.roleIds !== undefined || input.siteIds !== undefined || input.status !== undefined;
      return k.transaction().execute(async (trx) => {
        if (touchesAccess) await lockAccessChanges(trx, db.dialect);
        const before = await viewOf(trx, id);
        const self = id === ctx.actor.userId;
        if (input.status === 'disabled' && self) throw new ConflictError('You cannot disable yourself', 'CANNOT_DISABLE_SELF');
        if (!self) requireManageable(ctx.actor, { id, ...(await holdingOf(trx, before)) });
        const roleIds = input.roleIds && [...new Set(input.roleIds)];
        const siteIds = input.siteIds === undefined || input.siteIds === null ? input.siteIds : [...new Set(input.siteIds)];
        // The console sends the whole form, so unchanged roles and scope are not a change.
        const rolesChange = roleIds !== undefined && !sameSet(roleIds, before.roleIds);
        const sitesChange = siteIds !== undefined && !sameScope(siteIds, before.siteIds);
        if (self && (rolesChange || sitesChange)) {
          const fields = [...(rolesChange ? ['roleIds'] : []), ...(sitesChange ? ['siteIds'] : [])];
          throw new ForbiddenError('You cannot change your own roles or site scope: ask another administrator', { fields, refused: fields.join(', ') }, 'OWN_ACCESS');
        }
        if (rolesChange) {
          const roles = await checkRoles(trx, roleIds);
          requireGrantable(rolesBeyond(ctx.actor, roles.filter((r) => !before.roleIds.includes(r.id))));
        }
        if (sitesChange) {
          requireGrantable(sitesBeyond(ctx.actor, siteIds));
          await checkSites(trx, siteIds);
        }
        const apply = async () => {
          await usersRepository.update(trx, id, {
            ...(input.displayName !== undefined && { display_name: input.displayName }),
            ...(input.email !== undefined && { email: input.email }),
            ...(input.phone !== undefined && { phone: input.phone }),
            ...(input.status !== undefined && { status: input.status }),
            ...(sitesChange && { all_sites: siteIds === null ? 1 : 0 }),
            updated_at: clock.now(),
          });
          if (rolesChange) await usersRepository.setRoles(trx, id, roleIds);
          if (sitesChange) await usersRepository.setSites(trx, id, siteIds ?? []);
        };
        if (touchesAccess) await keepingAnAdministrator(trx, apply);
        else await apply();
        if (input.status === 'disabled') await revokeSessions(trx, id);
        const after = await viewOf(trx, id);
        await audit.append(trx, ctx, { action: 'user.update', targetType: 'user', targetId: id, before: auditSnapshot(before), after: auditSnapshot(after) });
        return after;
      });
    },

    /** An administrator sets a new password; the user's sessions end. */
    async resetPassword(ctx: RequestContext, id: string, newPassword: string): Promise<void> {
      requirePermission(ctx.actor, 'users:write');
      const target = await viewOf(k, id);
      // Whoever sets a password can sign in as that user: only for users who hold nothing beyond the actor.
      if (id !== ctx.actor.userId) requireManageable(ctx.actor, { id, ...(await holdingOf(k, target)) });
      const problems = passwordProblems(newPassword, target.username);
      if (problems.length > 0) throw weakPassword(problems);
      const passwordHash = await hashPassword(newPassword);
      const now = clock.now();
      await k.transaction().execute(async (trx) => {
        await usersRepository.update(trx, id, { password_hash: passwordHash, password_changed_at: now, updated_at: now });
        await revokeSessions(trx, id);
        await audit.append(trx, ctx, { action: 'user.password_reset', targetType: 'user', targetId: id });
      });
    },

    /** Every user, for an export; whether personal fields leave masked is decided by the caller. */
    async all(): Promise<UserView[]> {
      return views(k, await usersRepository.all(k));
    },

    /**
     * Personal-data export (SPEC C8.5): needs personal:export and a reason, and personal:unmask as well to take the
     * fields out whole. One audit record says who exported what and why.
     */
    async exportCsv(ctx: RequestContext, input: Static<typeof ExportUsersBody>): Promise<{ csv: string; rows: number }> {
      requirePermission(ctx.actor, 'personal:export');
      if (input.unmasked) requirePermission(ctx.actor, 'personal:unmask');
      const all = await views(k, await usersRepository.all(k));
      const shown = input.unmasked ? all : all.map(auditSnapshot);
      const csv = toCsv(
        ['id', 'username', 'displayName', 'email', 'phone', 'status', 'roleIds', 'siteIds', 'createdAt', 'lastLoginAt'],
        shown.map((u) => [u.id, u.username, u.displayName, u.email, u.phone, u.status, u.roleIds, u.siteIds ?? '*', u.createdAt, u.lastLoginAt]),
      );
      await audit.record(ctx, {
        action: 'personal.export',
        targetType: 'user',
        reason: input.reason,
        after: { rows: shown.length, unmasked: input.unmasked },
      });
      return { csv, rows: shown.length };
    },

    /**
     * The first start creates `admin` with every permission. Returns the password when it was generated, so the
     * caller can print it once; null when there were users already.
     */
    async bootstrapAdmin(ctx: RequestContext, configuredPassword: string | null): Promise<{ userId: string; password: string; generated: boolean } | null> {
      if ((await usersRepository.count(k)) > 0) return null;
      const generated = configuredPassword === null;
      const password = configuredPassword ?? randomSecret(12);
      const admin = await this.create(ctx, { username: 'admin', displayName: '系统管理员', password, roleIds: [ADMIN_ROLE_ID], siteIds: null });
      return { userId: admin.id, password, generated };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
