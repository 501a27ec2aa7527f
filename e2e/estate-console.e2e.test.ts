/**
 * The estate pages as an operator meets them at 1440, 1366 and 390 px: the device table fits and lists problems first,
 * telemetry reads as words and yuan, charts open on something worth seeing, a new device's history does not claim an
 * outage, the live counter does not claim silence, and the home page shows the estate at a glance.
 */
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  ApiSession,
  chromiumPath,
  ensureConsoleBuilt,
  envelope,
  ingest,
  launchBrowser,
  newPage,
  screenshotDir,
  startServer,
  submitLogin,
  type Envelope,
  type RunningServer,
} from './helpers.ts';

const executable = chromiumPath();
const MINUTE = 60_000;

/** Whether the element is inside the viewport and actually shown there (not cut off by a scrolling container). */
async function shownInViewport(page: Page, locator: Locator): Promise<{ inside: boolean; hit: boolean; right: number }> {
  await locator.waitFor();
  const width = page.viewportSize()!.width;
  return locator.evaluate((el, viewportWidth) => {
    const r = el.getBoundingClientRect();
    const hitAt = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return { inside: r.left >= 0 && r.right <= viewportWidth, hit: hitAt !== null && (hitAt === el || el.contains(hitAt) || hitAt.contains(el)), right: r.right };
  }, width);
}

const pageScrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
/**
 * After a resize the page re-lays out on antd's breakpoint listeners, a frame or more later: wait for it to fit rather
 * than measuring the layout of the previous width. A page that never fits still fails.
 */
const expectNoSidewaysScroll = (page: Page, message: string) =>
  expect.poll(() => pageScrollsSideways(page), { message, timeout: 5_000 }).toBe(false);

