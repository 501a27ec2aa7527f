import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  ApiSession,
  browserRequired,
  chromiumPath,
  ensureConsoleBuilt,
  envelope,
  ingest,
  launchBrowser,
  newPage,
  screenshotDir,
  startServer,
  submitLogin,
  type RunningServer,
} from './helpers.ts';

const executable = chromiumPath();

if (!executable && browserRequired()) {
  describe('web console (browser)', () => {
    it('needs Chromium', () => {
      throw new Error(
        `OPSDESK_REQUIRE_BROWSER=1 but no Chromium at ${process.env.OPSDESK_CHROMIUM ?? '/usr/bin/chromium'}: ` +
          'install it with `apt-get install -y chromium` or point OPSDESK_CHROMIUM at a binary',
      );
    });
  });
}

describe.skipIf(!executable)('web console (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots) console.info(`console e2e screenshots: ${shots}`);
  });

  it('shows Chinese by default and switches to English, remembering the choice', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/');
      await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
      const welcome = page.getByTestId('home-welcome');
      await expect.poll(() => welcome.textContent()).toContain('欢迎');
      expect(await page.getByTestId('menu-users').textContent()).toBe('用户');
      expect(await page.getByTestId('product-name').textContent()).toContain('运维服务台');

      await page.getByTestId('language-switch').click();
      await expect.poll(() => welcome.textContent()).toContain('Welcome');
      expect(await page.getByTestId('menu-users').textContent()).toBe('Users');
      expect(await page.getByTestId('menu-audit').textContent()).toBe('Audit log');
      expect(await page.evaluate(() => localStorage.getItem('opsdesk.locale'))).toBe('en');

      await page.reload();
      await expect.poll(() => page.getByTestId('home-welcome').textContent()).toContain('Welcome');
      await page.screenshot({ path: path.join(shots, '1-home-english.png') });
    } finally {
      await context.close();
    }
  });

  it('creates a user through the form and shows the user.create audit record', async () => {
    const username = `e2e.engineer.${Date.now() % 100000}`;
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      // Deep link while signed out: login, then back to the users page.
      await page.goto('/users');
      await page.waitForURL(/\/login\?next=%2Fusers/);
      await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
      await page.waitForURL(/\/users$/);

      await page.getByTestId('create-user').click();
      await page.getByTestId('user-form-username').fill(username);
      await page.getByTestId('user-form-displayName').fill('值班工程师 E2E');
      await page.getByTestId('user-form-email').fill('e2e.engineer@example.edu.cn');
      await page.getByTestId('user-form-phone').fill('13800001234');
      await page.getByTestId('user-form-password').fill('Canteen-Night-Shift-42');
      await page.getByTestId('user-form-roles').click();
      await page.locator('.ant-select-item-option[title="值班工程师"]').click();
      await page.keyboard.press('Escape');
      await page.getByTestId('user-form-submit').click();

      const row = page.getByTestId('users-table').locator('tr', { hasText: username });
      await row.waitFor();
      expect(await row.textContent()).toContain('值班工程师');
      // The server masks personal data in lists.
      expect(await row.textContent()).not.toContain('13800001234');

      await page.getByTestId('menu-audit').click();
      await page.getByTestId('audit-filter-action').fill('user.create');
      await page.getByTestId('audit-search').click();
      const table = page.getByTestId('audit-table');
      const newest = table.locator('tr.ant-table-row').first();
      await expect.poll(() => newest.textContent()).toContain('user.create');
      expect(await newest.textContent()).toContain('新增用户');
      expect(await newest.textContent()).toContain(ADMIN_USERNAME);
      await newest.locator('.ant-table-row-expand-icon').click();
      const after = table.getByTestId('audit-after').first();
      await expect.poll(() => after.textContent()).toContain(username);
      await page.screenshot({ path: path.join(shots, '2-audit-user-create.png') });
    } finally {
      await context.close();
    }
  });

  it('hides what a client representative may not use, and the server refuses it too', async () => {
    const username = `e2e.client.${Date.now() % 100000}`;
    const password = 'Client-Review-Quarterly-88';
    const admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    await admin.post('/users', {
      username,
      displayName: '甲方代表 E2E',
      password,
      roleIds: ['client'],
      siteIds: null,
    });

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/');
      await submitLogin(page, username, password);
      await page.getByTestId('home-welcome').waitFor();
      expect(await page.getByTestId('menu-home').count()).toBe(1);
      expect(await page.getByTestId('menu-users').count()).toBe(0);
      expect(await page.getByTestId('menu-roles').count()).toBe(0);
      expect(await page.getByTestId('menu-audit').count()).toBe(0);

      await page.goto('/users');
      await page.getByTestId('forbidden').waitFor();
      expect(await page.getByTestId('users-table').count()).toBe(0);

      const status = await page.evaluate(async () => (await fetch('/api/v1/users')).status);
      expect(status).toBe(403);
      await page.screenshot({ path: path.join(shots, '3-client-forbidden.png') });
    } finally {
      await context.close();
    }
  });

  it('says so when the password is wrong', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/login');
      await submitLogin(page, ADMIN_USERNAME, 'not-the-password');
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('用户名或密码错误');
      expect(page.url()).toContain('/login');
      await page.screenshot({ path: path.join(shots, '4-wrong-password.png') });
    } finally {
      await context.close();
    }
  });

  it('shows a device going online, then degraded over the live stream without a reload, and its charts', async () => {
    const n = Date.now() % 100000;
    const admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    const site = await admin.post<{ id: string; code: string }>('/sites', { code: `e2e-canteen-${n}`, name: `第一食堂 E2E ${n}` });
    const code = `POS-E2E-${n}`;
    const device = await admin.post<{ id: string }>('/devices', {
      code,
      name: '一号窗口消费机',
      type: 'pos',
      subsystem: 'consumption',
      siteId: site.id,
      model: 'XF-3000',
      ip: '10.20.1.17',
    });
    const { secret } = await admin.post<{ secret: string }>('/tokens', { name: `e2e ingest ${n}`, permissions: ['ingest:write'] });

    // Half an hour of heartbeats, two a minute (for the chart), an event with Chinese text, and a current healthy heartbeat.
    const now = Date.now();
    const history = Array.from({ length: 60 }, (_, i) =>
      envelope('heartbeat', code, { status: 'ok', cpu: 10 + ((i * 7) % 25), memPct: 40 + (i % 5) }, now - (60 - i) * 30_000),
    );
    await ingest(server.baseUrl, secret, [
      ...history,
      envelope('event', code, { type: 'paper_low', severity: 'warning', message: '打印纸即将用完' }, now - 1_000),
      envelope('heartbeat', code, { status: 'ok', cpu: 12 }),
    ]);

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto(`/devices?site=${site.id}`);
      await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
      await page.waitForURL(/\/devices\?site=/);
      const badge = page.getByTestId(`device-health-${code}`);
      await expect.poll(() => badge.getAttribute('data-health')).toBe('online');
      expect(await badge.textContent()).toBe('在线');
      expect(await page.getByTestId(`estate-tree-site-${site.code}`).textContent()).toContain('第一食堂 E2E');
      await page.locator('[data-testid="live-status"][data-status="open"]').waitFor();

      // Mark this page: a reload would lose the mark.
      await page.evaluate(() => Object.assign(window, { __opsdeskNoReload: true }));
      await ingest(server.baseUrl, secret, [envelope('heartbeat', code, { status: 'fault', cpu: 97 })]);
      await expect.poll(() => badge.getAttribute('data-health'), { timeout: 10_000 }).toBe('degraded');
      expect(await badge.textContent()).toBe('降级');
      expect(await page.evaluate(() => (window as { __opsdeskNoReload?: boolean }).__opsdeskNoReload)).toBe(true);
      // The tree's counts follow (one degraded device under the site).
      const siteCounts = page.getByTestId(`estate-tree-site-${site.code}-health`);
      await expect.poll(() => siteCounts.locator('[data-health="degraded"]').textContent()).toBe('1');
      await page.screenshot({ path: path.join(shots, '6-estate-live-degraded.png') });

      await page.getByTestId(`device-link-${code}`).click();
      await page.waitForURL(new RegExp(`/devices/${device.id}`));
      expect(await page.getByTestId('device-code').textContent()).toBe(code);
      expect(await page.getByTestId('device-health').getAttribute('data-health')).toBe('degraded');
      // The server's reason ("reports status fault"), in the reader's language, once the history has loaded.
      await expect.poll(() => page.getByTestId('health-timeline').textContent()).toContain('上报状态：fault');

      await page.getByTestId('device-tab-events').click();
      const eventData = page.getByTestId('device-events').getByTestId('event-data');
      await expect.poll(() => eventData.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('打印纸即将用完')]));
      await page.screenshot({ path: path.join(shots, '7-device-events.png') });

      await page.getByTestId('device-tab-charts').click();
      await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();
      await page.getByTestId('metric-range').getByText('1 小时').click();
      await expect.poll(() => page.getByTestId('metric-range').locator('.ant-segmented-item-selected').textContent()).toBe('1 小时');
      await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();
      await page.waitForTimeout(300); // the segmented control's thumb slides
      await page.screenshot({ path: path.join(shots, '8-device-charts.png') });
    } finally {
      await context.close();
    }
  });

  it('imports devices from a CSV with one bad row and shows the problem by line and field', async () => {
    const n = Date.now() % 100000;
    const admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    const site = await admin.post<{ code: string }>('/sites', { code: `e2e-gate-${n}`, name: `南门 E2E ${n}` });
    const csv = [
      '设备编号,设备名称,站点编号,设备类型,子系统,IP地址',
      `GATE-E2E-${n}-1,南门1号闸机,${site.code},闸机,票务,10.30.0.11`,
      `GATE-E2E-${n}-2,南门2号闸机,${site.code},咖啡机,票务,10.30.0.12`,
    ].join('\r\n');

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/imports');
      await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
      await page.waitForURL(/\/imports$/);
      await page
        .getByTestId('import-upload')
        .locator('input[type="file"]')
        .setInputFiles({ name: '闸机清单.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') });

      // A dry run first (the default): problems listed, nothing written.
      await page.getByTestId('import-submit').click();
      const result = page.getByTestId('import-result');
      await expect.poll(() => result.getAttribute('data-outcome')).toBe('problems');
      const problems = page.getByTestId('import-errors').locator('tr.ant-table-row');
      expect(await problems.count()).toBe(1);
      const problem = await problems.first().textContent();
      expect(problem).toContain('3');
      expect(problem).toContain('设备类型');
      // The reason in the reader's language, from the problem's code and values, not the server's English.
      expect(problem).toContain('应为以下之一：');
      expect(problem).not.toContain('must be one of');

      // The real import is refused whole (422 IMPORT_REJECTED) with the same table.
      await page.getByTestId('import-dry-run').click();
      await page.getByTestId('import-submit').click();
      await expect.poll(() => result.getAttribute('data-outcome')).toBe('rejected');
      expect(await page.getByTestId('import-errors').locator('tr.ant-table-row').count()).toBe(1);
      expect(await page.getByTestId('import-outcome').textContent()).toContain('未导入');
      await page.screenshot({ path: path.join(shots, '9-import-rejected.png') });

      const listed = await admin.get<{ items: unknown[] }>(`/devices?q=GATE-E2E-${n}`);
      expect(listed.items).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the API reference at /docs: Swagger UI renders under the server CSP and calls nothing outside', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(server.baseUrl) && !request.url().startsWith('data:')) problems.push(`left the server: ${request.url()}`);
    });
    try {
      const response = await page.goto('/docs');
      expect(response?.status()).toBe(200);
      const policy = response?.headers()['content-security-policy'];
      expect(policy).toContain("script-src 'self'");
      expect(policy).toBe((await page.request.get('/')).headers()['content-security-policy']);
      await page.locator('.opblock-summary-path[data-path="/api/v1/users"]').first().waitFor();
      expect(await page.locator('.info .title').textContent()).toContain('opsdesk API');
      expect(await page.locator('.opblock-tag').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('users')]));
      await page.screenshot({ path: path.join(shots, '5-api-docs.png') });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
