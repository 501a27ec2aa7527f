/**
 * Paging as the people on duty meet it: the roster page shows its calendar with whoever is on duty now highlighted
 * in today's cell; an alert raised through the Alertmanager webhook pages the administrator by e-mail (a real SMTP
 * server on loopback receives it) and in the console, the alert page lists those notifications, and the one-time link
 * in the e-mail acknowledges the alert on a phone-sized screen without signing in — once: the link then says it was
 * used, and an altered link says it is not valid. On a 390 px screen a night layer's weekly active ranges are set in
 * the roster editor, a wrong range refused under its field in the server's words.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  ApiSession,
  chromiumPath,
  ensureConsoleBuilt,
  launchBrowser,
  newPage,
  screenshotDir,
  startServer,
  submitLogin,
  type RunningServer,
} from './helpers.ts';

const executable = chromiumPath();
const PHONE = { width: 375, height: 667 };
/** The narrowest screen the editors are made for. */
const NARROW = { width: 390, height: 844 };
/** The server waits this long to group alerts before the first page (30 s), plus delivery. */
const PAGE_TIMEOUT_MS = 90_000;
// Each test sets its own time limit: on a busy two-core machine a test that drives several pages takes a minute or more.

interface Me {
  id: string;
  displayName: string;
}

interface NotificationView {
  id: string;
  state: string;
  channelKind: string;
  userId: string | null;
}

/** The local date in Beijing, `days` from today. */
const beijingDate = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));

/** A translation key showing through instead of its text, or an interpolation left unfilled. */
const RAW_KEY = /\b(?:roster|override|policy|channel|notification|escalation|bell|ack|profile|nav|common)\.[a-zA-Z][\w.]*\b/;
const RAW_PLACEHOLDER = /\{\{\s*\w+\s*\}\}/;

