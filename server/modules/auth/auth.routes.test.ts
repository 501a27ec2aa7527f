import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { ADMIN_PASSWORD, createTestApp, USER_PASSWORD, type TestApp } from '../../testing/app.ts';
import { THROTTLE_POLICY } from './throttle.ts';

describeEachDatabase('sign-in, sessions and tokens on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('signs in, reports the session and signs out', async () => {
    const admin = await t.loginAdmin();
    const session = await t.call(admin, { method: 'GET', url: '/api/v1/auth/session' });
    expect(session.statusCode).toBe(200);
    expect(session.json().user.username).toBe('admin');
    expect(session.json().user.permissions).toContain('users:write');
    const out = await t.call(admin, { method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode).toBe(200);
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(401);
  });

  it('sets an httpOnly, SameSite cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'opsdesk_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
  });

  it('answers a wrong password and an unknown user the same way, and audits both', async () => {
    const before = await t.auditCount();
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'nope-nope-nope' }, remoteAddress: '10.0.0.1' });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ghost', password: 'nope-nope-nope' }, remoteAddress: '10.0.0.1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(await t.auditCount()).toBe(before + 2);
  });

  it('throttles failures per account and IP with a growing back-off that ends', async () => {
    const ip = '10.9.9.9';
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password }, remoteAddress: ip });
    for (let i = 0; i < THROTTLE_POLICY.account.threshold - 1; i++) expect((await attempt('wrong-password-1')).statusCode).toBe(401);
    expect((await attempt('wrong-password-1')).statusCode).toBe(401); // the threshold-th failure sets the block
    const blocked = await attempt(ADMIN_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('LOGIN_THROTTLED');
    const firstWait = blocked.json().error.details.retryAfterSeconds as number;
    expect(Number(blocked.headers['retry-after'])).toBe(firstWait);

    // Another IP is not blocked for this account.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD }, remoteAddress: '10.9.9.10' })).statusCode).toBe(200);

    t.clock.advance(firstWait * 1000 + 1);
    expect((await attempt('wrong-password-1')).statusCode).toBe(401);
    const again = await attempt(ADMIN_PASSWORD);
    expect(again.statusCode).toBe(429);
    expect(again.json().error.details.retryAfterSeconds).toBeGreaterThan(firstWait);

    // Not a permanent lock: after the window passes the right password works again.
    t.clock.advance(THROTTLE_POLICY.maxDelayMs + 1);
    expect((await attempt(ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('throttles an IP that sprays many accounts', async () => {
    const ip = '10.7.7.7';
    for (let i = 0; i < THROTTLE_POLICY.ip.threshold; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `spray${i}`, password: 'whatever-123' }, remoteAddress: ip });
    }
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD }, remoteAddress: ip });
    expect(res.statusCode).toBe(429);
    t.clock.advance(THROTTLE_POLICY.maxDelayMs + 1);
  });

  it('admits exactly the threshold of concurrent wrong-password sign-ins, per account and per IP', async () => {
    const attempt = (username: string, ip: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'wrong-password-1' }, remoteAddress: ip });
    const statuses = async (all: Promise<{ statusCode: number }>[]) => (await Promise.all(all)).map((r) => r.statusCode);

    // One account from one IP: the account threshold is admitted (and answered 401), every other attempt waits (429).
    const burst = await statuses(Array.from({ length: 3 * THROTTLE_POLICY.account.threshold }, () => attempt('admin', '10.8.8.8')));
    expect(burst.filter((s) => s === 401)).toHaveLength(THROTTLE_POLICY.account.threshold);
    expect(burst.filter((s) => s === 429)).toHaveLength(2 * THROTTLE_POLICY.account.threshold);

    // Many accounts from one IP: the IP threshold is admitted.
    const spray = await statuses(Array.from({ length: THROTTLE_POLICY.ip.threshold + 10 }, (_, i) => attempt(`burst${i}`, '10.8.8.9')));
    expect(spray.filter((s) => s === 401)).toHaveLength(THROTTLE_POLICY.ip.threshold);
    expect(spray.filter((s) => s === 429)).toHaveLength(10);
    t.clock.advance(THROTTLE_POLICY.maxDelayMs + 1);
  });

  it('a successful sign-in does not count against its IP', async () => {
    const ip = '10.6.6.6';
    for (let i = 0; i < THROTTLE_POLICY.ip.threshold + 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD }, remoteAddress: ip });
      expect(res.statusCode).toBe(200);
    }
    const row = await t.db.kysely.selectFrom('login_throttle').selectAll().where('key', '=', `ip:${ip}`).executeTakeFirst();
    expect(row?.failures ?? 0).toBe(0);
  });

  it('ends a session after the idle timeout, and after the absolute timeout even when busy', async () => {
    const admin = await t.loginAdmin();
    t.clock.advance(t.config.session.idleTimeoutMs - 60_000);
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(200);
    t.clock.advance(t.config.session.idleTimeoutMs + 1);
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(401);

    const busy = await t.loginAdmin();
    const step = t.config.session.idleTimeoutMs / 2;
    for (let elapsed = 0; elapsed < t.config.session.absoluteTimeoutMs - step; elapsed += step) {
      t.clock.advance(step);
      expect((await t.call(busy, { method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(200);
    }
    t.clock.advance(step + 1);
    expect((await t.call(busy, { method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const admin = await t.loginAdmin();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sites', headers: { cookie: admin.cookie }, payload: { code: 'csrf-1', name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_INVALID');
    const forged = await t.app.inject({ method: 'POST', url: '/api/v1/sites', headers: { cookie: admin.cookie, 'x-csrf-token': 'forged' }, payload: { code: 'csrf-1', name: 'x' } });
    expect(forged.statusCode).toBe(403);
  });

  it('enforces the password rules', async () => {
    const admin = await t.loginAdmin();
    const create = (password: string, username = `pw${Math.random().toString(36).slice(2, 8)}`) =>
      t.call(admin, { method: 'POST', url: '/api/v1/users', payload: { username, displayName: 'x', password, roleIds: ['engineer'], siteIds: null } });
    const short = await create('Ab1!');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('WEAK_PASSWORD');
    expect(short.json().error.details.reasons).toContain('too_short');
    expect((await create('password123')).json().error.details.reasons).toContain('common');
    expect((await create('qwertyuiop')).json().error.details.reasons).toContain('common');
    expect((await create('zhangwei-2026-x', 'zhangwei')).json().error.details.reasons).toContain('contains_username');
    expect((await create(USER_PASSWORD)).statusCode).toBe(200);
  });

  it('changes your own password, which needs the current one and ends your other sessions', async () => {
    const admin = await t.loginAdmin();
    const user = await t.userWith(admin, ['engineer']);
    const other = await t.login(user.username, USER_PASSWORD);
    const wrong = await t.call(user, { method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: 'not-it-at-all', newPassword: 'Another-Fine-Day-77' } });
    expect(wrong.statusCode).toBe(400);
    const ok = await t.call(user, { method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: USER_PASSWORD, newPassword: 'Another-Fine-Day-77' } });
    expect(ok.statusCode).toBe(200);
    expect((await t.call(user, { method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(200);
    expect((await t.call(other, { method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(401);
    await t.login(user.username, 'Another-Fine-Day-77');
  });

  it('authenticates API tokens: scoped, limited by the owner, revocable, expiring', async () => {
    const admin = await t.loginAdmin();
    const created = await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'script', permissions: ['sites:read'] } });
    expect(created.statusCode).toBe(200);
    const { secret, token } = created.json() as { secret: string; token: { id: string; prefix: string } };
    expect(secret.startsWith(token.prefix)).toBe(true);
    const bearer = { authorization: `Bearer ${secret}` };

    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sites', headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer })).statusCode).toBe(403);
    // No CSRF for bearer tokens, but the scope still applies.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/sites', headers: bearer, payload: { code: 'tok-1', name: 'x' } })).statusCode).toBe(403);

    // The database keeps only a hash of the secret.
    const row = await t.db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);

    const revoked = await t.call(admin, { method: 'DELETE', url: `/api/v1/tokens/${token.id}` });
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/sites', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('INVALID_TOKEN');

    const expiring = await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'short', permissions: ['sites:read'], expiresAt: new Date(t.clock.now() + 60_000).toISOString() } });
    const short = { authorization: `Bearer ${expiring.json().secret}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sites', headers: short })).statusCode).toBe(200);
    t.clock.advance(61_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sites', headers: short })).statusCode).toBe(401);
  });

  it('does not let a token hold more than its creator has', async () => {
    const admin = await t.loginAdmin();
    const client = await t.userWith(admin, ['client']);
    const res = await t.call(client, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'x', permissions: ['users:write'] } });
    expect(res.statusCode).toBe(403);
  });

  it('rejects malformed credentials with 401, not 500', async () => {
    for (const authorization of ['Bearer', 'Basic abc', 'Bearer odk_nope', 'Bearer not-a-token']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/sites', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sites', headers: { cookie: 'opsdesk_session=garbage' } })).statusCode).toBe(401);
  });
});
