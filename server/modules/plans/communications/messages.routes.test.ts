import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { planMessagesRouteSamples } from './messages.route-samples.ts';

/**
 * An incident plan's messages through the API, on both databases: templates filled with the incident's facts in zh
 * and en, the facts it lacks left visible and named; a send as edited to a person (the console) and to a webhook
 * (a real HTTP server on loopback receiving it when the deliverer runs), recorded with its delivery status, on the
 * timeline and in the audit log; who may read and send; bad input.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const START = Date.parse('2026-11-10T02:00:00Z');
const SECRET = '0123456789abcdef-hook';

/** A plan whose templates name every fact: the commander role, a fallback, an English text for one template only. */
function planDocument(key: string): Json {
  return {
    key,
    title: { zh: '南门闸机故障', en: 'South gate failure' },
    category: 'equipment',
    scope: { zh: '南门闸机' },
    impact: { zh: '南门无法刷票入园', en: 'visitors cannot enter through the south gate' },
    trigger: { alertRules: [], alertTypes: [], subsystems: ['ticketing'], deviceTypes: [], levels: [] },
    roles: [
      { key: 'commander', name: { zh: '应急负责人' } },
      { key: 'onsite-engineer', name: { zh: '现场工程师' } },
    ],
    steps: [
      { key: 'report', title: { zh: '上报' }, role: 'commander', expectedMinutes: 5, phase: 'response' },
      { key: 'repair', title: { zh: '维修' }, role: 'onsite-engineer', expectedMinutes: 30, phase: 'recovery' },
    ],
    fallbacks: [{ key: 'handheld', title: { zh: '手持机验票', en: 'Check tickets on handhelds' }, procedure: { zh: '手持机验票' }, records: [] }],
    communications: [
      {
        key: 'client-notice',
        audience: 'client',
        subject: { zh: '【{{level}}级】{{incidentTitle}}（{{incidentNumber}}）', en: '[Level {{level}}] {{incidentTitle}} ({{incidentNumber}})' },
        body: {
          zh: '{{site}}于{{startedAt}}发生故障（{{device}}，{{subsystem}}）。影响：{{impact}}。已启动《{{planTitle}}》，临时措施：{{workaround}}。预计恢复：{{expectedRecovery}}。负责人：{{commander}}，电话：{{hotline}}。（{{updatedAt}}）',
          en: 'Fault at {{site}} since {{startedAt}} ({{device}}, {{subsystem}}). Impact: {{impact}}. Plan "{{planTitle}}"; meanwhile: {{workaround}}. Recovery: {{expectedRecovery}}. Commander {{commander}}, line {{hotline}}. ({{updatedAt}})',
        },
      },
      { key: 'staff', audience: 'staff', subject: { zh: '【应急】{{incidentNumber}}' }, body: { zh: '请到岗，负责人 {{commander}}。' } },
    ],
    prevention: [],
  };
}