/** A real SMTP server on loopback that keeps the text of every message it receives. */
async function startMailServer(): Promise<{ port: number; messages: string[]; close: () => Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A mail's text with quoted-printable soft breaks and escapes undone, so that a link reads whole. */
const mailText = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe.skipIf(!executable)('paging console (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let admin: ApiSession;
  let me: Me;
  let token = '';
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  const n = Date.now() % 100000;
  const site = { id: '', code: `e2e-paging-${n}`, name: `二食堂 E2E ${n}` };
  const alertname = `E2ePosSilent${n}`;

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    mail = await startMailServer();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    me = (await admin.get<{ user: Me }>('/auth/session')).user;
    site.id = (await admin.post<{ id: string }>('/sites', { code: site.code, name: site.name })).id;
    ({ secret: token } = await admin.post<{ secret: string }>('/tokens', { name: `e2e alertmanager ${n}`, permissions: ['ingest:write'] }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mail?.close();
    if (shots) console.info(`paging e2e screenshots: ${shots}`);
  });

  async function signedIn(url: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.goto(url);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
    return { page, close: () => context.close() };
  }

  async function expectNoRawKeys(page: Page, selector: string, where: string) {
    const text = await page.locator(selector).first().innerText();
    expect(text.match(RAW_KEY)?.[0] ?? null, `a translation key shows on ${where}`).toBeNull();
    expect(text.match(RAW_PLACEHOLDER)?.[0] ?? null, `a placeholder shows on ${where}`).toBeNull();
  }

  it('shows the roster calendar with the administrator highlighted as on duty now', async () => {
    const roster = await admin.post<{ id: string; name: string }>('/rosters', {
      name: `E2E 一卡通值班 ${n}`,
      zone: 'Asia/Shanghai',
      hotline: '0571-88888888',
      layers: [{ name: '主班', rotation: { kind: 'daily', handover: '00:00', startDate: beijingDate(-1), participants: [me.id] } }],
    });
    const { page, close } = await signedIn(`/rosters/${roster.id}`);
    try {
      await page.getByTestId('roster-calendar').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('roster-title').textContent()).toBe(roster.name);
      expect(await page.getByTestId('roster-duty-now').textContent()).toContain(me.displayName);
      // The duty on now is highlighted inside today's cell, naming the administrator.
      const today = page.locator(`[data-testid="calendar-day-${beijingDate(0)}"]`);
      expect(await today.getAttribute('data-today')).toBe('true');
      const current = today.getByTestId('duty-current');
      await current.waitFor({ timeout: 15_000 });
      expect(await current.textContent()).toContain(me.displayName);
      expect(await page.getByTestId('duty-current').count()).toBe(1);
      // Tomorrow the same one-person rotation goes on, not highlighted.
      const tomorrow = page.locator(`[data-testid="calendar-day-${beijingDate(1)}"]`);
      if ((await tomorrow.count()) > 0) {
        expect(await tomorrow.textContent()).toContain(me.displayName);
        expect(await tomorrow.getByTestId('duty-current').count()).toBe(0);
      }
      expect(await page.getByTestId('roster-ics-mine').getAttribute('href')).toBe(`/api/v1/rosters/${roster.id}/calendar.ics?userId=${me.id}&lang=zh-CN`);
      await expectNoRawKeys(page, '.ant-layout-content', 'the roster page');
      await page.screenshot({ path: path.join(shots, 'roster-month.png'), fullPage: true });

      await page.getByTestId('calendar-view').getByText('周', { exact: true }).click();
      await expect.poll(() => page.getByTestId('roster-calendar').getAttribute('data-view')).toBe('week');
      await expect.poll(() => page.locator(`[data-testid="calendar-day-${beijingDate(0)}"] [data-testid="duty-current"]`).count(), { timeout: 15_000 }).toBe(1);
      await page.screenshot({ path: path.join(shots, 'roster-week.png'), fullPage: true });

      await page.getByTestId('roster-back').click();
      const now = page.getByTestId(`roster-now-${roster.id}`);
      await now.waitFor({ timeout: 15_000 });
      expect(await now.textContent()).toContain(me.displayName);
      await expectNoRawKeys(page, '.ant-layout-content', 'the roster list');
    } finally {
      await close();
    }
  }, 90_000);

  it('pages by e-mail, lists the notifications on the alert page, and acknowledges from the link on a phone without signing in', async () => {
    // The administrator is reached at an e-mail address, through a channel sending to the loopback SMTP server.
    await admin.send('PUT', `/users/${me.id}/notify-profile`, { contacts: [{ kind: 'email', value: 'noc-admin@example.edu.cn' }] });
    const email = await admin.post<{ id: string }>('/channels', {
      name: `E2E 邮件 ${n}`,
      kind: 'email',
      settings: { host: '127.0.0.1', port: mail.port, from: '"运维值班" <noc@example.edu.cn>' },
    });
    const consoleChannel = (await admin.get<{ items: { id: string; builtin: boolean }[] }>('/channels')).items.find((c) => c.builtin)!;
    await admin.post('/escalation-policies', {
      name: `E2E 一级呼叫 ${n}`,
      levels: [1, 2, 3],
      steps: [{ targets: [{ kind: 'user', userId: me.id }], channelIds: [consoleChannel.id, email.id], waitMinutes: 30 }],
    });

    const raised = await fetch(`${server.baseUrl}/api/v1/integrations/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        version: '4',
        status: 'firing',
        receiver: 'opsdesk',
        groupKey: `{}:{alertname="${alertname}"}`,
        groupLabels: { alertname },
        commonLabels: { alertname, severity: 'critical', site: site.code },
        commonAnnotations: { summary: 'POS 终端静默' },
        alerts: [
          {
            status: 'firing',
            labels: { alertname, severity: 'critical', site: site.code },
            annotations: { summary: 'POS 终端静默' },
            startsAt: new Date(Date.now() - 60_000).toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            fingerprint: `pg${n.toString(16).padStart(14, '0')}`,
          },
        ],
      }),
    });
    expect(raised.ok, await raised.clone().text()).toBe(true);
    const alertId = ((await raised.json()) as { results: { id: string }[] }).results[0]!.id;

    // After the group wait the escalation pages: an e-mail handed to the SMTP server and a console notification.
    const delivered = async () => (await admin.get<{ items: NotificationView[] }>(`/notifications?alertId=${alertId}`)).items;
    await expect
      .poll(async () => (await delivered()).map((x) => `${x.channelKind}:${x.state}`).sort(), { timeout: PAGE_TIMEOUT_MS, interval: 2_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^console:delivered$/), expect.stringMatching(/^email:(sent|delivered)$/)]));
    await expect.poll(() => mail.messages.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const link = /\/ack\/([A-Za-z0-9_.-]{10,200})/.exec(mailText(mail.messages[0]!));
    expect(link, 'the e-mail carries an acknowledgement link').not.toBeNull();
    const ackToken = link![1]!;

    // The alert page lists who was paged and how; the bell counts the console notification.
    const desk = await signedIn(`/alerts/${alertId}`);
    try {
      const table = desk.page.getByTestId('alert-notifications-table');
      await table.locator('tr.ant-table-row').nth(1).waitFor({ timeout: 30_000 });
      expect(await table.textContent()).toContain(me.displayName);
      expect(await table.textContent()).toContain(`E2E 邮件 ${n}`);
      expect(await table.textContent()).toContain('已送达');
      await desk.page.getByTestId('alert-escalations').waitFor({ timeout: 10_000 });
      await expect.poll(() => desk.page.getByTestId('bell-count').getAttribute('data-count'), { timeout: 10_000 }).not.toBe('0');
      await expectNoRawKeys(desk.page, '[data-testid="alert-notifications"]', 'the alert page notifications');
      await desk.page.screenshot({ path: path.join(shots, 'alert-notifications.png'), fullPage: true });
    } finally {
      await desk.close();
    }

    // On a phone, not signed in: the link shows what it acknowledges and one big button.
    const phone = await browser.newContext({ baseURL: server.baseUrl, viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    try {
      const page = await phone.newPage();
      await page.goto(`/ack/${ackToken}`);
      const button = page.getByTestId('ack-button');
      await button.waitFor({ timeout: 30_000 });
      expect(page.url()).not.toContain('/login');
      expect(await page.getByTestId('ack-sent-to').textContent()).toContain(me.displayName);
      expect(await page.getByTestId('ack-alerts').textContent()).toContain(alertname);
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(48);
      expect(box.width).toBeGreaterThan(PHONE.width * 0.8);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await expectNoRawKeys(page, 'main', 'the acknowledgement page');
      await page.screenshot({ path: path.join(shots, 'ack-phone.png'), fullPage: true });

      await button.tap();
      const done = page.getByTestId('ack-done');
      await done.waitFor({ timeout: 15_000 });
      expect(await done.getAttribute('data-count')).toBe('1');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: path.join(shots, 'ack-phone-done.png'), fullPage: true });
      const after = await admin.get<{ alert: { state: string; acknowledgedBy: string | null } }>(`/alerts/${alertId}`);
      expect(after.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: me.id });

      // Once only: opened again, the link says it was used; altered, it says it is not a link at all.
      await page.goto(`/ack/${ackToken}`);
      await page.getByTestId('ack-used').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('ack-button').count()).toBe(0);
      const [id, signature] = ackToken.split('.');
      await page.goto(`/ack/${id}.${signature!.slice(0, -2)}xx`);
      await page.getByTestId('ack-invalid').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('ack-invalid').textContent()).toContain('链接无效');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: path.join(shots, 'ack-phone-invalid.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  }, 180_000);

  it('edits a roster, adds and removes an override, creates a policy and changes my quiet hours in the console', async () => {
    const roster = await admin.post<{ id: string; name: string }>('/rosters', {
      name: `E2E 网络值班 ${n}`,
      layers: [{ name: '主班', rotation: { kind: 'weekly', handover: '08:30', startDate: beijingDate(-3), participants: [me.id] } }],
    });
    const { page, close } = await signedIn(`/rosters/${roster.id}`);
    try {
      await page.getByTestId('roster-calendar').waitFor({ timeout: 30_000 });
      // An override of the administrator by the administrator: the server's words under "replaces".
      await page.getByTestId('override-new').click();
      // A select's option, once no other select's list is still open or closing (a closing list holds the same names).
      // A click while a dialog or drawer still slides in can miss the moving list: then the list is closed and
      // opened again.
      const openLists = () => page.locator('.ant-select-dropdown:visible').count();
      const pick = async (testId: string, text: string) => {
        for (let attempt = 1; ; attempt++) {
          await expect.poll(openLists, { timeout: 5_000 }).toBe(0);
          await page.getByTestId(testId).click();
          await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
          const chosen = await expect
            .poll(() => page.getByTestId(testId).textContent(), { timeout: 3_000 })
            .toContain(text)
            .then(() => true, () => false);
          if (!chosen && (await openLists()) > 0) await page.keyboard.press('Escape');
          await expect.poll(openLists, { timeout: 5_000 }).toBe(0);
          if (chosen) return;
          if (attempt === 3) throw new Error(`could not choose “${text}” in ${testId}`);
        }
      };
      await pick('override-person', me.displayName);
      await pick('override-replaces', me.displayName);
      await page.getByTestId('override-reason').fill('E2E 调班');
      await page.getByTestId('override-submit').click();
      const replacesError = page.locator('.ant-form-item', { has: page.getByTestId('override-replaces') }).locator('.ant-form-item-explain-error');
      await replacesError.first().waitFor({ timeout: 10_000 });
      expect(await replacesError.first().textContent()).toBe('不能替自己值班');
      await pick('override-replaces', '不替换任何人');
      await page.getByTestId('override-submit').click();
      const overrideRow = page.getByTestId('overrides-table').locator('tr.ant-table-row', { hasText: 'E2E 调班' });
      await overrideRow.waitFor({ timeout: 15_000 });
      expect(await overrideRow.textContent()).toContain('加班');
      const [stored] = (await admin.get<{ items: { id: string; replacesUserId: string | null; reason: string }[] }>(`/rosters/${roster.id}/overrides`)).items;
      expect(stored).toMatchObject({ replacesUserId: null, reason: 'E2E 调班' });
      await page.getByTestId(`override-delete-${stored!.id}`).click();
      await page.getByTestId('override-delete-confirm').click();
      await expect.poll(async () => (await admin.get<{ items: unknown[] }>(`/rosters/${roster.id}/overrides`)).items.length, { timeout: 10_000 }).toBe(0);

      // The editor: a new hotline and a campus holiday duty day with the administrator leading it.
      await page.getByTestId('roster-edit').click();
      await page.getByTestId('roster-form').waitFor();
      expect(await page.getByTestId('layer-0-participants-person').count()).toBe(1);
      await page.getByTestId('roster-hotline').fill('0571-86000000');
      await page.getByTestId('roster-holiday-add').click();
      const date = page.locator('[data-testid="holiday-0-date"] input, input[data-testid="holiday-0-date"]').first();
      await date.click();
      await date.fill('2026-12-24');
      await date.press('Enter');
      await pick('holiday-0-leader', me.displayName);
      await page.getByTestId('roster-submit').click();
      await expect.poll(async () => (await admin.get<{ hotline: string | null }>(`/rosters/${roster.id}`)).hotline, { timeout: 15_000 }).toBe('0571-86000000');
      const saved = await admin.get<{ holidays: unknown[]; layers: { id: string; rotation: { participants: string[] } }[] }>(`/rosters/${roster.id}`);
      expect(saved.holidays).toEqual([{ date: '2026-12-24', leaderUserId: me.id, userIds: null }]);
      expect(saved.layers[0]!.rotation.participants).toEqual([me.id]);
      await expect.poll(() => page.getByTestId('roster-hotline').textContent(), { timeout: 10_000 }).toContain('0571-86000000');

      // A policy from the drawer: the roster's leader on duty over the in-console channel.
      await page.goto('/escalation-policies');
      await page.getByTestId('policies-new').click();
      await page.getByTestId('policy-form').waitFor();
      await page.getByTestId('policy-name').fill(`E2E 领导带班呼叫 ${n}`);
      await pick('step-0-target-0-roster', roster.name);
      await pick('step-0-target-0-include', '带班领导');
      await expect.poll(async () => (await page.getByTestId('step-0-channels').textContent()) ?? '', { timeout: 10_000 }).not.toBe('');
      await page.getByTestId('policy-submit').click();
      const policyRow = page.getByTestId('policies-table').locator('tr.ant-table-row', { hasText: `E2E 领导带班呼叫 ${n}` });
      await policyRow.waitFor({ timeout: 15_000 });
      expect(await policyRow.textContent()).toContain(`${roster.name} 的带班领导`);
      const policy = (await admin.get<{ items: { name: string; steps: unknown[] }[] }>('/escalation-policies')).items.find((p) => p.name === `E2E 领导带班呼叫 ${n}`);
      expect(policy?.steps).toEqual([{ targets: [{ kind: 'roster', rosterId: roster.id, include: 'leader' }], channelIds: [expect.any(String)], waitMinutes: 10 }]);

      // My quiet hours: preferences alone are saved, the contact methods stay as they were.
      const contactsBefore = (await admin.get<{ contacts: unknown[] }>(`/users/${me.id}/notify-profile`)).contacts;
      await page.getByTestId('user-menu').click();
      await page.getByTestId('notify-settings').click();
      await page.getByTestId('profile-form').waitFor({ timeout: 10_000 });
      await page.getByTestId('profile-quiet').click();
      await page.getByTestId('profile-submit').click();
      await expect
        .poll(async () => (await admin.get<{ preferences: { quietHours: unknown } }>(`/users/${me.id}/notify-profile`)).preferences.quietHours, { timeout: 10_000 })
        .toEqual({ from: '22:00', to: '07:00', zone: 'Asia/Shanghai' });
      expect((await admin.get<{ contacts: unknown[] }>(`/users/${me.id}/notify-profile`)).contacts).toEqual(contactsBefore);
    } finally {
      await page.screenshot({ path: path.join(shots, 'editors-last.png'), fullPage: true });
      await close();
    }
  }, 180_000);

  it("sets a night layer's weekly active ranges on a 390 px screen, with the server's refusal under the time", async () => {
    const roster = await admin.post<{ id: string }>('/rosters', {
      name: `E2E 夜班值班 ${n}`,
      layers: [
        { name: '白班', rotation: { kind: 'daily', handover: '08:30', startDate: beijingDate(-3), participants: [me.id] } },
        { name: '夜班', rotation: { kind: 'daily', handover: '18:00', startDate: beijingDate(-3), participants: [me.id] } },
      ],
    });
    const phone = await browser.newContext({ baseURL: server.baseUrl, viewport: NARROW, locale: 'zh-CN', isMobile: true, hasTouch: true });
    try {
      const page = await phone.newPage();
      await page.goto(`/rosters/${roster.id}`);
      await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
      await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
      await page.getByTestId('roster-calendar').waitFor({ timeout: 30_000 });
      await page.getByTestId('roster-edit').click();
      await page.getByTestId('roster-form').waitFor();
      expect(await page.getByTestId('layer-1-active-always').count()).toBe(1);

      const time = async (testId: string, value: string) => {
        const input = page.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`).first();
        await input.click();
        await input.fill(value);
        await input.press('Enter');
        await expect.poll(() => input.inputValue()).toBe(value);
      };
      // The nights: Monday to Friday (the new row's days), from 18:00 — first mistyped to end when it starts.
      await page.getByTestId('layer-1-active-add').click();
      await time('layer-1-active-0-from', '18:00');
      await time('layer-1-active-0-to', '18:00');
      // Sunday all day: a second row.
      await page.getByTestId('layer-1-active-add').click();
      const sunday = page.getByTestId('layer-1-active-1-days');
      // check()/uncheck() confirm the box's state afterwards: a tap lost on a busy machine fails here, not at the server.
      for (const day of ['周一', '周二', '周三', '周四', '周五']) await sunday.getByRole('checkbox', { name: day, exact: true }).uncheck();
      await sunday.getByRole('checkbox', { name: '周日', exact: true }).check();
      await page.getByTestId('roster-submit').click();
      // The server's words, under the time that was wrong (the from field's own form item, not the section around it).
      const fromError = page
        .getByTestId('layer-1-active-0-from')
        .locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-form-item ")][1]')
        .locator('.ant-form-item-explain-error');
      await fromError.first().waitFor({ timeout: 10_000 });
      expect(await fromError.first().textContent()).toBe('开始 18:00 须早于结束 18:00');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
      await page.screenshot({ path: path.join(shots, 'roster-active-ranges-refused.png'), fullPage: true });

      await time('layer-1-active-0-to', '08:00');
      await page.getByTestId('layer-1-active-0-overnight').waitFor({ timeout: 5_000 });
      await page.getByTestId('roster-submit').click();
      const night = ['00:00', '08:00'];
      const evening = ['18:00', '24:00'];
      await expect
        .poll(async () => (await admin.get<{ layers: { rotation: { activeRanges?: unknown } }[] }>(`/rosters/${roster.id}`)).layers.map((l) => l.rotation.activeRanges ?? null), { timeout: 15_000 })
        .toEqual([
          null,
          { mon: [evening], tue: [night, evening], wed: [night, evening], thu: [night, evening], fri: [night, evening], sat: [night], sun: [['00:00', '24:00']] },
        ]);
      // Opened again, the week reads back as the two rows it was entered as.
      await page.getByTestId('roster-form').waitFor({ state: 'detached', timeout: 10_000 });
      await page.getByTestId('roster-edit').click();
      await page.getByTestId('layer-1-active-1').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('layer-1-active-2').count()).toBe(0);
      expect(await page.getByTestId('layer-1-active-0-overnight').count()).toBe(1);
      expect(await page.locator('[data-testid="layer-1-active-1-days"] input:checked').count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
      await page.screenshot({ path: path.join(shots, 'roster-active-ranges.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  }, 120_000);

  it('draws a channel form from its kind, refuses a bad URL under its field, and reads in both languages', async () => {
    const { page, close } = await signedIn('/channels');
    try {
      await page.getByTestId('channels-table').locator('tr.ant-table-row').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('menu-channels').textContent()).toBe('通知渠道');
      await page.getByTestId('channels-new').click();
      await page.getByTestId('channel-kind').click();
      await page.locator('.ant-select-item-option', { hasText: '钉钉群机器人' }).click();
      // The DingTalk robot's schema: the robot API (its default filled in) and two secrets, password inputs not set yet.
      const url = page.getByTestId('setting-webhookUrl');
      await url.waitFor();
      expect(await url.inputValue()).toBe('https://oapi.dingtalk.com/robot/send');
      expect(await page.getByTestId('setting-accessToken').getAttribute('type')).toBe('password');
      expect(await page.getByTestId('setting-secret-state').textContent()).toBe('未设置');
      await page.getByTestId('channel-name').fill(`E2E 钉钉 ${n}`);
      await url.fill('ftp://oapi.dingtalk.com/robot/send');
      await page.getByTestId('setting-accessToken').fill('e2e-robot-token');
      await page.getByTestId('channel-submit').click();
      // The server's words for the URL, under the URL field.
      const explain = page.locator('.ant-form-item', { has: url }).locator('.ant-form-item-explain-error');
      await explain.first().waitFor({ timeout: 10_000 });
      expect(await explain.first().textContent()).toBe('只能是 http 或 https 网址，不能是 ftp:');
      await url.fill('https://oapi.dingtalk.com/robot/send');
      await page.getByTestId('setting-secret').fill('SECe2e0123456789');
      await page.getByTestId('channel-submit').click();
      const row = page.getByTestId('channels-table').locator('tr.ant-table-row', { hasText: `E2E 钉钉 ${n}` });
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toContain('Access token: 已设置');
      expect(await row.textContent()).toContain('加签密钥: 已设置');
      // Editing keeps the secrets unless typed again: the drawer says they are set and sends none.
      await row.getByRole('button', { name: '编辑' }).click();
      expect(await page.getByTestId('setting-accessToken-state').textContent()).toBe('已设置');
      expect(await page.getByTestId('setting-accessToken').inputValue()).toBe('');
      await page.getByTestId('channel-name').fill(`E2E 钉钉群 ${n}`);
      await page.getByTestId('channel-submit').click();
      await page.getByTestId('channels-table').locator('tr.ant-table-row', { hasText: `E2E 钉钉群 ${n}` }).waitFor({ timeout: 15_000 });
      const stored = (await admin.get<{ items: { name: string; secretsSet: string[] }[] }>('/channels')).items.find((c) => c.name === `E2E 钉钉群 ${n}`);
      expect(stored?.secretsSet.sort()).toEqual(['accessToken', 'secret']);
      await page.screenshot({ path: path.join(shots, 'channels.png'), fullPage: true });

      await page.getByTestId('language-switch').click();
      await expect.poll(() => page.getByTestId('menu-channels').textContent()).toBe('Notification channels');
      await expectNoRawKeys(page, '.ant-layout-content', '/channels (en)');
      for (const [url, testId] of [
        ['/rosters', 'rosters-table'],
        ['/escalation-policies', 'policies-table'],
      ] as const) {
        await page.goto(url);
        await page.getByTestId(testId).locator('tr.ant-table-row').first().waitFor({ timeout: 15_000 });
        await expectNoRawKeys(page, '.ant-layout-content', `${url} (en)`);
        await page.screenshot({ path: path.join(shots, `english${url.replaceAll('/', '-')}.png`), fullPage: true });
      }
      // The bell's drawer and my notification settings.
      await page.getByTestId('bell').click();
      await page.getByTestId('bell-list').waitFor({ timeout: 10_000 });
      await expectNoRawKeys(page, '.ant-drawer-section:visible', 'the bell (en)');
      await page.getByTestId('bell-read-all').click();
      await expect.poll(() => page.getByTestId('bell-count').getAttribute('data-count'), { timeout: 10_000 }).toBe('0');
      await page.keyboard.press('Escape');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('notify-settings').click();
      await page.getByTestId('profile-form').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('profile-contact-0-shown').textContent()).toContain('@example.edu.cn');
      await expectNoRawKeys(page, '.ant-drawer-section:visible', 'my notification settings (en)');
      await page.screenshot({ path: path.join(shots, 'english-notify-settings.png'), fullPage: true });
    } finally {
      await close();
    }
  }, 120_000);
});
