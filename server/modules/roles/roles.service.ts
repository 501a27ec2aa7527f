import type { Static } from '@sinclair/typebox';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { fromJsonText, toJsonText, type Executor } from '../../db/types.ts';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../../errors.ts';
import type { AuditLog } from '../audit/index.ts';
import { keepingAnAdministrator, lockAccessChanges, requirePermission, type RequestContext, holdsEverything, permissionsBeyond, requireGrantable, ADMIN_ROLE_ID, ALL_PERMISSIONS, BUILT_IN_ROLES, isPermission } from '../auth/index.ts';
import { rolesRepository } from './roles.repository.ts';
import type { CreateRoleBody, Role, UpdateRoleBody } from './roles.schemas.ts';
import type { RolesTable } from './roles.tables.ts';

/** A role as the API shows it. */
export type RoleView = Static<typeof Role>;

function toView(row: RolesTable, userCount: number): RoleView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    // The admin role holds whatever the catalogue holds today, including permissions added after it was stored.
    permissions: row.id === ADMIN_ROLE_ID ? [...ALL_PERMISSIONS] : fromJsonText<string[]>(row.permissions).filter(isPermission),
    builtIn: row.built_in === 1,
    userCount,
  };
}

function checkPermissions(permissions: readonly string[]): string[] {
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) {
    throw new InvalidError(`Unknown permission(s): ${unknown.join(', ')}`, [{ field: 'permissions', message: `unknown: ${unknown.join(', ')}` }], 'VALIDATION_FAILED');
  }
  return [...new Set(permissions)].sort();
}

export function createRolesService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  async function viewOf(executor: Executor, id: string): Promise<RoleView> {
    const row = await rolesRepository.findById(executor, id);
    if (!row) throw new NotFoundError('Role', id);
    return toView(row, (await rolesRepository.userCounts(executor)).get(id) ?? 0);
  }

  return {
    async list(): Promise<RoleView[]> {
      const [rows, counts] = await Promise.all([rolesRepository.all(k), rolesRepository.userCounts(k)]);
      return rows.map((r) => toView(r, counts.get(r.id) ?? 0));
    },

    get: (id: string) => viewOf(k, id),

    async create(ctx: RequestContext, input: Static<typeof CreateRoleBody>): Promise<RoleView> {
      requirePermission(ctx.actor, 'roles:write');
      const permissions = checkPermissions(input.permissions);
      requireGrantable({ permissions: permissionsBeyond(ctx.actor, permissions) });
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        if (await rolesRepository.findById(trx, input.id)) throw new ConflictError(`A role with id ${input.id} exists`, 'ROLE_EXISTS', { field: 'id' });
        const row: RolesTable = { id: input.id, name: input.name, description: input.description ?? '', permissions: toJsonText(permissions), built_in: 0, created_at: now, updated_at: now };
        await rolesRepository.insert(trx, row);
        const view = toView(row, 0);
        await audit.append(trx, ctx, { action: 'role.create', targetType: 'role', targetId: row.id, after: view });
        return view;
      });
    },

    /**
     * A role's permissions change for everyone who holds it, so the delegation rules (auth/grants.ts) apply: only
     * permissions the actor holds may be added or removed; nobody but an administrator adds permissions to a role they
     * hold themselves; and no edit may take the last administrator's permissions away.
     */
    async update(ctx: RequestContext, id: string, input: Static<typeof UpdateRoleBody>): Promise<RoleView> {
      requirePermission(ctx.actor, 'roles:write');
      if (id === ADMIN_ROLE_ID && input.permissions) {
        throw new ConflictError('The admin role always holds every permission', 'ROLE_PROTECTED');
      }
      const permissions = input.permissions && checkPermissions(input.permissions);
      return k.transaction().execute(async (trx) => {
        if (permissions) await lockAccessChanges(trx, db.dialect);
        const before = await viewOf(trx, id);
        const added = permissions?.filter((p) => !before.permissions.includes(p)) ?? [];
        const removed = permissions ? before.permissions.filter((p) => !permissions.includes(p)) : [];
        // Removing counts too: taking a capability away from its holders is not for someone who lacks it.
        requireGrantable({ permissions: permissionsBeyond(ctx.actor, [...added, ...removed]) }, 'You can add or remove only permissions you hold');
        if (added.length > 0 && ctx.actor.roleIds.includes(id) && !holdsEverything(ctx.actor)) {
          throw new ForbiddenError('You cannot add permissions to a role you hold', { roleId: id, permissions: added, refused: added.join(', ') }, 'OWN_ROLE');
        }
        const apply = () =>
          rolesRepository.update(trx, id, {
            ...(input.name !== undefined && { name: input.name }),
            ...(input.description !== undefined && { description: input.description }),
            ...(permissions && { permissions: toJsonText(permissions) }),
            updated_at: clock.now(),
          });
        if (removed.length > 0) await keepingAnAdministrator(trx, apply);
        else await apply();
        const after = await viewOf(trx, id);
        await audit.append(trx, ctx, { action: 'role.update', targetType: 'role', targetId: id, before, after });
        return after;
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      requirePermission(ctx.actor, 'roles:write');
      await k.transaction().execute(async (trx) => {
        const before = await viewOf(trx, id);
        if (before.builtIn) throw new ConflictError('Built-in roles cannot be deleted', 'ROLE_PROTECTED');
        if (before.userCount > 0) throw new ConflictError(`The role is held by ${before.userCount} user(s)`, 'ROLE_IN_USE', { userCount: before.userCount });
        await rolesRepository.delete(trx, id);
        await audit.append(trx, ctx, { action: 'role.delete', targetType: 'role', targetId: id, before });
      });
    },

    /** Inserts the built-in roles that are missing (first start, or a release that adds one); never overwrites edits. */
    async ensureBuiltIns(ctx: RequestContext): Promise<string[]> {
      const existing = new Set((await rolesRepository.all(k)).map((r) => r.id));
      const missing = BUILT_IN_ROLES.filter((r) => !existing.has(r.id));
      if (missing.length === 0) return [];
      const now = clock.now();
      await k.transaction().execute(async (trx) => {
        for (const role of missing) {
          const row: RolesTable = { id: role.id, name: role.name, description: role.description, permissions: toJsonText([...role.permissions].sort()), built_in: 1, created_at: now, updated_at: now };
          await rolesRepository.insert(trx, row);
        }
        await audit.append(trx, ctx, { action: 'role.seed', targetType: 'role', after: { roles: missing.map((r) => r.id) } });
      });
      return missing.map((r) => r.id);
    },
  };
}

export type RolesService = ReturnType<typeof createRolesService>;
