import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

describeEachDatabase('users, masking and site scope on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  async function createUser(extra: Record<string, unknown> = {}) {
    const username = `m${Math.random().toString(36).slice(2, 9)}`;
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { username, displayName: '王五', email: 'wang.wu@example.edu.cn', phone: '13912345678', password: USER_PASSWORD, roleIds: ['engineer'], siteIds: null, ...extra },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; username: string; phone: string; email: string };
  }

  it('masks personal fields in responses and in the audit record', async () => {
    const user = await createUser();
    expect(user.phone).toBe('139****5678');
    expect(user.email).toBe('w***@example.edu.cn');
    const listed = (await t.call(admin, { method: 'GET', url: `/api/v1/users?q=${user.username}` })).json();
    expect(listed.items[0].phone).toBe('139****5678');
    const audit = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${user.id}&action=user.create` })).json();
    expect(JSON.stringify(audit.items[0].after)).not.toContain('13912345678');
  });

  it('unmasks for a holder of personal:unmask with a reason, and audits it', async () => {
    const user = await createUser();
    const before = await t.auditCount();
    const res = await t.call(admin, { method: 'GET', url: `/api/v1/users/${user.id}`, headers: { 'x-opsdesk-unmask-reason': encodeURIComponent('回访报修人') } });
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBe('13912345678');
    expect(await t.auditCount()).toBe(before + 1);
    const record = (await t.call(admin, { method: 'GET', url: '/api/v1/audit?action=personal.unmask&limit=1' })).json().items[0];
    expect(record).toMatchObject({ targetId: user.id, reason: '回访报修人', actorName: 'admin' });
  });

  it('refuses unmasking without the permission or without a reason', async () => {
    const user = await createUser();
    const dispatcher = await t.userWith(admin, ['dispatcher']);
    const denied = await t.call(dispatcher, { method: 'GET', url: `/api/v1/users/${user.id}`, headers: { 'x-opsdesk-unmask-reason': 'curious' } });
    expect(denied.statusCode).toBe(403);
    const noReason = await t.call(admin, { method: 'GET', url: `/api/v1/users/${user.id}`, headers: { 'x-opsdesk-unmask-reason': ' ' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('UNMASK_REASON_INVALID');
  });

  it('searches only what the caller sees: a masked e-mail cannot be rebuilt one character at a time', async () => {
    const target = await createUser({ displayName: '刘洋', email: 'qzlxv.target@example.cn', phone: '13722223333' });
    const dispatcher = await t.userWith(admin, ['dispatcher']);
    const found = async (caller: Caller, q: string, headers: Record<string, string> = {}) => {
      const res = await t.call(caller, { method: 'GET', url: `/api/v1/users?q=${encodeURIComponent(q)}&limit=200`, headers });
      expect(res.statusCode).toBe(200);
      return (res.json().items as { id: string }[]).some((u) => u.id === target.id);
    };
    // The attack: grow the hidden part of the address leftwards from the visible domain, keeping each character that matches.
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789._-';
    let recovered = '';
    for (let grown = true; grown; ) {
      grown = false;
      for (const c of alphabet) {
        if (await found(dispatcher, `${c}${recovered}@example.cn`)) {
          recovered = c + recovered;
          grown = true;
          break;
        }
      }
    }
    expect(recovered).toBe('');
    expect(await found(dispatcher, '13722223333')).toBe(false);
    // What the caller sees still finds the user.
    expect(await found(dispatcher, target.username)).toBe(true);
    expect(await found(dispatcher, '刘洋')).toBe(true);
    // Unmasking with a reason (permission + audit) searches the contacts too.
    const reason = { 'x-opsdesk-unmask-reason': encodeURIComponent('核对报修人邮箱') };
    expect(await found(admin, 'qzlxv.target@', reason)).toBe(true);
    expect(await found(admin, '13722223333', reason)).toBe(true);
    expect(await found(admin, 'qzlxv.target@')).toBe(false);
  });

  it('exports users as CSV, masked unless asked and allowed, always audited with the reason', async () => {
    await createUser();
    const masked = await t.call(admin, { method: 'POST', url: '/api/v1/users/export', payload: { reason: 'quarterly access review' } });
    expect(masked.statusCode).toBe(200);
    expect(masked.headers['content-type']).toContain('text/csv');
    expect(masked.body).toContain('139****5678');
    const whole = await t.call(admin, { method: 'POST', url: '/api/v1/users/export', payload: { reason: 'handover to the card centre', unmasked: true } });
    expect(whole.body).toContain('13912345678');
    const records = (await t.call(admin, { method: 'GET', url: '/api/v1/audit?action=personal.export&limit=2' })).json().items;
    expect(records.map((r: { reason: string }) => r.reason)).toEqual(['handover to the card centre', 'quarterly access review']);
    const security = await t.userWith(admin, ['security']);
    expect((await t.call(security, { method: 'POST', url: '/api/v1/users/export', payload: { reason: 'x-check' } })).statusCode).toBe(403);
  });

  it('refuses a taken username (any case) and unknown roles or sites', async () => {
    const user = await createUser();
    const dup = await t.call(admin, { method: 'POST', url: '/api/v1/users', payload: { username: user.username.toUpperCase(), displayName: 'x', password: USER_PASSWORD, roleIds: [], siteIds: null } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('USERNAME_TAKEN');
    const role = await t.call(admin, { method: 'POST', url: '/api/v1/users', payload: { username: 'ghostrole', displayName: 'x', password: USER_PASSWORD, roleIds: ['wizard'], siteIds: null } });
    expect(role.statusCode).toBe(400);
    expect(role.json().error.details[0].field).toBe('roleIds');
    const site = await t.call(admin, { method: 'POST', url: '/api/v1/users', payload: { username: 'ghostsite', displayName: 'x', password: USER_PASSWORD, roleIds: [], siteIds: ['nowhere'] } });
    expect(site.statusCode).toBe(400);
  });

  it('disabling a user ends their sessions and stops sign-in; nobody can disable themselves', async () => {
    const user = await createUser();
    const session = await t.login(user.username, USER_PASSWORD);
    const res = await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { status: 'disabled' } });
    expect(res.json().status).toBe('disabled');
    expect((await t.call(session, { method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(401);
    await expect(t.login(user.username, USER_PASSWORD)).rejects.toThrow(/401/);
    const self = await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${admin.userId}`, payload: { status: 'disabled' } });
    expect(self.statusCode).toBe(409);
  });

  it('role changes apply to the next request', async () => {
    const user = await createUser();
    const session = await t.login(user.username, USER_PASSWORD);
    expect((await t.call(session, { method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(403);
    await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { roleIds: ['auditor'] } });
    expect((await t.call(session, { method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(200);
  });

  it('pages through users with a cursor', async () => {
    for (let i = 0; i < 5; i++) await createUser();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { username: string }[]; nextCursor: string | null } = (
        await t.call(admin, { method: 'GET', url: `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}` })
      ).json();
      seen.push(...page.items.map((u) => u.username));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
  });

  it('a user limited to some sites sees only those', async () => {
    const site = async (code: string) => (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code, name: code } })).json() as { id: string };
    const north = await site('north-canteen');
    const south = await site('south-gate');
    const scoped = await t.userWith(admin, ['engineer'], [north.id]);
    const listed = (await t.call(scoped, { method: 'GET', url: '/api/v1/sites' })).json();
    expect(listed.items.map((s: { id: string }) => s.id)).toEqual([north.id]);
    expect((await t.call(scoped, { method: 'GET', url: `/api/v1/sites/${south.id}` })).statusCode).toBe(404);
    expect((await t.call(scoped, { method: 'GET', url: `/api/v1/sites/${north.id}` })).statusCode).toBe(200);
    const everything = (await t.call(admin, { method: 'GET', url: '/api/v1/sites' })).json();
    expect(everything.items.length).toBeGreaterThanOrEqual(2);
    const session = (await t.call(scoped, { method: 'GET', url: '/api/v1/auth/session' })).json();
    expect(session.user.siteIds).toEqual([north.id]);
  });

  it('refuses an unknown time zone for a site', async () => {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'tz-bad', name: 'x', timezone: 'Mars/Olympus' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('timezone');
  });
});
