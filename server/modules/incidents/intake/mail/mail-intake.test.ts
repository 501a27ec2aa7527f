import { createHash, randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Caller, type TestApp } from '../../../../testing/app.ts';
import { describeEachDatabase } from '../../../../testing/each-database.ts';
import { systemContext } from '../../../auth/index.ts';
import { createAttachmentsService, type AttachmentsService } from '../../attachments/attachments.ts';
import { formatIncidentNumber } from './incident-number.ts';
import { createMailIntake } from './mail-intake.ts';
import { createMailListener, type MailListener } from './mail-listener.ts';

/**
 * Incidents by e-mail end to end, on both databases: a real SMTP conversation (nodemailer) with the listener on a free
 * port, handing each message to the intake over a real test app: a new request opens an incident with its file, a
 * reply quoting the number becomes a comment (and the reporter's reply resumes a wait for the customer), a repeated
 * delivery adds nothing, and with no site to open at the relay is told to retry (451).
 */
const REQUEST_ADDRESS = 'helpdesk@ops.example.edu.cn';
const REPORTER = 'wang.laoshi@example.edu.cn';
const NOW = Date.parse('2026-10-09T02:00:00Z');
const ATTACHMENT_LIMIT = 512 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

describeEachDatabase('incidents by e-mail on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let attachments: AttachmentsService;
  const listeners: MailListener[] = [];
  const transports: Transporter[] = [];
  const logs: { level: string; msg: string }[] = [];
  const log = { info: (_o: object, msg: string) => logs.push({ level: 'info', msg }), warn: (_o: object, msg: string) => logs.push({ level: 'warn', msg }), error: (_o: object, msg: string) => logs.push({ level: 'error', msg }) };

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_ATTACHMENT_MAX_BYTES: String(ATTACHMENT_LIMIT) });
    t.clock.set(NOW);
    admin = await t.loginAdmin();
    await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-1', name: '第一食堂' } });
    attachments = createAttachmentsService({ db: t.db, clock: t.clock, config: t.config, audit: t.services.audit, signer: t.signer, events: t.services.events }, { incidents: t.services.incidents });
  });
  afterEach(async () => {
    for (const transport of transports.splice(0)) transport.close();
    await Promise.all(listeners.splice(0).map((l) => l.close()));
  });
  afterAll(async () => t.close());

  /** The listener on a free port, its messages handed to the intake; answers a sender to it. */
  async function start(site: string | null = 'canteen-1', using: AttachmentsService = attachments) {
    const onMessage = createMailIntake({ db: t.db, clock: t.clock, incidents: t.services.incidents, attachments: using, audit: t.services.audit, log, site });
    const listener = createMailListener({ host: '127.0.0.1', port: 0, addresses: [REQUEST_ADDRESS], dataDir: t.config.dataDir, clock: t.clock, log, onMessage });
    listeners.push(listener);
    const { port } = await listener.listen();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000 });
    transports.push(transport);
    return { listener, send: (message: Mail.Options) => transport.sendMail({ from: `王老师 <${REPORTER}>`, to: REQUEST_ADDRESS, ...message }) };
  }

  const incidentsBy = async (messageId: string) => t.db.kysely.selectFrom('incidents').selectAll().where('source_ref', '=', messageId).execute();
  const detail = async (id: string): Promise<Json> => (await t.call(admin, { method: 'GET', url: `/api/v1/incidents/${id}` })).json();
  const linesOf = (page: Json, kind: string) => page.timeline.filter((e: Json) => e.kind === kind);

  it('opens an incident for a new request, at the configured site, with its attachment stored whole; a repeated delivery adds nothing', async () => {
    const { send, listener } = await start();
    const photo = randomBytes(300_000);
    const message: Mail.Options = {
      messageId: '<req-1@example.edu.cn>',
      subject: '三号窗口 POS 机无法刷卡',
      text: '中午开始学生卡刷卡无反应，请尽快处理。',
      attachments: [{ filename: '现场照片.jpg', content: photo, contentType: 'image/jpeg' }],
    };
    const sent = await send(message);
    expect(sent.response).toMatch(/^250 /);

    const [row] = await incidentsBy('<req-1@example.edu.cn>');
    expect(row).toMatchObject({ source: 'email', title: '三号窗口 POS 机无法刷卡', description: '中午开始学生卡刷卡无反应，请尽快处理。', reporter_email: REPORTER, reporter_name: '王老师', impact: 'medium', urgency: 'low', state: 'new' });
    const page = await detail(row!.id);
    expect(page.incident.siteId).toBe((await t.db.kysely.selectFrom('sites').select('id').where('code', '=', 'canteen-1').executeTakeFirstOrThrow()).id);
    expect(page.attachments).toEqual([expect.objectContaining({ filename: '现场照片.jpg', contentType: 'image/jpeg', size: photo.length, sha256: sha256(photo), source: 'email' })]);
    const back = await attachments.download(systemContext('test'), row!.id, page.attachments[0].id);
    expect(sha256(await buffer(back.stream))).toBe(sha256(photo));

    // the relay lost our answer and sends it again: accepted, and nothing more
    const audit = await t.auditCount();
    expect((await send(message)).response).toMatch(/^250 /);
    expect(await incidentsBy('<req-1@example.edu.cn>')).toHaveLength(1);
    const again = await detail(row!.id);
    expect(again.attachments).toHaveLength(1);
    expect(again.timeline).toHaveLength(page.timeline.length);
    expect(await t.auditCount()).toBe(audit);
    expect(listener.counters.accepted).toBe(2);
  });

  it('makes a reply quoting [INC-…] a comment with its files, resumes the incident when its reporter answers a wait for the customer, and takes a repeat once', async () => {
    const { send } = await start();
    await send({ messageId: '<req-2@example.edu.cn>', subject: '东门闸机不识别人脸', text: '早上八点起无法识别' });
    const [row] = await incidentsBy('<req-2@example.edu.cn>');
    const ref = formatIncidentNumber(row!.number);
    for (const body of [{ kind: 'take' }, { kind: 'start_work' }, { kind: 'wait', reason: 'customer', note: '请确认停机时间' }]) {
      const moved = await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${row!.id}/transitions`, payload: body });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    t.clock.advance(60_000);

    const log = Buffer.from('2026-10-09 10:01 camera offline\n'.repeat(100));
    const big = randomBytes(ATTACHMENT_LIMIT + 1);
    const reply: Mail.Options = {
      messageId: '<reply-1@example.edu.cn>',
      subject: `回复：[${ref}] 东门闸机不识别人脸`,
      text: '今晚 22:00 后可以停机检修。',
      attachments: [
        { filename: '闸机日志.txt', content: log, contentType: 'text/plain' },
        { filename: '录像.bin', content: big, contentType: 'application/octet-stream' },
      ],
    };
    expect((await send(reply)).response).toMatch(/^250 /);
    const page = await detail(row!.id);
    const comments = linesOf(page, 'comment');
    expect(comments).toHaveLength(1);
    expect(comments[0].details).toMatchObject({ messageId: '<reply-1@example.edu.cn>', from: { address: REPORTER, name: '王老师' }, subject: `回复：[${ref}] 东门闸机不识别人脸`, text: '今晚 22:00 后可以停机检修。', leftOut: [{ filename: '录像.bin', size: big.length, reason: 'attachmentTooLarge' }] });
    expect(page.attachments).toEqual([expect.objectContaining({ filename: '闸机日志.txt', size: log.length, sha256: sha256(log), source: 'email' })]);
    expect(page.incident.state).toBe('in_progress');
    expect(page.timeline.at(-1)).toMatchObject({ kind: 'resume', from: 'waiting', to: 'in_progress' });
    expect(await incidentsBy('<reply-1@example.edu.cn>')).toHaveLength(0);

    // waiting again; the relay repeats the old reply: it neither comments twice nor resumes the new wait
    t.clock.advance(60_000);
    await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${row!.id}/transitions`, payload: { kind: 'wait', reason: 'customer' } });
    expect((await send(reply)).response).toMatch(/^250 /);
    const after = await detail(row!.id);
    expect(linesOf(after, 'comment')).toHaveLength(1);
    expect(after.attachments).toHaveLength(1);
    expect(after.incident.state).toBe('waiting');
  });

  it('comments without resuming when a colleague other than the reporter replies; a stranger quoting the number opens a request of its own', async () => {
    const colleague = `someone.else.${dialect}@example.edu.cn`;
    const created = await t.call(admin, { method: 'POST', url: '/api/v1/users', payload: { username: `colleague_${dialect}`, displayName: '李工', email: colleague.toUpperCase(), password: USER_PASSWORD, roleIds: ['engineer'], siteIds: null } });
    expect(created.statusCode).toBe(200);
    const { send } = await start();
    await send({ messageId: '<req-3@example.edu.cn>', subject: '', text: '图书馆二楼打印机卡纸' });
    const [row] = await incidentsBy('<req-3@example.edu.cn>');
    expect(row!.title).toBe(`来自 ${REPORTER} 的邮件（无主题）`);
    for (const body of [{ kind: 'take' }, { kind: 'start_work' }, { kind: 'wait', reason: 'customer' }]) await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${row!.id}/transitions`, payload: body });
    const subject = `Re: [${formatIncidentNumber(row!.number)}]`;
    await send({ from: colleague, messageId: '<reply-3@example.edu.cn>', subject, text: '我也遇到了' });
    let page = await detail(row!.id);
    expect(linesOf(page, 'comment')).toHaveLength(1);
    expect(page.incident.state).toBe('waiting');

    // Numbers are sequential: quoting one gives a stranger no voice on that incident.
    await send({ from: 'stranger@example.org', messageId: '<reply-4@example.org>', subject, text: '请把处理结果发我' });
    page = await detail(row!.id);
    expect(linesOf(page, 'comment')).toHaveLength(1);
    const [own] = await incidentsBy('<reply-4@example.org>');
    expect(own).toMatchObject({ title: subject, reporter_email: 'stranger@example.org' });
  });

  it('loses nothing when storing the files fails after the incident opened: the retried delivery stores them, once', async () => {
    let failures = 1;
    // the database gives way once, after the incident was opened and before its files were in
    const flaky: AttachmentsService = { ...attachments, attachIn: async (...args) => (failures-- > 0 ? Promise.reject(new Error('connection lost')) : attachments.attachIn(...args)) };
    const { send } = await start('canteen-1', flaky);
    const message: Mail.Options = { messageId: '<req-5@example.edu.cn>', subject: '自助充值机黑屏', text: '屏幕无显示', attachments: [{ filename: '照片.jpg', content: randomBytes(1000) }] };
    const first = await send(message).then(
      () => expect.fail('accepted although the files were not stored'),
      (e: { responseCode?: number }) => e,
    );
    expect(first.responseCode).toBe(451);
    const [row] = await incidentsBy('<req-5@example.edu.cn>');
    expect((await detail(row!.id)).attachments).toHaveLength(0);

    expect((await send(message)).response).toMatch(/^250 /);
    expect((await send(message)).response).toMatch(/^250 /);
    expect(await incidentsBy('<req-5@example.edu.cn>')).toHaveLength(1);
    expect((await detail(row!.id)).attachments).toEqual([expect.objectContaining({ filename: '照片.jpg', size: 1000 })]);
  });

  it('defers a new request with 451 and opens nothing when no site is configured, loudly; a reply to an incident still comes in', async () => {
    const { send, listener } = await start(null);
    logs.length = 0;
    const refused = await send({ messageId: '<req-4@example.edu.cn>', subject: '食堂三楼断网', text: '全部终端离线' }).then(
      () => expect.fail('the listener accepted a request it has no site for'),
      (e: { responseCode?: number }) => e,
    );
    expect(refused.responseCode).toBe(451);
    expect(await incidentsBy('<req-4@example.edu.cn>')).toHaveLength(0);
    expect(logs).toContainEqual({ level: 'error', msg: expect.stringContaining('OPSDESK_MAIL_INTAKE_SITE is not set') });
    expect(listener.counters.deferred).toBe(1);

    const [existing] = await incidentsBy('<req-1@example.edu.cn>');
    expect((await send({ messageId: '<reply-4@example.edu.cn>', subject: `[${formatIncidentNumber(existing!.number)}] 补充`, text: '补充说明' })).response).toMatch(/^250 /);
    expect(linesOf(await detail(existing!.id), 'comment')).toHaveLength(1);
  });
});