describeEachDatabase('plan messages API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let engineer: Caller & { username: string };
  let dispatcher: Caller & { username: string };
  let client: Caller & { username: string };
  let outsider: Caller & { username: string };
  let site: Json;
  let incident: Json;
  let consoleChannel: string;
  let hookChannel: string;
  let hook: http.Server;
  const received: { headers: http.IncomingHttpHeaders; body: Json }[] = [];

  beforeAll(async () => {
    hook = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const port = (hook.address() as AddressInfo).port;

    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(START);
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'south-gate', name: '景区南门', timezone: 'Asia/Shanghai' } })).json();
    const other = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'north-gate', name: '景区北门' } })).json();
    engineer = await t.userWith(admin, ['engineer']);
    dispatcher = await t.userWith(admin, ['dispatcher']);
    client = await t.userWith(admin, ['client'], [site.id]);
    outsider = await t.userWith(admin, ['engineer'], [other.id]);
    consoleChannel = await t.services.channels.ensureBuiltin();
    const created = await t.call(admin, { method: 'POST', url: '/api/v1/channels', payload: { name: '值班群机器人', kind: 'webhook', settings: { url: `http://127.0.0.1:${port}/hook`, secret: SECRET } } });
    expect(created.statusCode, created.body).toBe(200);
    hookChannel = created.json().id;
    // The dispatcher is on duty (a weekly rotation since the week before) and the roster has the 7×24 hotline.
    const roster = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/rosters',
      payload: { name: '运维值班', hotline: '0571-88886666', layers: [{ name: '值班', rotation: { kind: 'weekly', handover: '08:30', startDate: '2026-11-02', participants: [dispatcher.userId] } }] },
    });
    expect(roster.statusCode, roster.body).toBe(200);

    const device = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'GATE-S1', name: '南门闸机1', type: 'gate', subsystem: 'ticketing', siteId: site.id } });
    expect(device.statusCode, device.body).toBe(200);
    const plan = (await t.call(admin, { method: 'POST', url: '/api/v1/plans', payload: { document: planDocument('south-gate') } })).json();
    await t.call(admin, { method: 'POST', url: `/api/v1/plans/${plan.id}/publish`, payload: { version: 1 } });
    const opened = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { title: '南门闸机离线', siteId: site.id, deviceId: device.json().id, subsystem: 'ticketing', impact: 'high', urgency: 'high', assignee: { kind: 'user', userId: engineer.userId } },
    });
    expect(opened.statusCode, opened.body).toBe(200);
    incident = opened.json();
    const attached = await t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${incident.id}/plan`, payload: { planId: plan.id } });
    expect(attached.statusCode, attached.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => hook.close(resolve));
  });

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => t.call(caller, { method, url, ...(payload !== undefined && { payload }) });
  const communications = (caller: Caller = engineer) => call(caller, 'GET', `/api/v1/incidents/${incident.id}/plan/communications`);
  const send = (caller: Caller, payload: unknown, key = 'client-notice') => call(caller, 'POST', `/api/v1/incidents/${incident.id}/plan/communications/${key}/send`, payload);

  it('fills the templates with the incident’s facts in zh and en, leaving the ones it lacks visible and named', async () => {
    t.clock.set(START + 20 * 60_000);
    const res = await communications();
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ incidentId: incident.id, planKey: 'south-gate', planVersion: 1, planTitle: { zh: '南门闸机故障' } });
    const [client_, staff] = body.templates;
    const number = `INC-${String(incident.number).padStart(6, '0')}`;
    expect(client_.key).toBe('client-notice');
    expect(client_.audience).toBe('client');
    expect(client_.zh.subject).toBe(`【${incident.level}级】南门闸机离线（${number}）`);
    // Opened at 02:00Z, read at 02:20Z: 10:00 and 10:20 at the site (Asia/Shanghai). The commander role is not given yet.
    expect(client_.zh.body).toBe(
      '景区南门于2026-11-10 10:00发生故障（南门闸机1（GATE-S1），票务）。影响：南门无法刷票入园。已启动《南门闸机故障》，临时措施：手持机验票。预计恢复：{{expectedRecovery}}。负责人：{{commander}}，电话：0571-88886666。（2026-11-10 10:20）',
    );
    expect(client_.zh.missing).toEqual(['expectedRecovery', 'commander']);
    expect(client_.en.body).toContain('Fault at 景区南门 since 2026-11-10 10:00 (南门闸机1 (GATE-S1), Ticketing). Impact: visitors cannot enter through the south gate. Plan "South gate failure"; meanwhile: Check tickets on handhelds.');
    expect(staff.en).toBeNull();
    expect(body.channels.map((c: Json) => c.id).sort()).toEqual([consoleChannel, hookChannel].sort());
    expect(body.channels.find((c: Json) => c.id === hookChannel)).toMatchObject({ kind: 'webhook', addresses: 'none' });
    const people = Object.fromEntries(body.people.map((p: Json) => [p.userId, p]));
    expect(people[engineer.userId]).toMatchObject({ name: engineer.username, roles: ['assignee', 'onsite-engineer'], onDuty: false });
    expect(people[dispatcher.userId]).toMatchObject({ onDuty: true, roles: [] });

    // The checklist gives the commander role to the dispatcher: the fact is known from then on.
    const reassigned = await call(engineer, 'PATCH', `/api/v1/incidents/${incident.id}/plan/steps/report`, { action: 'reassign', version: 1, userId: dispatcher.userId });
    expect(reassigned.statusCode, reassigned.body).toBe(200);
    const after = (await communications()).json().templates[0];
    expect(after.zh.missing).toEqual(['expectedRecovery']);
    expect(after.zh.body).toContain(`负责人：${dispatcher.username}`);
  });

  it('sends the edited text through the outbox to a person and a webhook, records it, and shows it delivered once the worker ran', async () => {
    const subject = '【1级】南门闸机离线';
    const text = '南门闸机故障，已启用手持机验票。\n\n预计 12:00 恢复。';
    const res = await send(engineer, { language: 'zh', subject: `  ${subject} `, body: text, userIds: [engineer.userId], onDuty: true, channelIds: [consoleChannel, hookChannel] });
    expect(res.statusCode, res.body).toBe(200);
    const sent = res.json();
    expect(sent).toMatchObject({ incidentId: incident.id, templateKey: 'client-notice', audience: 'client', language: 'zh', subject, body: text, sentBy: { userId: engineer.userId } });
    expect(sent.recipients).toEqual({ userIds: [engineer.userId], onDuty: true, channelIds: [consoleChannel, hookChannel] });
    expect(sent.people.map((p: Json) => p.userId).sort()).toEqual([engineer.userId, dispatcher.userId].sort());
    // Nothing is sent while the request waits: one console row per person and one webhook post, all queued.
    expect(sent.receipts).toHaveLength(3);
    expect(sent.delivery).toMatchObject({ queued: 3, delivered: 0, sent: 0 });
    expect(received).toHaveLength(0);

    await t.services.notifyCore.deliverer.runOnce();
    expect(received).toHaveLength(1);
    const post = received[0]!;
    expect(post.body).toMatchObject({ kind: 'incident', locale: 'zh-CN', title: subject, lines: ['南门闸机故障，已启用手持机验票。', '预计 12:00 恢复。'], ackUrl: null });
    expect(post.body.url).toContain(`/incidents/${incident.id}`);
    expect(post.body.recipients.map((r: Json) => r.userId).sort()).toEqual([engineer.userId, dispatcher.userId].sort());
    // People are named by id and name only: no address leaves opsdesk this way.
    expect(JSON.stringify(post.body)).not.toContain('@');
    expect(post.headers['x-opsdesk-delivery']).toBe(post.body.id);

    const list = await call(client, 'GET', `/api/v1/incidents/${incident.id}/plan/messages`);
    expect(list.statusCode, list.body).toBe(200);
    const [message] = list.json().items;
    expect(message.id).toBe(sent.id);
    expect(message.delivery.queued).toBe(0);
    expect(message.delivery.delivered + message.delivery.sent).toBe(3);
    const webhook = message.receipts.find((r: Json) => r.channelId === hookChannel);
    expect(webhook).toMatchObject({ channelName: '值班群机器人', channelKind: 'webhook', userId: null, attempts: 1 });
    expect(['sent', 'delivered']).toContain(webhook.state);
    // The engineer's bell rings: the console row is their in-console notification.
    const inbox = (await call(engineer, 'GET', '/api/v1/me/notifications')).json().items as Json[];
    expect(inbox.some((n) => n.title === subject)).toBe(true);

    const timeline = (await call(engineer, 'GET', `/api/v1/incidents/${incident.id}`)).json().timeline as Json[];
    const line = timeline.find((e) => e.kind === 'plan_message_sent');
    expect(line).toBeDefined();
    expect(line!.details).toMatchObject({ messageId: sent.id, template: 'client-notice', audience: 'client', language: 'zh', summary: subject, people: 2 });
    const audited = await t.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', incident.id).where('action', '=', 'incident.plan_message').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.after).not.toContain('南门闸机故障，已启用');
  });

  it('sends in English to a group channel alone, and masks the addresses people were reached at', async () => {
    await t.call(engineer, { method: 'PUT', url: `/api/v1/users/${engineer.userId}/notify-profile`, payload: { contacts: [{ kind: 'email', value: 'zhang.engineer@campus.example' }] } });
    const mail = await t.call(admin, { method: 'POST', url: '/api/v1/channels', payload: { name: '邮件', kind: 'email', settings: { host: '127.0.0.1', port: 1, from: 'noc@campus.example' } } });
    expect(mail.statusCode, mail.body).toBe(200);
    const before = received.length;
    const group = await send(admin, { language: 'en', subject: 'South gate down', body: 'Use the north gate.', channelIds: [hookChannel] });
    expect(group.statusCode, group.body).toBe(200);
    expect(group.json()).toMatchObject({ language: 'en', people: [], receipts: [expect.objectContaining({ channelKind: 'webhook' })] });
    const mailed = await send(admin, { language: 'zh', subject: '请到岗', body: '请到岗。', userIds: [engineer.userId], channelIds: [mail.json().id] }, 'staff');
    expect(mailed.statusCode, mailed.body).toBe(200);
    expect(mailed.body).not.toContain('zhang.engineer@campus.example');
    expect(mailed.json().receipts[0].email).toMatch(/\*/);
    await t.services.notifyCore.deliverer.runOnce();
    expect(received.slice(before).map((r) => r.body)).toEqual([expect.objectContaining({ locale: 'en', title: 'South gate down', lines: ['Use the north gate.'] })]);
    const list = (await call(engineer, 'GET', `/api/v1/incidents/${incident.id}/plan/messages`)).json().items as Json[];
    expect(list.map((m) => m.templateKey)).toEqual(['staff', 'client-notice', 'client-notice']);
    expect(JSON.stringify(list)).not.toContain('zhang.engineer@campus.example');
  });

  it('writes exactly one audit record per send, as the route catalogue’s sample shows', async () => {
    const sample = await planMessagesRouteSamples(t, () => t.loginAdmin())['POST /api/v1/incidents/:id/plan/communications/:key/send']!();
    const before = await t.auditCount();
    const res = await t.call(sample.caller, { method: sample.method, url: sample.url, payload: sample.payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(await t.auditCount()).toBe(before + 1);
  });

  it('lets incidents:read see and only incidents:write send; other sites’ incidents are not found', async () => {
    const payload = { language: 'zh', subject: '主题', body: '正文', channelIds: [hookChannel] };
    expect((await communications(client)).statusCode).toBe(200);
    const refused = await send(client, payload);
    expect(refused.statusCode).toBe(403);
    expect((await communications(outsider)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/v1/incidents/${incident.id}/plan/messages`)).statusCode).toBe(404);
    expect((await send(outsider, payload)).statusCode).toBe(404);
    expect((await t.call(null, { method: 'GET', url: `/api/v1/incidents/${incident.id}/plan/communications` })).statusCode).toBe(401);
  });

  it('refuses bad input with 400 naming the field, unknown templates and plans with 404, and sends nothing', async () => {
    const count = async () => (await call(engineer, 'GET', `/api/v1/incidents/${incident.id}/plan/messages`)).json().items.length as number;
    const before = await count();
    const good = { language: 'zh', subject: '主题', body: '正文', userIds: [engineer.userId], channelIds: [consoleChannel] };
    const fields = async (payload: Json): Promise<string[]> => {
      const res = await send(engineer, payload);
      expect(res.statusCode, `${JSON.stringify(payload).slice(0, 200)} → ${res.body}`).toBe(400);
      // Schema refusals name body fields under body., the service's own checks by the field alone (as elsewhere).
      return (res.json().error.details as Json[]).map((d) => `${String(d.field).replace(/^body\./, '')}:${d.code}`);
    };
    expect(await fields({ ...good, subject: 'x'.repeat(201) })).toEqual(['subject:maxLength']);
    expect(await fields({ ...good, body: 'x'.repeat(4001) })).toEqual(['body:maxLength']);
    expect((await fields({ ...good, body: '正文\u0000' })).join()).toContain('body');
    expect(await fields({ ...good, subject: '   ' })).toEqual(['subject:required']);
    expect((await fields({ ...good, language: 'fr' })).join()).toContain('language');
    expect((await fields({ ...good, userIds: Array.from({ length: 101 }, (_, i) => `u${i}`) })).join()).toContain('userIds:maxItems');
    expect(await fields({ ...good, userIds: ['ghost'] })).toEqual(['userIds.0:unknownUser']);
    expect(await fields({ ...good, channelIds: ['ghost'] })).toEqual(['channelIds.0:unknownChannel']);
    expect((await fields({ ...good, channelIds: [] })).join()).toContain('channelIds:minItems');
    // A person channel and nobody to reach on it.
    expect(await fields({ ...good, userIds: [] })).toEqual(['userIds:required']);
    expect((await send(engineer, good, 'no-such-template')).statusCode).toBe(404);
    expect((await send(engineer, good, 'Bad Key')).statusCode).toBe(400);
    expect(await count()).toBe(before);

    const bare = (await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '无预案', siteId: site.id, impact: 'low', urgency: 'low' } })).json();
    expect((await call(engineer, 'GET', `/api/v1/incidents/${bare.id}/plan/communications`)).statusCode).toBe(404);
    expect((await call(engineer, 'POST', `/api/v1/incidents/${bare.id}/plan/communications/staff/send`, good)).statusCode).toBe(404);
    expect((await call(engineer, 'GET', `/api/v1/incidents/${bare.id}/plan/messages`)).json()).toEqual({ items: [] });
  });

  it('sends nothing more once the incident is closed, and still shows what was sent', async () => {
    const move = (caller: Caller, body: Json) => call(caller, 'POST', `/api/v1/incidents/${incident.id}/transitions`, body);
    for (const body of [{ kind: 'acknowledge' }, { kind: 'start_work' }, { kind: 'resolve', fix: '更换读卡模块', causeCategory: 'hardware' }]) {
      const res = await move(engineer, body);
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await move(admin, { kind: 'confirm' })).statusCode).toBe(200);
    expect((await move(engineer, { kind: 'close' })).statusCode).toBe(200);
    const late = await send(engineer, { language: 'zh', subject: '主题', body: '正文', channelIds: [hookChannel] });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('INCIDENT_CLOSED');
    expect((await call(engineer, 'GET', `/api/v1/incidents/${incident.id}/plan/messages`)).json().items.length).toBeGreaterThan(0);
  });
});
