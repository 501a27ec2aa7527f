import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ModuleContext } from '../../../module.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { systemContext } from '../../auth/index.ts';
import { createNotifyOutbox } from '../../notify/index.ts';
import { smtpSink } from '../../oncall/testing/receivers.ts';
import type { IncidentsTable } from '../incidents.tables.ts';
import type { TimelineEntry } from '../workflow/apply.ts';
import { createIncidentNotifier, type IncidentNotifier } from './notices.ts';

/**
 * Incident notices through the paging channels on a real database: an update to the client reaches the reporter's
 * address and the client's people by e-mail (and the console), an SLA warning the assignee, a breach the first step
 * of the matching escalation policy (or the dispatchers when none matches); a disabled channel gets nothing, the same
 * notice twice is one, and a real SMTP server receives the update in Chinese.
 */
const MONDAY_10 = Date.parse('2026-11-02T02:00:00Z'); // 10:00 in Shanghai
const MIN = 60_000;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies and stored messages, read as the console reads them
type Json = Record<string, any>;
interface Row {
  id: string;
  kind: string;
  channel_id: string;
  channel_kind: string;
  user_id: string | null;
  address: string | null;
  state: string;
  group_key: string | null;
  site_id: string | null;
  message: string;
}

describeEachDatabase('incident notices on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let ctx: ModuleContext;
  let notifier: IncidentNotifier;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let site: Json;
  let otherSite: Json;
  let channels: { console: string; email: string; disabledEmail: string };
  let client: Caller & { username: string };
  let otherClient: Caller & { username: string };
  let engineer: Caller & { username: string };
  let dispatcher: Caller & { username: string };
  let lead: Caller & { username: string };

  const ok = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, caller: Caller = admin) => {
    const res = await t.call(caller, { method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json() as Json;
  };

  /** A user with an e-mail address on the record, signed in. */
  async function person(roleIds: string[], siteIds: string[] | null, email: string) {
    const made = await t.userWith(admin, roleIds, siteIds);
    await ok('PATCH', `/api/v1/users/${made.userId}`, { email });
    return made;
  }

  const incidentRow = (id: string) => t.db.kysely.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Promise<IncidentsTable>;
  const rowsOf = async (incidentId: string): Promise<Row[]> =>
    (await t.db.kysely.selectFrom('notifications').selectAll().where('group_key', '=', `incident:${incidentId}`).orderBy('created_at').orderBy('id').execute()) as Row[];
  const who = (rows: Row[]) =>
    rows
      .map((r) => `${r.channel_kind}:${r.user_id === client.userId ? 'client' : r.user_id === engineer.userId ? 'engineer' : r.user_id === lead.userId ? 'lead' : r.user_id === dispatcher.userId ? 'dispatcher' : r.user_id === null ? r.address : r.user_id === admin.userId ? 'admin' : r.user_id}`)
      .sort();

  /** The incident's latest timeline line as the workflow made it (what the service hands the notifier). */
  async function lastEntry(incidentId: string): Promise<TimelineEntry> {
    const r = await t.db.kysely.selectFrom('incident_timeline').selectAll().where('incident_id', '=', incidentId).orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    return {
      at: r.at,
      kind: r.kind as TimelineEntry['kind'],
      actor: { kind: r.actor_kind, userId: r.actor_id, username: r.actor_name },
      from: r.from_state,
      to: r.to_state,
      details: JSON.parse(r.details) as Record<string, unknown>,
      clocks: JSON.parse(r.clocks) as TimelineEntry['clocks'],
      levelChange: null,
    };
  }

  /** As the incident service will: the notifier inside a transaction (read everything else before it: SQLite has one writer). */
  const inTransaction = (work: (trx: Parameters<IncidentNotifier['onSla']>[0]) => Promise<void>) => t.db.kysely.transaction().execute(work);
  /** The incident's latest move handed to the notifier, as the service will after writing it. */
  async function tellLatestMove(id: string): Promise<void> {
    const [incident, entry] = [await incidentRow(id), await lastEntry(id)];
    await inTransaction((trx) => notifier.onTransition(trx, incident, entry, t.clock.now()));
  }
  async function tellSla(id: string, clock: 'respond' | 'on_site' | 'resolve', notice: 'warning' | 'breach', dueAt: number): Promise<void> {
    const incident = await incidentRow(id);
    await inTransaction((trx) => notifier.onSla(trx, incident, clock, notice, dueAt, t.clock.now()));
  }

  async function open(title: string, extra: Json = {}): Promise<string> {
    return (await ok('POST', '/api/v1/incidents', { title, siteId: site.id, impact: 'high', urgency: 'high', ...extra })).id as string;
  }

  beforeAll(async () => {
    smtp = await smtpSink();
    t = await createTestApp(dialect, { OPSDESK_PUBLIC_URL: 'https://ops.example.edu/', OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(MONDAY_10);
    admin = await t.loginAdmin();
    await t.services.channels.ensureBuiltin();
    ctx = { db: t.db, clock: t.clock, config: t.config, audit: t.services.audit, signer: t.signer, events: t.services.events };
    notifier = createIncidentNotifier(ctx);
    site = await ok('POST', '/api/v1/sites', { code: 'canteen-2', name: '二食堂' });
    otherSite = await ok('POST', '/api/v1/sites', { code: 'library', name: '图书馆' });
    const list = (await ok('GET', '/api/v1/channels')).items as { id: string; kind: string }[];
    const email = await ok('POST', '/api/v1/channels', { name: 'SMTP', kind: 'email', settings: { host: '127.0.0.1', port: smtp.port, from: 'opsdesk@campus.example' } });
    const disabled = await ok('POST', '/api/v1/channels', { name: '旧邮件服务器', kind: 'email', enabled: false, settings: { host: '127.0.0.1', port: smtp.port, from: 'old@campus.example' } });
    channels = { console: list.find((c) => c.kind === 'console')!.id, email: email.id as string, disabledEmail: disabled.id as string };
    client = await person(['client'], [site.id], 'client@school.example');
    otherClient = await person(['client'], [otherSite.id], 'other-client@school.example');
    engineer = await person(['engineer'], null, 'zhang@campus.example');
    dispatcher = await person(['dispatcher'], [site.id], 'dispatch@campus.example');
    lead = await person(['engineer'], null, 'lead@campus.example');
    // Level 1 on this site pages the lead first; nothing covers level 3.
    await ok('POST', '/api/v1/escalation-policies', {
      name: '一级工单',
      levels: [1],
      siteIds: [site.id],
      steps: [
        { targets: [{ kind: 'user', userId: lead.userId }], channelIds: [channels.email, channels.console], waitMinutes: 10 },
        { targets: [{ kind: 'user', userId: dispatcher.userId }], channelIds: [channels.console], waitMinutes: 10 },
      ],
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends an update to the reporter’s address and the client’s people by e-mail (and the console), once, nothing on a disabled channel', async () => {
    const id = await open('二食堂 POS 全部离线', { reporterName: '王老师', reporterEmail: 'Wang.Teacher@School.example' });
    await ok('POST', `/api/v1/incidents/${id}/transitions`, { kind: 'communicate', message: '工程师已到场，预计 30 分钟内恢复。\n请暂用现金。' });
    const incident = await incidentRow(id);
    const entry = await lastEntry(id);
    expect(entry.kind).toBe('communicate');
    await inTransaction((trx) => notifier.onTransition(trx, incident, entry, t.clock.now()));

    const rows = await rowsOf(id);
    // The client of this site by e-mail and in the console, the reporter by e-mail; not the other site's client,
    // not the engineers, nothing on the disabled channel.
    expect(who(rows)).toEqual(['console:client', 'email:client', 'email:wang.teacher@school.example']);
    expect(rows.every((r) => r.kind === 'incident' && r.state !== 'skipped' && r.site_id === site.id)).toBe(true);
    expect(rows.some((r) => r.channel_id === channels.disabledEmail || r.user_id === otherClient.userId)).toBe(false);
    const mail = JSON.parse(rows.find((r) => r.address === 'wang.teacher@school.example')!.message) as Json;
    expect(mail).toMatchObject({ kind: 'incident', locale: 'zh-CN', ackUrl: null, url: `https://ops.example.edu/incidents/${id}` });
    expect(mail.title).toMatch(/^【进展】INC-\d{6} 二食堂 POS 全部离线$/);
    expect(mail.lines).toEqual(['处理进展：', '工程师已到场，预计 30 分钟内恢复。', '请暂用现金。', '站点：二食堂', '级别：一级']);

    // The same move handed over again (a retried transaction) adds nothing.
    await inTransaction((trx) => notifier.onTransition(trx, incident, entry, t.clock.now()));
    expect(await rowsOf(id)).toHaveLength(3);
    // Other moves are not the client's business.
    await ok('POST', `/api/v1/incidents/${id}/transitions`, { kind: 'assign', assignee: { kind: 'user', userId: engineer.userId } });
    await tellLatestMove(id);
    expect(await rowsOf(id)).toHaveLength(3);
  });

  it('answers a request by e-mail with its number, to the sender alone and by e-mail only, once', async () => {
    const mailIntake = systemContext('opsdesk-mail');
    const input = { title: '三食堂 POS 无法刷卡', description: '刷卡无反应', siteId: site.id, impact: 'medium', urgency: 'medium', source: 'email', sourceRef: '<req-ack@school.example>', reporterEmail: 'li.teacher@school.example' } as const;
    const opened = await t.services.incidents.open(mailIntake, input);
    const rows = await rowsOf(opened.id);
    expect(who(rows)).toEqual(['email:li.teacher@school.example']);
    const mail = JSON.parse(rows[0]!.message) as Json;
    expect(mail.title).toBe(`【已受理】${opened.ref} 三食堂 POS 无法刷卡`);
    expect(mail.lines[0]).toBe(`我们已收到您的报修，编号 ${opened.ref}。补充情况或照片请直接回复本邮件，并保留主题中的编号。`);
    // A request filed in the console is answered there: no mail for it.
    const form = await open('四食堂 POS 无法刷卡', { reporterEmail: 'li.teacher@school.example' });
    expect(await rowsOf(form)).toEqual([]);
  });

  it('tells the client the incident is resolved, with the fix, and asks for confirmation', async () => {
    const id = await open('充值机不出卡', { assignee: { kind: 'user', userId: engineer.userId } });
    for (const body of [{ kind: 'acknowledge' }, { kind: 'start_work' }, { kind: 'resolve', fix: '更换读卡模块', causeCategory: 'hardware' }]) {
      await ok('POST', `/api/v1/incidents/${id}/transitions`, body, engineer);
    }
    await tellLatestMove(id);
    const rows = await rowsOf(id);
    expect(who(rows)).toEqual(['console:client', 'email:client']);
    const message = JSON.parse(rows[0]!.message) as Json;
    expect(message.title).toMatch(/^【已解决】INC-\d{6} 充值机不出卡$/);
    expect(message.lines.slice(0, 2)).toEqual(['故障已处理完毕，请确认。', '处理措施：更换读卡模块']);
  });

  it('warns the assignee (a person, or each member of a team) on the channels that reach them', async () => {
    const id = await open('门禁读头故障', { assignee: { kind: 'user', userId: engineer.userId } });
    const dueAt = t.clock.now() + 7 * MIN;
    await tellSla(id, 'respond', 'warning', dueAt);
    const rows = await rowsOf(id);
    expect(who(rows)).toEqual(['console:engineer', 'email:engineer']);
    const message = JSON.parse(rows.find((r) => r.channel_kind === 'email')!.message) as Json;
    expect(message.title).toMatch(/^【一级】INC-\d{6} 门禁读头故障 · 响应时限将到$/);
    expect(message.lines[0]).toBe('响应时限将到：剩余 7 分钟，截止 10:07');
    // The same warning again (a sweep replayed) is one.
    await tellSla(id, 'respond', 'warning', dueAt);
    expect(await rowsOf(id)).toHaveLength(2);

    const team = await ok('POST', '/api/v1/teams', { name: '一线班组', memberIds: [engineer.userId, lead.userId] });
    const teamIncident = await open('圈存机故障', { assignee: { kind: 'team', teamId: team.id } });
    await tellSla(teamIncident, 'on_site', 'warning', t.clock.now() + 90 * MIN);
    const teamRows = await rowsOf(teamIncident);
    expect(who(teamRows)).toEqual(['console:engineer', 'console:lead', 'email:engineer', 'email:lead']);
    expect((JSON.parse(teamRows[0]!.message) as Json).lines[0]).toBe('到场时限将到：剩余 1 小时 30 分钟，截止 11:30');
  });

  it('pages the first step of the matching escalation policy on a breach; without one, the assignee and the site’s dispatchers', async () => {
    const id = await open('消费系统中断', { assignee: { kind: 'user', userId: engineer.userId } });
    const dueAt = t.clock.now() - 3 * MIN;
    await tellSla(id, 'respond', 'breach', dueAt);
    const rows = await rowsOf(id);
    expect(who(rows)).toEqual(['console:lead', 'email:lead']);
    const message = JSON.parse(rows.find((r) => r.channel_kind === 'email')!.message) as Json;
    expect(message.title).toMatch(/ · 响应已超时$/);
    expect(message.lines[0]).toBe('响应已超时：截止 09:57，已超 3 分钟');

    // Level 3 (low × low): no policy covers it.
    const minor = await open('打印机缺纸', { impact: 'low', urgency: 'low', assignee: { kind: 'user', userId: engineer.userId } });
    await tellSla(minor, 'resolve', 'breach', t.clock.now() - MIN);
    expect(who(await rowsOf(minor))).toEqual(['console:admin', 'console:dispatcher', 'console:engineer', 'email:admin', 'email:dispatcher', 'email:engineer']);
  });

  it('lists the notices in the notifications API and the client’s inbox', async () => {
    const list = (await ok('GET', '/api/v1/notifications?kind=incident&limit=200')).items as Json[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((n) => n.kind === 'incident' && Array.isArray(n.alertIds) && n.alertIds.length === 0)).toBe(true);
    const one = await ok('GET', `/api/v1/notifications/${list[0]!.id}`);
    expect(one.lines.length).toBeGreaterThan(0);
    // The console row is delivered as it is stored: the client's bell shows it.
    await t.services.notifyCore.deliverer.runOnce();
    const inbox = await ok('GET', '/api/v1/me/notifications', undefined, client);
    const incidentItems = (inbox.items as Json[]).filter((n) => n.kind === 'incident' && /^【(进展|已解决)】INC-/.test(n.title));
    expect(incidentItems.length).toBeGreaterThan(0);
    // The bell leads to the incident, not to the alert list.
    for (const n of incidentItems) expect(n.path).toMatch(/^\/incidents\/[0-9A-Z]{26}$/);
  });

  it('lists who was told on the incident’s own page, a page at a time, masked, to whoever sees the incident', async () => {
    const id = await open('圈存机离线', { reporterEmail: 'zhao.teacher@school.example' });
    await ok('POST', `/api/v1/incidents/${id}/transitions`, { kind: 'communicate', message: '已派工程师。' });
    await tellLatestMove(id);
    const stored = await rowsOf(id);
    expect(stored).toHaveLength(3);

    // The engineer holds no notify:read (the notifications list shows them their own only), but sees the incident.
    const first = await ok('GET', `/api/v1/incidents/${id}/notifications?limit=2`, undefined, engineer);
    expect(first.items).toHaveLength(2);
    const rest = await ok('GET', `/api/v1/incidents/${id}/notifications?limit=2&cursor=${encodeURIComponent(first.nextCursor as string)}`, undefined, engineer);
    expect(rest.nextCursor).toBeNull();
    const items = [...first.items, ...rest.items] as Json[];
    expect(items.map((r) => r.id).sort()).toEqual(stored.map((r) => r.id).sort());
    const reporter = items.find((r) => r.userId === null)!;
    expect(reporter).toMatchObject({ channelKind: 'email', phone: null, state: 'queued' });
    expect(reporter.email).not.toBe('zhao.teacher@school.example');
    expect(reporter.email).toContain('*');

    // The notifications list finds them by incident too; someone who cannot see the incident is answered 404.
    const listed = (await ok('GET', `/api/v1/notifications?incidentId=${id}&limit=50`)).items as Json[];
    expect(listed.map((n) => n.id).sort()).toEqual(stored.map((r) => r.id).sort());
    expect(listed.every((n) => n.incidentId === id)).toBe(true);
    expect((await t.call(otherClient, { method: 'GET', url: `/api/v1/incidents/${id}/notifications` })).statusCode).toBe(404);
  });

  it('delivers the update through a real SMTP server, in Chinese, with the incident’s link', async () => {
    const id = await open('一卡通圈存失败', { reporterEmail: 'reporter@school.example' });
    const number = (await incidentRow(id)).number;
    await ok('POST', `/api/v1/incidents/${id}/transitions`, { kind: 'communicate', message: '银行专线已恢复，圈存功能正常。' });
    const before = smtp.mails.length;
    await tellLatestMove(id);
    await t.services.notifyCore.deliverer.runOnce();
    const mail = smtp.mails.slice(before).find((m) => (m.to as { text: string }).text.includes('reporter@school.example'));
    expect(mail, 'the mail reached the SMTP server').toBeTruthy();
    expect(mail!.subject).toBe(`【进展】INC-${String(number).padStart(6, '0')} 一卡通圈存失败`);
    expect(mail!.text).toContain('银行专线已恢复，圈存功能正常。');
    expect(mail!.text).toContain(`https://ops.example.edu/incidents/${id}`);
    expect(mail!.html).toContain('lang="zh-CN"');
    const sent = (await rowsOf(id)).find((r) => r.address === 'reporter@school.example')!;
    expect((await t.db.kysely.selectFrom('notifications').select('state').where('id', '=', sent.id).executeTakeFirstOrThrow()).state).toBe('sent');
  });

  it('never folds two reporters’ addresses into one digest on a rate-limited e-mail channel', async () => {
    const limited = await ok('POST', '/api/v1/channels', { name: '限速邮件', kind: 'email', ratePerMinute: 1, settings: { host: '127.0.0.1', port: smtp.port, from: 'limited@campus.example' } });
    try {
      const id = await open('自助机黑屏');
      const incident = await incidentRow(id);
      const { outbox } = createNotifyOutbox(ctx);
      const order = { key: `test:${id}`, kind: 'incident', incidentId: id, ref: 'INC-000999', level: 2, siteId: site.id, title: incident.title, notice: 'update', message: '已派工程师', userIds: [], emails: ['a@school.example', 'b@school.example'], channelIds: [limited.id] } as const;
      await inTransaction((trx) => outbox.enqueueIncidentNotice(trx, order, t.clock.now()).then(() => undefined));
      const before = smtp.mails.length;
      await t.services.notifyCore.deliverer.runOnce();
      // One a minute: the first address now, the second waits for the window — its own message, not folded into a digest to the first.
      const mails = smtp.mails.slice(before);
      expect(mails.map((m) => (m.to as { text: string }).text)).toHaveLength(1);
      const rows = await rowsOf(id);
      expect(rows.map((r) => r.state).sort()).toEqual(['queued', 'sent']);
      expect(rows.every((r) => r.kind === 'incident')).toBe(true);
    } finally {
      await ok('PATCH', `/api/v1/channels/${limited.id}`, { enabled: false });
    }
  });
});
