import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ModuleContext } from '../../../module.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { createWrittenNotices, noticeGroupKey, type NoticeOrder } from './written-notices.ts';
import type { StoredMessage } from './outbox.ts';

/**
 * A written notice about something that is neither an alert nor an incident (a drill starting), on both databases:
 * each person in their language (English falling back to the Chinese), a group robot once in the console's language
 * naming the people, kind `notice` under its own group key, a link to the console path, idempotent by key; a link
 * that is not a path on opsdesk's own console is refused.
 */
describeEachDatabase('written notices on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let ctx: ModuleContext;
  let consoleId: string;
  let hookId: string;
  let zhReader: Caller;
  let enReader: Caller;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_PUBLIC_URL: 'https://ops.example.edu' });
    admin = await t.loginAdmin();
    ctx = { db: t.db, clock: t.clock, config: t.config, audit: t.services.audit, signer: t.signer, events: t.services.events };
    consoleId = await t.services.channels.ensureBuiltin();
    const hook = await t.call(admin, { method: 'POST', url: '/api/v1/channels', payload: { name: '值班群', kind: 'webhook', settings: { url: 'http://127.0.0.1:9/hook', secret: 'notice-hook-secret-0123456789' } } });
    expect(hook.statusCode, hook.body).toBe(200);
    hookId = hook.json().id;
    zhReader = await t.userWith(admin, ['engineer']);
    enReader = await t.userWith(admin, ['engineer']);
    await t.db.kysely.updateTable('users').set({ locale: 'en' }).where('id', '=', enReader.userId).execute();
  });
  afterAll(async () => t.close());

  const order = (over: Partial<NoticeOrder> = {}): NoticeOrder => ({
    key: 'drill-run-start:run-1',
    groupKey: 'drill-run:run-1',
    level: 3,
    siteId: null,
    siteName: null,
    subject: { zh: '【演练】切换演练 开始', en: '[Drill] Switchover drill starts' },
    body: { zh: '预案：主备切换\n\n开始时间：10:00', en: 'Plan: switchover\nStarts: 10:00' },
    path: '/drills/runs/run-1',
    userIds: [zhReader.userId, enReader.userId],
    channelIds: [consoleId, hookId],
    ...over,
  });
  const enqueue = (o: NoticeOrder) => t.db.kysely.transaction().execute((trx) => createWrittenNotices(ctx).enqueueNotice(trx, o, t.clock.now()));
  const rows = (about: string) => t.db.kysely.selectFrom('notifications').selectAll().where('group_key', '=', noticeGroupKey(about)).execute();

  it('tells each person in their language and a group once, under its own group key, once per key', async () => {
    const made = await enqueue(order());
    expect(made).toHaveLength(3);
    const stored = await rows('drill-run:run-1');
    expect(stored.every((r) => r.kind === 'notice' && r.group_key === 'notice:drill-run:run-1' && r.alert_id === null)).toBe(true);
    const messageOf = (userId: string | null) => JSON.parse(stored.find((r) => r.user_id === userId)!.message) as StoredMessage;
    expect(messageOf(zhReader.userId)).toMatchObject({ kind: 'notice', locale: 'zh-CN', level: 3, title: '【演练】切换演练 开始', lines: ['预案：主备切换', '开始时间：10:00'], url: 'https://ops.example.edu/drills/runs/run-1', ackUrl: null });
    expect(messageOf(enReader.userId)).toMatchObject({ locale: 'en', title: '[Drill] Switchover drill starts', lines: ['Plan: switchover', 'Starts: 10:00'] });
    const group = stored.find((r) => r.channel_id === hookId)!;
    expect(JSON.parse(group.message)).toMatchObject({ locale: 'zh-CN', title: '【演练】切换演练 开始' });
    expect((JSON.parse(group.recipients) as string[]).sort()).toEqual([zhReader.userId, enReader.userId].sort());

    // The same notice again (a retry, a second node): nothing more.
    expect(await enqueue(order())).toEqual([]);
    expect(await rows('drill-run:run-1')).toHaveLength(3);
  });

  it('sends the Chinese to English readers when there is no English, and refuses a link off the console', async () => {
    await enqueue(order({ key: 'k2', groupKey: 'drill-run:run-2', subject: { zh: '只有中文' }, body: { zh: '正文', en: null }, channelIds: [consoleId] }));
    const en = (await rows('drill-run:run-2')).find((r) => r.user_id === enReader.userId)!;
    expect(JSON.parse(en.message)).toMatchObject({ locale: 'en', title: '只有中文', lines: ['正文'] });

    for (const path of ['//evil.example/x', 'https://evil.example/x', 'drills/runs/x', '/drills/runs/a b']) {
      await expect(enqueue(order({ key: `bad:${path}`, path }))).rejects.toThrow(TypeError);
    }
    await expect(enqueue(order({ key: 'k3', subject: { zh: '  ' } }))).rejects.toThrow(TypeError);
  });
});
