import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { ADMIN_ROLE_ID, ALL_PERMISSIONS } from '../auth/permissions.ts';

/**
 * The delegation rules (auth/grants.ts) as one property: whatever a non-administrator does through the API — create
 * and change users, their roles, sites and status, set their passwords, create and change roles, create tokens — no
 * user ends up holding a permission or a site that the acting user did not hold at the start, and every user the
 * actor can sign in as (created, or given a password) holds nothing beyond it.
 */

/** Permissions the random roles are drawn from: the administrative ones and a few others. */
const POOL = ['users:read', 'users:write', 'roles:read', 'roles:write', 'tokens:read', 'tokens:write', 'sites:read', 'audit:read', 'personal:unmask', 'backup:write'];
const BUILT_IN = [ADMIN_ROLE_ID, 'engineer', 'auditor'];
const SITES = 3;

const perms = fc.subarray(POOL);
const scope = fc.option(fc.subarray([0, 1, 2]), { nil: null });
const pick = fc.nat({ max: 99 });

/** The first role always carries some administration, so that most sequences have something to try. */
const administering = fc
  .tuple(fc.subarray(['users:read', 'users:write', 'roles:read', 'roles:write', 'tokens:write'], { minLength: 2 }), perms)
  .map(([a, b]) => [...new Set([...a, ...b])]);

const scenario = fc.record({
  roles: fc.tuple(administering, perms, perms),
  /** the actor's roles (indexes into roles; always the first) and scope */
  actorRoles: fc.subarray([1, 2]).map((more) => [0, ...more]),
  actorScope: scope,
  bystanderRoles: fc.subarray([0, 1, 2]),
  bystanderScope: scope,
});

/**
 * A role: mostly one of the actor's own or one they created (what they may legitimately hand on), otherwise any of
 * the scenario's three, the built-in ones and the created ones. A scope: mostly the actor's own, otherwise any.
 */
const roleChoice = fc.oneof({ arbitrary: pick.map((own) => ({ own })), weight: 3 }, { arbitrary: pick.map((any) => ({ any })), weight: 2 });
const scopeChoice = fc.oneof({ arbitrary: fc.constant('own' as const), weight: 2 }, { arbitrary: scope, weight: 1 });
type RoleChoice = { own: number } | { any: number };

