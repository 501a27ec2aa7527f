import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

/** Channels and people through the API: checked settings, secrets that never come back, who may change what. */
describeEachDatabase('notify API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let engineer: Caller & { username: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    await t.services.channels.ensureBuiltin();
    engineer = await t.userWith(admin, ['engineer']);
  });
  afterAll(async () => t.close());

  const count = async () => Number((await t.db.kysely.selectFrom('notify_channels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses bad settings naming each field, and saves nothing', async () => {
    const before = await count();
    const cases: [unknown, string[]][] = [
      [{ name: 'a', kind: 'webhook', settings: { url: 'ftp://example.com/hook', secret: 'short' } }, ['settings.url', 'settings.secret']],
      [{ name: 'b', kind: 'webhook', settings: { url: 'https://example.com/hook' } }, ['settings.secret']],
      [{ name: 'c', kind: 'dingtalk', settings: { webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=x', accessToken: 'x' } }, ['settings.webhookUrl']],
      [{ name: 'd', kind: 'email', settings: { host: 'smtp.example.com', port: 70000, from: 'not-an-address' } }, ['settings.port']],
      [{ name: 'e', kind: 'pager', settings: {} }, ['kind']],
    ];
    for (const [payload, fields] of cases) {
      const res = await t.call(admin, { method: 'POST', url: '/api/v1/channels', payload });
      expect(res.statusCode, res.body).toBe(400);
      const named = (res.json().error.details as { field: string }[]).map((d) => d.field);
      for (const field of fields) expect(named, JSON.stringify(payload)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('never returns a secret, keeps it when an edit leaves it out, and seals it at rest', async () => {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/channels', payload: { name: '值班群', kind: 'dingtalk', settings: { accessToken: 'tok-SECRET-1', secret: 'SEC-SECRET-2' } } });
    expect(res.statusCode, res.body).toBe(200);
    const created = res.json();
    expect(res.body).not.toContain('SECRET');
    expect(created.secretsSet.sort()).toEqual(['accessToken', 'secret']);
    const edited = await t.call(admin, { method: 'PATCH', url: `/api/v1/channels/${created.id}`, payload: { settings: { webhookUrl: 'https://oapi.dingtalk.com/robot/send' } } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().secretsSet.sort()).toEqual(['accessToken', 'secret']);
    const row = await t.db.kysely.selectFrom('notify_channels').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(`${row.settings}${row.secrets}`).not.toContain('SECRET');
    const list = await t.call(admin, { method: 'GET', url: '/api/v1/channels' });
    expect(list.body).not.toContain('SECRET');
    // A duplicate name is refused by field.
    const twice = await t.call(admin, { method: 'POST', url: '/api/v1/channels', payload: { name: '值班群', kind: 'webhook', settings: { url: 'https://example.com/h', secret: '0123456789abcdef' } } });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details[0]).toMatchObject({ field: 'name', code: 'nameTaken' });
  });

  it('keeps the in-console channel, and a channel an escalation policy uses', async () => {
    const channels = (await t.call(admin, { method: 'GET', url: '/api/v1/channels' })).json().items as { id: string; kind: string }[];
    const consoleId = channels.find((c) => c.kind === 'console')!.id;
    expect((await t.call(admin, { method: 'DELETE', url: `/api/v1/channels/${consoleId}` })).statusCode).toBe(409);
    const hook = (await t.call(admin, { method: 'POST', url: '/api/v1/channels', payload: { name: 'hook', kind: 'webhook', settings: { url: 'https://example.com/h', secret: '0123456789abcdef' } } })).json();
    const policy = await t.call(admin, { method: 'POST', url: '/api/v1/escalation-policies', payload: { name: 'p', levels: [1], steps: [{ targets: [{ kind: 'user', userId: admin.userId }], channelIds: [hook.id], waitMinutes: 5 }] } });
    expect(policy.statusCode, policy.body).toBe(200);
    const refused = await t.call(admin, { method: 'DELETE', url: `/api/v1/channels/${hook.id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CHANNEL_IN_USE');
  });

  it('lets an engineer read their own profile and change it, not someone else’s, and not mark a number verified', async () => {
    expect((await t.call(engineer, { method: 'GET', url: '/api/v1/channels' })).statusCode).toBe(403); // no notify:read
    const mine = `/api/v1/users/${engineer.userId}/notify-profile`;
    const put = await t.call(engineer, { method: 'PUT', url: mine, payload: { contacts: [{ kind: 'phone', value: '13800138000', verified: true }, { kind: 'dingtalk', value: 'ding-zhang' }] } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().contacts.map((c: { verified: boolean }) => c.verified)).toEqual([false, false]);
    // Masked as users' contacts are, for the owner too unless unmasked with a reason.
    expect(put.json().contacts[0].phone).not.toBe('13800138000');
    expect(put.json().contacts[0].phone).toMatch(/^138\*+8000$/);
    expect((await t.call(engineer, { method: 'PUT', url: `/api/v1/users/${admin.userId}/notify-profile`, payload: { contacts: [] } })).statusCode).toBe(403);
    const verified = await t.call(admin, { method: 'PUT', url: mine, payload: { contacts: [{ kind: 'phone', value: '13800138000', verified: true }, { kind: 'dingtalk', value: 'ding-zhang' }] } });
    expect(verified.json().contacts[0].verified).toBe(true);
    // The console sends kept methods back by id (it only ever sees them masked): kept as they are, mark included.
    const [phone, ding] = verified.json().contacts as { id: string }[];
    const kept = await t.call(engineer, { method: 'PUT', url: mine, payload: { contacts: [{ id: phone!.id }, { kind: 'email', value: 'zhang@campus.example' }] } });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().contacts.map((c: { kind: string; verified: boolean }) => `${c.kind}:${c.verified}`)).toEqual(['phone:true', 'email:false']);
    const stored = await t.db.kysely.selectFrom('contact_methods').select('value').where('user_id', '=', engineer.userId).orderBy('created_at').execute();
    expect(stored.map((r) => r.value).sort()).toEqual(['13800138000', 'zhang@campus.example']);
    const unknown = await t.call(engineer, { method: 'PUT', url: mine, payload: { contacts: [{ id: ding!.id }, { id: 'nope' }, { kind: 'phone' }] } });
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json().error.details as { field: string; code: string }[]).map((d) => `${d.field}:${d.code}`)).toEqual(['contacts.0.id:unknownContact', 'contacts.1.id:unknownContact', 'contacts.2.value:required']);
    // The audit record names what changed, not the number.
    const record = await t.db.kysely.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'notify_profile.update').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(`${record.before}${record.after}`).not.toContain('13800138000');
    const bad = await t.call(engineer, { method: 'PUT', url: mine, payload: { contacts: [{ kind: 'phone', value: 'call me' }, { kind: 'email', value: 'x@y' }], preferences: { levels: { '1': { email: true, sms: true, chat: true }, '2': { email: true, sms: true, chat: true }, '3': { email: true, sms: true, chat: true } }, quietHours: { from: '22:00', to: '07:00', zone: 'Mars/Olympus' } } } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json().error.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['contacts.0.value', 'contacts.1.value', 'preferences.quietHours.zone']);
  });

  it('shows everyone their own in-console notifications and unread count, and marks them read', async () => {
    const unread = await t.call(engineer, { method: 'GET', url: '/api/v1/me/notifications/unread' });
    expect(unread.json()).toEqual({ unread: 0 });
    const read = await t.call(engineer, { method: 'POST', url: '/api/v1/me/notifications/read', payload: { all: true } });
    expect(read.json()).toEqual({ unread: 0 });
    // Receipts of others stay out of sight without notify:read.
    const list = await t.call(engineer, { method: 'GET', url: `/api/v1/notifications?userId=${admin.userId}` });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([]);
  });
});
