import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { systemContext } from '../auth/actor.ts';
import { ALL_PERMISSIONS } from '../auth/permissions.ts';

/** What a user manager holds in these tests: enough to administer users and roles, far from everything. */
const MANAGER_PERMISSIONS = ['users:read', 'users:write', 'roles:read', 'roles:write', 'sites:read', 'estate:read', 'tokens:read', 'tokens:write'];

describeEachDatabase('delegation: nobody grants what they do not hold, on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let north: string;
  let south: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    const site = async (code: string) => (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code, name: code } })).json().id as string;
    north = await site('north');
    south = await site('south');
    for (const [id, permissions] of [
      ['manager', MANAGER_PERMISSIONS],
      ['viewer', ['sites:read', 'estate:read']],
      ['auditing', ['audit:read']],
    ] as const) {
      expect((await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id, name: id, permissions } })).statusCode).toBe(200);
    }
  });
  afterAll(async () => t.close());

  const errorOf = (res: { statusCode: number; json(): unknown }) => ({ status: res.statusCode, ...(res.json() as { error: { code: string; details: Record<string, unknown> } }).error });
  const newUser = (caller: Caller, roleIds: string[], siteIds: string[] | null) =>
    t.call(caller, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { username: `d${Math.random().toString(36).slice(2, 10)}`, displayName: 'x', password: USER_PASSWORD, roleIds, siteIds },
    });
  const patchUser = (caller: Caller, id: string, payload: Record<string, unknown>) => t.call(caller, { method: 'PATCH', url: `/api/v1/users/${id}`, payload });
  const permissionsOf = async (caller: Caller) => (await t.call(caller, { method: 'GET', url: '/api/v1/auth/session' })).json().user.permissions as string[];

  it('a holder of users:write cannot make themselves, or anybody, an administrator', async () => {
    const manager = await t.userWith(admin, ['manager']);
    const self = errorOf(await patchUser(manager, manager.userId, { roleIds: ['manager', 'admin'] }));
    expect(self).toMatchObject({ status: 403, code: 'OWN_ACCESS', details: { fields: ['roleIds'] } });
    expect(await permissionsOf(manager)).toEqual([...MANAGER_PERMISSIONS].sort());

    const created = errorOf(await newUser(manager, ['admin'], null));
    expect(created).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { roleIds: ['admin'] } });
    expect(created.details.permissions).toContain('audit:read');

    const colleague = (await newUser(manager, ['viewer'], null)).json() as { id: string };
    const promoted = errorOf(await patchUser(manager, colleague.id, { roleIds: ['viewer', 'auditing'] }));
    expect(promoted).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { roleIds: ['auditing'], permissions: ['audit:read'], refused: 'auditing, audit:read' } });
    // What the manager holds they may hand on.
    expect((await patchUser(manager, colleague.id, { roleIds: ['viewer', 'manager'] })).statusCode).toBe(200);
  });

  it('nobody changes their own roles or scope, but saving one\'s own profile with them unchanged works', async () => {
    const manager = await t.userWith(admin, ['manager'], [north]);
    const narrowed = errorOf(await patchUser(manager, manager.userId, { siteIds: [] }));
    expect(narrowed).toMatchObject({ status: 403, code: 'OWN_ACCESS', details: { fields: ['siteIds'] } });
    const same = await patchUser(manager, manager.userId, { displayName: '新名字', roleIds: ['manager'], siteIds: [north] });
    expect(same.statusCode, same.body).toBe(200);
    // Administrators too: their own access is changed by another administrator.
    expect(errorOf(await patchUser(admin, admin.userId, { roleIds: ['admin', 'viewer'] }))).toMatchObject({ status: 403, code: 'OWN_ACCESS' });
  });

  it('grants a site scope only within the granter\'s own, and "every site" only from someone who sees every site', async () => {
    const manager = await t.userWith(admin, ['manager'], [north]);
    expect(errorOf(await newUser(manager, ['viewer'], null))).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { allSites: true } });
    expect(errorOf(await newUser(manager, ['viewer'], [north, south]))).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { siteIds: [south] } });
    // A site outside the scope is refused the same way whether or not it exists.
    expect(errorOf(await newUser(manager, ['viewer'], ['no-such-site']))).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { siteIds: ['no-such-site'] } });
    const local = await newUser(manager, ['viewer'], [north]);
    expect(local.statusCode).toBe(200);
    const widened = errorOf(await patchUser(manager, local.json().id, { siteIds: [north, south] }));
    expect(widened).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { siteIds: [south] } });
  });

  it('nobody manages a user who holds more than they do: no edits, no enabling, no password reset', async () => {
    const manager = await t.userWith(admin, ['manager'], [north]);
    const everywhere = (await newUser(admin, ['viewer'], null)).json() as { id: string };
    expect(errorOf(await patchUser(manager, everywhere.id, { displayName: 'x' }))).toMatchObject({ status: 403, code: 'TARGET_EXCEEDS_OWN', details: { userId: everywhere.id, allSites: true } });
    const reset = await t.call(manager, { method: 'POST', url: `/api/v1/users/${admin.userId}/password`, payload: { newPassword: 'Taken-Over-Admin-42' } });
    expect(errorOf(reset)).toMatchObject({ status: 403, code: 'TARGET_EXCEEDS_OWN' });
    await t.loginAdmin();
    expect(errorOf(await patchUser(manager, admin.userId, { status: 'disabled' }))).toMatchObject({ status: 403, code: 'TARGET_EXCEEDS_OWN' });
    const auditor = (await newUser(admin, ['auditing'], [north])).json() as { id: string };
    expect(errorOf(await patchUser(manager, auditor.id, { roleIds: [] }))).toMatchObject({ status: 403, code: 'TARGET_EXCEEDS_OWN', details: { permissions: ['audit:read'] } });
  });

  it('a holder of roles:write cannot add permissions they lack to any role, nor any to a role they hold', async () => {
    const manager = await t.userWith(admin, ['manager']);
    const own = errorOf(await t.call(manager, { method: 'PATCH', url: '/api/v1/roles/manager', payload: { permissions: [...MANAGER_PERMISSIONS, 'audit:read'] } }));
    expect(own).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { permissions: ['audit:read'] } });
    expect(await permissionsOf(manager)).not.toContain('audit:read');

    const otherRole = errorOf(await t.call(manager, { method: 'PATCH', url: '/api/v1/roles/viewer', payload: { permissions: ['sites:read', 'estate:read', 'personal:unmask'] } }));
    expect(otherRole).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { permissions: ['personal:unmask'] } });
    const created = errorOf(await t.call(manager, { method: 'POST', url: '/api/v1/roles', payload: { id: 'sneaky', name: 'x', permissions: ['users:read', 'backup:write'] } }));
    expect(created).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { permissions: ['backup:write'] } });
    // Nor take away what they do not hold from others.
    const stripped = errorOf(await t.call(manager, { method: 'PATCH', url: '/api/v1/roles/auditing', payload: { permissions: [] } }));
    expect(stripped).toMatchObject({ status: 403, code: 'GRANT_EXCEEDS_OWN', details: { permissions: ['audit:read'] } });

    // A permission they hold may go into a role they do not hold.
    expect((await t.call(manager, { method: 'PATCH', url: '/api/v1/roles/viewer', payload: { permissions: ['sites:read', 'estate:read', 'users:read'] } })).statusCode).toBe(200);
    // Nor into a role they hold, even when they hold the permission through another role.
    const second = await t.userWith(admin, ['manager', 'viewer']);
    const intoOwn = errorOf(await t.call(second, { method: 'PATCH', url: '/api/v1/roles/viewer', payload: { permissions: ['sites:read', 'estate:read', 'users:read', 'roles:read'] } }));
    expect(intoOwn).toMatchObject({ status: 403, code: 'OWN_ROLE', details: { roleId: 'viewer', permissions: ['roles:read'] } });
    await t.call(admin, { method: 'PATCH', url: '/api/v1/roles/viewer', payload: { permissions: ['sites:read', 'estate:read'] } });
  });

  it('an administrator still does all of it', async () => {
    const other = await newUser(admin, ['admin'], null);
    expect(other.statusCode).toBe(200);
    expect((await t.call(admin, { method: 'PATCH', url: '/api/v1/roles/auditing', payload: { permissions: ['audit:read', 'audit:verify', 'backup:write'] } })).statusCode).toBe(200);
    expect((await patchUser(admin, other.json().id, { roleIds: ['viewer'], siteIds: [south] })).statusCode).toBe(200);
  });

  it('the last administrator cannot be disabled or demoted, by a role edit either', async () => {
    const system = systemContext('test');
    const onlyAdmin = async () => {
      const admins = (await t.call(admin, { method: 'GET', url: '/api/v1/users?roleId=admin&status=active&limit=200' })).json().items as { id: string }[];
      for (const a of admins) if (a.id !== admin.userId) await patchUser(admin, a.id, { status: 'disabled' });
    };
    await onlyAdmin();
    await expect(t.services.users.update(system, admin.userId, { status: 'disabled' })).rejects.toMatchObject({ status: 409, code: 'LAST_ADMIN' });
    await expect(t.services.users.update(system, admin.userId, { roleIds: ['viewer'] })).rejects.toMatchObject({ status: 409, code: 'LAST_ADMIN' });
    await expect(t.services.users.update(system, admin.userId, { siteIds: [north] })).rejects.toMatchObject({ status: 409, code: 'LAST_ADMIN' });

    // An administrator by a role of every permission, not the admin role: disabling the built-in admin leaves them the last.
    expect((await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: 'everything', name: 'x', permissions: [...ALL_PERMISSIONS] } })).statusCode).toBe(200);
    const deputyUser = (await newUser(admin, ['everything'], null)).json() as { id: string; username: string };
    const deputy = await t.login(deputyUser.username, USER_PASSWORD);
    expect((await patchUser(deputy, admin.userId, { status: 'disabled' })).statusCode).toBe(200);
    const lastPermission = errorOf(await t.call(deputy, { method: 'PATCH', url: '/api/v1/roles/everything', payload: { permissions: ALL_PERMISSIONS.slice(1) } }));
    expect(lastPermission).toMatchObject({ status: 409, code: 'LAST_ADMIN' });
    expect((await patchUser(deputy, admin.userId, { status: 'active' })).statusCode).toBe(200);
    admin = await t.loginAdmin();
    expect((await patchUser(admin, deputyUser.id, { status: 'disabled' })).statusCode).toBe(200);
  });

  it('two administrators disabling each other at once leave one of them', async () => {
    const other = (await newUser(admin, ['admin'], null)).json() as { id: string; username: string };
    const second = await t.login(other.username, USER_PASSWORD);
    const [a, b] = await Promise.all([patchUser(admin, other.id, { status: 'disabled' }), patchUser(second, admin.userId, { status: 'disabled' })]);
    // The loser is refused as the last administrator, or, when its sign-in was checked after the winner's commit, as
    // a disabled user; never both through.
    expect([a.statusCode, b.statusCode].filter((s) => s === 200)).toHaveLength(1);
    const loser = [a, b].find((r) => r.statusCode !== 200)!;
    expect(loser.statusCode === 401 || loser.json().error.code === 'LAST_ADMIN', loser.body).toBe(true);
    const survivor = a.statusCode === 200 ? admin : second;
    if (survivor !== admin) expect((await patchUser(second, admin.userId, { status: 'active' })).statusCode).toBe(200);
    admin = await t.loginAdmin();
  });
});