const command = fc.oneof(
  fc.record({ kind: fc.constant('createUser' as const), roles: fc.array(roleChoice, { maxLength: 2 }), scope: scopeChoice }),
  fc.record({
    kind: fc.constant('patchUser' as const),
    target: pick,
    roles: fc.option(fc.array(roleChoice, { maxLength: 2 }), { nil: undefined }),
    scope: fc.option(scopeChoice, { nil: undefined }),
    status: fc.option(fc.constantFrom('active' as const, 'disabled' as const), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('resetPassword' as const), target: pick }),
  fc.record({ kind: fc.constant('createRole' as const), permissions: perms }),
  fc.record({ kind: fc.constant('patchRole' as const), role: pick, permissions: perms }),
  fc.record({ kind: fc.constant('createToken' as const), permissions: perms }),
);

interface Holding {
  permissions: Set<string>;
  siteIds: string[] | null;
}

describeEachDatabase('delegation property on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let sites: string[];
  let run = 0;
  /** how many of the actors' calls went through, so the property is not passed by refusing everything */
  const outcomes = new Map<string, number>();
  const count = (kind: string, res: { statusCode: number }) => outcomes.set(`${kind} ${res.statusCode}`, (outcomes.get(`${kind} ${res.statusCode}`) ?? 0) + 1);
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    sites = [];
    for (let i = 0; i < SITES; i++) sites.push((await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: `p-site-${i}`, name: `p${i}` } })).json().id);
  });
  afterAll(async () => t.close());

  /** What every user holds now, as the server computes it; a disabled user holds nothing. */
  async function holdings(): Promise<Map<string, Holding>> {
    const roles = new Map((await t.services.roles.list()).map((r) => [r.id, r.permissions]));
    const result = new Map<string, Holding>();
    for (const u of await t.services.users.all()) {
      const permissions = u.status === 'active' ? new Set(u.roleIds.flatMap((id) => roles.get(id) ?? [])) : new Set<string>();
      result.set(u.id, { permissions, siteIds: u.status === 'active' ? u.siteIds : [] });
    }
    return result;
  }

  const beyondScope = (own: string[] | null, scopeIds: string[] | null): string[] =>
    own === null ? [] : scopeIds === null ? ['*'] : scopeIds.filter((s) => !own.includes(s));

  it('no sequence of calls by a non-administrator hands out more than they held', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.array(command, { minLength: 2, maxLength: 8 }), async (s, commands) => {
        run += 1;
        const prefix = `r${run}`;
        const roleIds = s.roles.map((_, i) => `${prefix}-role-${i}`);
        for (const [i, permissions] of s.roles.entries()) {
          const res = await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: roleIds[i], name: roleIds[i], permissions } });
          expect(res.statusCode, res.body).toBe(200);
        }
        const toSites = (indexes: number[] | null) => (indexes === null ? null : indexes.map((i) => sites[i]!));
        const actor = await t.userWith(admin, s.actorRoles.map((i) => roleIds[i]!), toSites(s.actorScope));
        const bystander = (
          await t.call(admin, {
            method: 'POST',
            url: '/api/v1/users',
            payload: { username: `${prefix}-bystander`, displayName: 'b', password: USER_PASSWORD, roleIds: s.bystanderRoles.map((i) => roleIds[i]!), siteIds: toSites(s.bystanderScope) },
          })
        ).json() as { id: string };

        const before = await holdings();
        const own = before.get(actor.userId)!;
        const users = [actor.userId, bystander.id, admin.userId];
        const controlled = new Set([actor.userId]);
        const createdRoles: string[] = [];
        const roleRef = (choice: RoleChoice | number) => {
          const n = typeof choice === 'number' ? choice : 'own' in choice ? choice.own : choice.any;
          const from = typeof choice !== 'number' && 'own' in choice ? [...s.actorRoles.map((i) => roleIds[i]!), ...createdRoles] : [...roleIds, ...BUILT_IN, ...createdRoles];
          return from[n % from.length]!;
        };
        const scopeOf = (choice: number[] | null | 'own') => (choice === 'own' ? toSites(s.actorScope) : toSites(choice));
        const tokenPermissions: string[][] = [];

        for (const c of commands) {
          if (c.kind === 'createUser') {
            const res = await t.call(actor, {
              method: 'POST',
              url: '/api/v1/users',
              payload: { username: `${prefix}-u${users.length}`, displayName: 'x', password: USER_PASSWORD, roleIds: [...new Set(c.roles.map(roleRef))], siteIds: scopeOf(c.scope) },
            });
            count(c.kind, res);
            if (res.statusCode === 200) {
              users.push(res.json().id);
              controlled.add(res.json().id);
            }
          } else if (c.kind === 'patchUser') {
            const payload = {
              ...(c.roles && { roleIds: [...new Set(c.roles.map(roleRef))] }),
              ...(c.scope !== undefined && { siteIds: scopeOf(c.scope) }),
              ...(c.status && { status: c.status }),
            };
            if (Object.keys(payload).length > 0) count(c.kind, await t.call(actor, { method: 'PATCH', url: `/api/v1/users/${users[c.target % users.length]}`, payload }));
          } else if (c.kind === 'resetPassword') {
            const target = users[c.target % users.length]!;
            const res = await t.call(actor, { method: 'POST', url: `/api/v1/users/${target}/password`, payload: { newPassword: 'Another-Fine-Day-77' } });
            count(c.kind, res);
            if (res.statusCode === 200) controlled.add(target);
            // Setting your own password this way ends your sessions too: sign in again to go on.
            if (res.statusCode === 200 && target === actor.userId) Object.assign(actor, await t.login(actor.username, 'Another-Fine-Day-77'));
          } else if (c.kind === 'createRole') {
            const id = `${prefix}-made-${createdRoles.length}`;
            const res = await t.call(actor, { method: 'POST', url: '/api/v1/roles', payload: { id, name: id, permissions: c.permissions } });
            count(c.kind, res);
            if (res.statusCode === 200) createdRoles.push(id);
          } else if (c.kind === 'patchRole') {
            count(c.kind, await t.call(actor, { method: 'PATCH', url: `/api/v1/roles/${roleRef(c.role)}`, payload: { permissions: c.permissions } }));
          } else {
            const res = await t.call(actor, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'p', permissions: c.permissions.length > 0 ? c.permissions : ['sites:read'] } });
            count(c.kind, res);
            if (res.statusCode === 200) tokenPermissions.push(res.json().token.permissions);
          }
        }

        const after = await holdings();
        for (const [userId, now] of after) {
          const was = before.get(userId) ?? { permissions: new Set<string>(), siteIds: [] };
          const gained = [...now.permissions].filter((p) => !was.permissions.has(p) && !own.permissions.has(p));
          expect(gained, `user ${userId} gained permissions`).toEqual([]);
          const gainedSites = was.siteIds === null ? [] : beyondScope(own.siteIds, now.siteIds === null ? null : now.siteIds.filter((x) => !was.siteIds!.includes(x)));
          expect(gainedSites, `user ${userId} gained sites`).toEqual([]);
        }
        for (const userId of controlled) {
          const held = after.get(userId)!;
          expect([...held.permissions].filter((p) => !own.permissions.has(p)), `controlled user ${userId}`).toEqual([]);
          expect(beyondScope(own.siteIds, held.siteIds), `controlled user ${userId} scope`).toEqual([]);
        }
        for (const permissions of tokenPermissions) expect(permissions.filter((p) => !own.permissions.has(p))).toEqual([]);
        // Somebody can still administer opsdesk.
        expect([...after.values()].some((h) => h.permissions.size === ALL_PERMISSIONS.length && h.siteIds === null)).toBe(true);
      }),
      { numRuns: 8 },
    );
    // Both sides were exercised: some calls went through, some were refused by the rules, none failed otherwise.
    const codes = [...outcomes.keys()].map((k) => k.split(' ')[1]);
    expect(codes, JSON.stringify([...outcomes])).toContain('200');
    expect(codes, JSON.stringify([...outcomes])).toContain('403');
    expect(codes.filter((c) => !['200', '401', '403', '409'].includes(c!)), JSON.stringify([...outcomes])).toEqual([]);
  }, 120_000);
});