describe.skipIf(!executable)('estate console (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let admin: ApiSession;
  const n = Date.now() % 100000;
  const site = { id: '', code: `e2e-estate-${n}`, name: `第三食堂 E2E ${n}` };
  const okCode = `A-OK-${n}`;
  const badCode = `Z-BAD-${n}`;
  const posCode = `POS-EST-${n}`;
  const devices: Record<string, string> = {};
  let secret = '';
  /**
   * A fresh heartbeat from each device: a slow run outlasts the silence threshold (3 min), and the sweep would turn
   * them offline under the tests' feet.
   */
  const keepAlive = () =>
    ingest(server.baseUrl, secret, [
      envelope('heartbeat', okCode, { status: 'ok', cpu: 9 }),
      envelope('heartbeat', posCode, { status: 'ok', cpu: 11 }),
      envelope('heartbeat', badCode, { status: 'fault', cpu: 97 }),
    ]);

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    site.id = (await admin.post<{ id: string }>('/sites', { code: site.code, name: site.name })).id;
    for (const code of [okCode, badCode, posCode]) {
      devices[code] = (await admin.post<{ id: string }>('/devices', { code, name: `${code} 消费机`, type: 'pos', subsystem: 'consumption', siteId: site.id })).id;
    }
    ({ secret } = await admin.post<{ secret: string }>('/tokens', { name: `e2e estate ${n}`, permissions: ['ingest:write'] }));

    // The POS: half an hour of heartbeats and its business metric (the simulator's demo has this much), then one of
    // each other kind.
    const now = Date.now();
    const history: Envelope[] = [];
    for (let i = 30; i >= 1; i--) {
      history.push(envelope('heartbeat', posCode, { status: 'ok', cpu: 10 + (i % 7), memPct: 41 }, now - i * MINUTE));
      history.push(envelope('metric', posCode, { name: 'pos.txn_latency_ms', value: 150 + (i % 9) * 10, unit: 'ms' }, now - i * MINUTE + 5_000));
    }
    await ingest(server.baseUrl, secret, [
      ...history,
      envelope('login', posCode, { account: 'op-zhang', ip: '10.20.1.30', result: 'fail', reason: 'bad_password' }, now - 3_000),
      envelope('txn', posCode, { txnId: `T-${n}`, type: 'consume', amountFen: 1250, account: '20240001', card: '8800123456', channel: 'card', status: 'ok', balanceBeforeFen: 5000, balanceAfterFen: 3750 }, now - 2_000),
      envelope('heartbeat', okCode, { status: 'ok', cpu: 9 }),
      envelope('heartbeat', badCode, { status: 'fault', cpu: 97 }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots) console.info(`estate e2e screenshots: ${shots}`);
  });

  async function signedIn(url: string, viewport = { width: 1366, height: 860 }) {
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.setViewportSize(viewport);
    await page.goto(url);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
    return { context, page };
  }

  it('the device table lists problems first and keeps last seen and the edit button in view at 1440 and 1366 px', async () => {
    await keepAlive();
    const { context, page } = await signedIn(`/devices?site=${site.id}`);
    try {
      for (const width of [1440, 1366]) {
        await page.setViewportSize({ width, height: 860 });
        const rows = page.getByTestId('devices-table').locator('tr.ant-table-row');
        await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(3);
        // The degraded device first, although its code sorts last.
        expect(await rows.first().getAttribute('data-testid')).toBe(`device-row-${badCode}`);
        for (const target of [
          page.getByTestId('devices-table').locator('th', { hasText: '最近上报' }),
          page.getByTestId('devices-table').locator('th', { hasText: '操作' }),
          rows.first().locator('td').filter({ has: page.getByTestId(`device-edit-${badCode}`) }),
          rows.first().locator('td').filter({ has: page.getByTestId(`device-last-seen-${badCode}`) }),
        ]) {
          const shown = await shownInViewport(page, target);
          expect(shown, `at ${width} px`).toMatchObject({ inside: true, hit: true });
        }
        await expectNoSidewaysScroll(page, `page scrolls sideways at ${width} px`);
        await page.screenshot({ path: path.join(shots, `estate-list-${width}.png`) });
      }

      await page.setViewportSize({ width: 390, height: 844 });
      const cards = page.getByTestId('devices-table').locator('[data-testid^="device-card-"]');
      await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(3);
      expect(await cards.first().getAttribute('data-testid')).toBe(`device-card-${badCode}`);
      await expectNoSidewaysScroll(page, 'page scrolls sideways at 390 px');
      await page.screenshot({ path: path.join(shots, 'estate-list-390.png') });
    } finally {
      await context.close();
    }
  });

  it('the events tab shows each kind in words: a transaction in yuan with its status translated, no raw JSON', async () => {
    const { context, page } = await signedIn(`/devices/${devices[posCode]}?tab=events`);
    try {
      const txn = page.getByTestId('device-events').getByTestId('event-row-txn').first();
      await txn.waitFor();
      const text = (await txn.textContent()) ?? '';
      expect(text).toContain('¥12.50');
      expect(text).toContain('消费');
      expect(text).toContain('成功');
      // Balances, account and card are personal: shown as the server sends them (masked for most readers), not checked here.
      expect(text).not.toMatch(/amountFen|[{}"]|1250/);
      const login = (await page.getByTestId('event-row-login').first().textContent()) ?? '';
      expect(login).toContain('失败');
      expect(login).toContain('密码错误');
      // A business metric by its name in Chinese, with the value's unit.
      const metric = (await page.getByTestId('event-row-metric').first().textContent()) ?? '';
      expect(metric).toContain('交易耗时 (ms)');
      expect(metric).not.toContain('pos.txn_latency_ms');
      await page.screenshot({ path: path.join(shots, 'device-events-1366.png') });

      // One kind: a column per field.
      await page.getByTestId('events-filter-kind').click();
      await page.locator('.ant-select-item-option[title="交易"]').click();
      await expect.poll(() => page.getByTestId('event-cell-amountFen').first().textContent()).toBe('¥12.50');
      expect(await page.getByTestId('event-cell-status').first().textContent()).toBe('成功');

      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(shots, 'device-events-390.png') });
    } finally {
      await context.close();
    }
  });

  it('the charts tab opens on the device’s business metric over a range that has its half hour of data', async () => {
    const { context, page } = await signedIn(`/devices/${devices[posCode]}?tab=charts`);
    try {
      const metrics = page.getByTestId('device-metrics');
      await expect.poll(() => metrics.getAttribute('data-metric')).toBe('pos.txn_latency_ms');
      expect(await metrics.getAttribute('data-range')).toBe('1h');
      expect(await page.getByTestId('metric-select').textContent()).toContain('交易耗时 (ms)');
      expect(await page.getByTestId('metric-range').locator('.ant-segmented-item-selected').textContent()).toBe('1 小时');
      await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();

      await page.getByTestId('language-switch').click();
      await expect.poll(() => page.getByTestId('metric-select').textContent()).toContain('Transaction time (ms)');
      await page.getByTestId('metric-select').click();
      const options = await page.locator('.ant-select-item-option').allTextContents();
      expect(options).toEqual(expect.arrayContaining(['Transaction time (ms)', 'CPU (%)']));
      expect(options.join(' ')).not.toContain('pos.txn_latency_ms');
      await page.keyboard.press('Escape');
      await page.screenshot({ path: path.join(shots, 'device-charts-1366.png') });
      await page.evaluate(() => localStorage.removeItem('opsdesk.locale'));
    } finally {
      await context.close();
    }
  });

  it('a new device’s health history starts with its first report, not with "reporting again"', async () => {
    const { context, page } = await signedIn(`/devices/${devices[okCode]}?tab=health`);
    try {
      const timeline = page.getByTestId('health-timeline');
      await timeline.waitFor();
      const entries = timeline.locator('.ant-timeline-item');
      await expect.poll(() => entries.count()).toBe(1);
      const oldest = (await entries.last().textContent()) ?? '';
      expect(oldest).toContain('首次上报');
      expect(oldest).not.toContain('恢复上报');
    } finally {
      await context.close();
    }
  });

  it('the live counter shows a dash, not "0 条/秒", until the first rate arrives', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      // No stream: no rate will ever arrive, so whatever the counter shows is its placeholder.
      await page.route('**/api/v1/stream', (route) => route.abort());
      await page.goto('/');
      await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
      await page.getByTestId('home-welcome').waitFor();
      const counter = page.getByTestId('ingest-rate');
      await counter.waitFor();
      expect(await counter.textContent()).toBe('— 条/秒');
      expect(await page.getByTestId('home-ingest-rate').textContent()).toContain('—');

      await page.unroute('**/api/v1/stream');
      await page.reload();
      await expect.poll(() => page.getByTestId('ingest-rate').textContent(), { timeout: 10_000 }).toMatch(/^\d+ 条\/秒$/);
    } finally {
      await context.close();
    }
  });

  it('the home page shows the estate at a glance: per-site offline and degraded counts that link to the filtered list', async () => {
    await keepAlive();
    const { context, page } = await signedIn('/', { width: 1440, height: 900 });
    try {
      const glance = page.getByTestId('home-estate');
      await glance.waitFor();
      const degraded = page.getByTestId(`home-site-${site.code}-degraded`);
      await expect.poll(() => degraded.textContent()).toBe('1');
      expect(await page.getByTestId(`home-site-${site.code}-offline`).textContent()).toBe('0');
      expect(await page.getByTestId(`home-site-${site.code}-total`).textContent()).toBe('3');
      expect(await page.getByTestId('home-recent').textContent()).toContain(badCode);
      await page.screenshot({ path: path.join(shots, 'home-1440.png'), fullPage: true });

      for (const size of [
        { width: 1366, height: 860 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(size);
        await expectNoSidewaysScroll(page, `home scrolls sideways at ${size.width} px`);
        expect((await shownInViewport(page, degraded)).inside).toBe(true);
        await page.screenshot({ path: path.join(shots, `home-${size.width}.png`), fullPage: true });
      }

      await degraded.click();
      await page.waitForURL(new RegExp(`/devices\\?site=${site.id}&health=degraded$`));
      const rows = page.getByTestId('devices-table').locator('[data-testid^="device-card-"]');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().getAttribute('data-testid')).toBe(`device-card-${badCode}`);
    } finally {
      await context.close();
    }
  });

  it('a user without estate:read gets no estate on the home page, and the server refuses the summary', async () => {
    const username = `e2e.auditor.${n}`;
    const password = 'Audit-Ledger-Quarterly-77';
    await admin.post('/users', { username, displayName: '审计 E2E', password, roleIds: ['auditor'], siteIds: null });
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/');
      await submitLogin(page, username, password);
      await page.getByTestId('home-welcome').waitFor();
      expect(await page.getByTestId('home-estate').count()).toBe(0);
      expect(await page.evaluate(async () => (await fetch('/api/v1/estate/summary')).status)).toBe(403);
    } finally {
      await context.close();
    }
  });
});
