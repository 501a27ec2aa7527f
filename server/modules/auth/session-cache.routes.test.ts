import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { sha256Hex } from '../../lib/hash.ts';
import { ACTOR_CACHE_TTL_MS } from './actor-cache.ts';
import { TOUCH_EVERY_MS } from './auth.service.ts';

/**
 * Sessions reuse their actor for ACTOR_CACHE_TTL_MS (actor-cache.ts). What must hold: a change made through this node
 * takes effect on the very next request; one made elsewhere (another node, the database) within the TTL; and a
 * session's row is written at most once a minute, not on every request.
 */
describeEachDatabase('session actors cached on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  const get = (caller: Caller, url: string) => t.call(caller, { method: 'GET', url });
  const lastSeen = async (caller: Caller) => {
    const hash = sha256Hex(caller.cookie.split('=')[1]!);
    return Number((await t.db.kysely.selectFrom('sessions').select('last_seen_at').where('id', '=', hash).executeTakeFirstOrThrow()).last_seen_at);
  };
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  // Whether the second request is still served depends on whether another test's access change holds the cache off
  // (it does for a few seconds of real time); the bound is what matters.
  it('honours a change made behind its back (another node, the database) within the TTL', async () => {
    const user = await t.userWith(admin, ['engineer']);
    expect((await get(user, '/api/v1/sites')).statusCode).toBe(200);
    await t.db.kysely.updateTable('users').set({ status: 'disabled' }).where('id', '=', user.userId).execute();
    await get(user, '/api/v1/sites');
    t.clock.advance(ACTOR_CACHE_TTL_MS);
    expect((await get(user, '/api/v1/sites')).statusCode).toBe(401);
  });

  it('writes the session row at most once a minute', async () => {
    const user = await t.userWith(admin, ['engineer']);
    const signedIn = await lastSeen(user);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(10_000);
      expect((await get(user, '/api/v1/auth/session')).statusCode).toBe(200);
    }
    expect(await lastSeen(user)).toBe(signedIn);
    t.clock.advance(TOUCH_EVERY_MS - 50_000);
    expect((await get(user, '/api/v1/auth/session')).statusCode).toBe(200);
    expect(await lastSeen(user)).toBe(t.clock.now());
  });

  it('answers every session as its own user', async () => {
    const [a, b] = [await t.userWith(admin, ['engineer']), await t.userWith(admin, ['client'])];
    for (let i = 0; i < 3; i++) {
      expect((await get(a, '/api/v1/auth/session')).json().user.username).toBe(a.username);
      expect((await get(b, '/api/v1/auth/session')).json().user.username).toBe(b.username);
    }
    expect((await get(b, '/api/v1/users')).statusCode).toBe(403);
  });

  it("takes a role's permission away on the holder's very next request", async () => {
    const created = await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: 'cache-readers', name: 'Cache readers', permissions: ['sites:read', 'estate:read'] } });
    expect(created.statusCode).toBe(200);
    const user = await t.userWith(admin, ['cache-readers']);
    expect((await get(user, '/api/v1/sites')).statusCode).toBe(200);
    expect((await get(user, '/api/v1/sites')).statusCode).toBe(200);
    const changed = await t.call(admin, { method: 'PATCH', url: '/api/v1/roles/cache-readers', payload: { permissions: ['estate:read'] } });
    expect(changed.statusCode).toBe(200);
    expect((await get(user, '/api/v1/sites')).statusCode).toBe(403);
  });

  it("takes a user's role and site scope away on their very next request", async () => {
    const user = await t.userWith(admin, ['engineer']);
    expect((await get(user, '/api/v1/auth/session')).json().user.siteIds).toBeNull();
    const site = await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'cache-site', name: 'Cache' } });
    expect(site.statusCode).toBe(200);
    expect((await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${user.userId}`, payload: { roleIds: ['client'], siteIds: [site.json().id] } })).statusCode).toBe(200);
    const after = (await get(user, '/api/v1/auth/session')).json().user;
    expect(after.roleIds).toEqual(['client']);
    expect(after.siteIds).toEqual([site.json().id]);
  });

  it('ends a disabled user, a reset password and a sign-out on the next request', async () => {
    const disabled = await t.userWith(admin, ['engineer']);
    expect((await get(disabled, '/api/v1/sites')).statusCode).toBe(200);
    expect((await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${disabled.userId}`, payload: { status: 'disabled' } })).statusCode).toBe(200);
    expect((await get(disabled, '/api/v1/sites')).statusCode).toBe(401);

    const reset = await t.userWith(admin, ['engineer']);
    expect((await get(reset, '/api/v1/sites')).statusCode).toBe(200);
    expect((await t.call(admin, { method: 'POST', url: `/api/v1/users/${reset.userId}/password`, payload: { newPassword: 'Brand-New-Lantern-55' } })).statusCode).toBe(200);
    expect((await get(reset, '/api/v1/sites')).statusCode).toBe(401);

    const leaving = await t.userWith(admin, ['engineer']);
    expect((await get(leaving, '/api/v1/sites')).statusCode).toBe(200);
    expect((await t.call(leaving, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(200);
    expect((await get(leaving, '/api/v1/sites')).statusCode).toBe(401);
  });
});
