import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { ALL_PERMISSIONS } from '../auth/permissions.ts';

describeEachDatabase('roles on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  it('ships the roles of SPEC §1, with admin holding everything', async () => {
    const roles = (await t.call(admin, { method: 'GET', url: '/api/v1/roles' })).json().items as { id: string; permissions: string[]; builtIn: boolean }[];
    expect(roles.map((r) => r.id).sort()).toEqual(['admin', 'auditor', 'client', 'dispatcher', 'engineer', 'finance', 'security']);
    expect(roles.find((r) => r.id === 'admin')!.permissions.length).toBe(ALL_PERMISSIONS.length);
    expect(roles.find((r) => r.id === 'client')!.permissions).not.toContain('personal:unmask');
  });

  it('lets an admin edit a role; the change takes effect for its holders', async () => {
    const engineer = await t.userWith(admin, ['engineer']);
    expect((await t.call(engineer, { method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(403);
    const roles = (await t.call(admin, { method: 'GET', url: '/api/v1/roles' })).json().items as { id: string; permissions: string[] }[];
    const current = roles.find((r) => r.id === 'engineer')!.permissions;
    const res = await t.call(admin, { method: 'PATCH', url: '/api/v1/roles/engineer', payload: { permissions: [...current, 'audit:read'] } });
    expect(res.statusCode).toBe(200);
    expect((await t.call(engineer, { method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(200);
    await t.call(admin, { method: 'PATCH', url: '/api/v1/roles/engineer', payload: { permissions: current } });
  });

  it('protects the admin role and built-in roles, and roles in use', async () => {
    const locked = await t.call(admin, { method: 'PATCH', url: '/api/v1/roles/admin', payload: { permissions: ['sites:read'] } });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('ROLE_PROTECTED');
    expect((await t.call(admin, { method: 'DELETE', url: '/api/v1/roles/engineer' })).json().error.code).toBe('ROLE_PROTECTED');
    await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: 'night-shift', name: '夜班', permissions: ['alerts:read'] } });
    await t.userWith(admin, ['night-shift']);
    const inUse = await t.call(admin, { method: 'DELETE', url: '/api/v1/roles/night-shift' });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('ROLE_IN_USE');
  });

  it('refuses unknown permissions and duplicate ids', async () => {
    const bad = await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: 'weird', name: 'x', permissions: ['sites:fly'] } });
    expect(bad.statusCode).toBe(400);
    await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: 'twice', name: 'x', permissions: [] } });
    expect((await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: 'twice', name: 'x', permissions: [] } })).statusCode).toBe(409);
  });

  it('lists the permission catalogue', async () => {
    const items = (await t.call(admin, { method: 'GET', url: '/api/v1/permissions' })).json().items as { key: string }[];
    expect(items.map((i) => i.key)).toEqual([...ALL_PERMISSIONS]);
  });
});
