/**
 * The administration pages as an administrator meets them at 1440 px and on a 390 px phone, in Chinese and English:
 * everybody's API tokens, an unreadable import's line, the audit log's filter, names and times, role names and
 * descriptions, spare-part units and permissions whose pages are still to come.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  ApiSession,
  chromiumPath,
  ensureConsoleBuilt,
  launchBrowser,
  screenshotDir,
  startServer,
  submitLogin,
  type RunningServer,
} from './helpers.ts';

const executable = chromiumPath();

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!executable)('administration pages (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let admin: ApiSession;

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots) console.info(`admin console e2e screenshots: ${shots}`);
  });

  /** A signed-in page at `pathname`, at the given size and language. */
  async function open(
    pathname: string,
    options: { viewport?: { width: number; height: number }; locale?: 'zh-CN' | 'en'; username?: string; password?: string } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const locale = options.locale ?? 'zh-CN';
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: options.viewport ?? DESKTOP, locale });
    await context.addInitScript((chosen) => window.localStorage.setItem('opsdesk.locale', chosen), locale);
    const page = await context.newPage();
    await page.goto(pathname);
    await submitLogin(page, options.username ?? ADMIN_USERNAME, options.password ?? ADMIN_PASSWORD);
    await page.waitForURL((url) => url.pathname === pathname);
    return { context, page };
  }

  /** Creates a user holding `roleIds` and returns their name and an API session. */
  async function userWith(roleIds: string[]): Promise<{ username: string; session: ApiSession }> {
    const username = `e2e.${roleIds.join('-')}.${Math.random().toString(36).slice(2, 8)}`;
    const password = 'Night-Shift-Console-4471';
    await admin.post('/users', { username, displayName: username, password, roleIds, siteIds: null });
    return { username, session: await ApiSession.login(server.baseUrl, username, password) };
  }

  it("lists other users' API tokens with their owner to an administrator, who can revoke them", async () => {
    const { username, session } = await userWith(['dispatcher']);
    const name = `dispatch script ${Date.now() % 100000}`;
    await session.post('/tokens', { name, permissions: ['sites:read'] });

    const { context, page } = await open('/tokens');
    try {
      const owner = page.getByTestId(`token-owner-${name}`);
      await owner.waitFor();
      expect(await owner.textContent()).toContain(username);
      await page.screenshot({ path: path.join(shots, 'admin-1-tokens-everybody.png') });

      await page.getByTestId(`token-revoke-${name}`).click();
      await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
      const row = page.getByTestId('tokens-table').locator('tr', { hasText: name });
      await expect.poll(() => row.textContent()).toContain('已吊销');
      const mine = await session.get<{ items: { name: string; revokedAt: string | null }[] }>('/tokens');
      expect(mine.items.find((token) => token.name === name)?.revokedAt).not.toBeNull();
    } finally {
      await context.close();
    }
  });

  it("shows why a file cannot be read, with the server's line number", async () => {
    // Line 3 opens a quote that is never closed; the parser only notices at the end of the file (line 5).
    const csv = ['站点编号,站点名称', 'e2e-a,甲食堂', '"e2e-b,乙食堂', 'e2e-c,丙食堂', 'e2e-d,丁食堂'].join('\r\n');
    const { context, page } = await open('/imports');
    try {
      await page.getByTestId('import-kind').getByText('站点').click();
      await page
        .getByTestId('import-upload')
        .locator('input[type="file"]')
        .setInputFiles({ name: '站点.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByTestId('import-submit').click();
      const reason = page.getByTestId('import-unreadable');
      await reason.waitFor();
      const text = await reason.textContent();
      expect(text).toContain('第 3 行');
      expect(text).toContain('引号');
      await page.screenshot({ path: path.join(shots, 'admin-2-import-unreadable.png') });
    } finally {
      await context.close();
    }
  });

  it('fits the audit filter, its date pickers and their calendars on a 390 px phone', async () => {
    const { context, page } = await open('/audit', { viewport: PHONE });
    try {
      await page.getByTestId('audit-search').waitFor();
      const within = async (selector: string) => {
        const boxes = await page.locator(selector).evaluateAll((elements) =>
          elements.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getBoundingClientRect().toJSON() as DOMRect),
        );
        expect(boxes.length, selector).toBeGreaterThan(0);
        for (const box of boxes) {
          expect(box.left, selector).toBeGreaterThanOrEqual(0);
          expect(box.right, selector).toBeLessThanOrEqual(PHONE.width);
        }
      };
      await within('.ant-layout-content form .ant-picker');
      await within('.ant-layout-content form .ant-form-item');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

      // Each calendar opens within the screen too.
      const pickers = page.locator('.ant-layout-content form .ant-picker');
      for (let i = 0; i < (await pickers.count()); i++) {
        await pickers.nth(i).click();
        const calendar = '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-panel-container';
        await page.locator(calendar).waitFor();
        await page.waitForTimeout(300); // the calendar slides into place
        await within(calendar);
        if (i === 0) await page.screenshot({ path: path.join(shots, 'admin-3-audit-filter-phone.png') });
        await page.keyboard.press('Escape');
        await page.locator(calendar).waitFor({ state: 'hidden' });
      }
    } finally {
      await context.close();
    }
  });

  it('shows role names, user names and times in the audit log instead of ids and epoch milliseconds', async () => {
    const { username, session } = await userWith(['engineer']);
    const name = `engineer laptop ${Date.now() % 100000}`;
    const token = await session.post<{ token: { id: string } }>('/tokens', { name, permissions: ['sites:read'] });

    const { context, page } = await open('/audit');
    try {
      const table = page.getByTestId('audit-table');
      await page.getByTestId('audit-filter-action').fill('token.create');
      await page.getByTestId('audit-search').click();
      const row = table.locator('tr.ant-table-row').first();
      await expect.poll(() => row.textContent()).toContain('token.create');
      // The actor's role by name, and the target's id shortened (whole in its copy button and tooltip).
      expect(await row.getByTestId('audit-actor-roles').textContent()).toBe('值班工程师');
      expect(await row.textContent()).not.toContain(token.token.id);
      expect(await row.getByTestId('audit-target-id').getAttribute('data-id')).toBe(token.token.id);

      await row.locator('.ant-table-row-expand-icon').click();
      const after = table.getByTestId('audit-after').first();
      await expect.poll(() => after.textContent()).toContain(name);
      // userId names its user.
      expect(await after.getByTestId('audit-field-userId').textContent()).toContain(username);

      // A sign-in records when its session expires, in epoch milliseconds: shown as a time.
      await page.getByTestId('audit-filter-action').fill('auth.login');
      await page.getByTestId('audit-search').click();
      const login = table.locator('tr.ant-table-row').first();
      await expect.poll(() => login.textContent()).toContain('auth.login');
      expect(await login.getByTestId('audit-actor-roles').textContent()).toBe('管理员');
      await login.locator('.ant-table-row-expand-icon').click();
      const expires = table.getByTestId('audit-after').first().getByTestId('audit-field-sessionExpiresAt');
      await expect.poll(() => expires.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
      expect(await expires.textContent()).not.toMatch(/\d{13}/);
      await page.screenshot({ path: path.join(shots, 'admin-4-audit-names-times.png') });
    } finally {
      await context.close();
    }
  });

  it('names built-in roles and describes them in English, custom roles as written, and translates units', async () => {
    const roleId = `night-${Date.now() % 100000}`;
    await admin.post('/roles', { id: roleId, name: '夜班值守', description: '夜间巡检', permissions: ['sites:read'] });
    const sku = `E2E-PAPER-${Date.now() % 100000}`;
    await admin.post('/spare-parts', { sku, name: '热敏打印纸' });

    const { context, page } = await open('/roles', { locale: 'en' });
    try {
      const table = page.getByTestId('roles-table');
      const client = table.locator('tr', { has: page.getByTestId('role-open-client') });
      await expect.poll(() => client.textContent()).toContain('Client representative');
      expect(await client.textContent()).not.toMatch(/[\u4e00-\u9fff]/);
      expect(await table.locator('tr', { has: page.getByTestId('role-open-admin') }).textContent()).toContain('Administrator');
      expect(await table.locator('tr', { has: page.getByTestId(`role-open-${roleId}`) }).textContent()).toContain('夜班值守');
      expect(await table.textContent()).not.toContain('管理员');
      await page.screenshot({ path: path.join(shots, 'admin-5-roles-english.png') });

      await page.getByTestId('menu-spareParts').click();
      const total = page.getByTestId(`part-total-${sku}`);
      await expect.poll(() => total.textContent()).toContain('pcs');
      await page.getByTestId('language-switch').click();
      await expect.poll(() => total.textContent()).toContain('个');
      expect(await total.textContent()).not.toContain('pcs');
    } finally {
      await context.close();
    }
  });

  it('marks permissions whose pages are still to come in the role editor, still editable', async () => {
    const { context, page } = await open('/roles');
    try {
      await page.getByTestId('role-open-dispatcher').click();
      const inspections = page.getByTestId('perm-row-inspections');
      await inspections.waitFor();
      expect(await page.getByTestId('perm-coming-inspections').textContent()).toBe('即将推出');
      // Alerting, paging, incidents and plans have their pages now; users always had.
      expect(await page.getByTestId('perm-coming-plans').count()).toBe(0);
      expect(await page.getByTestId('perm-coming-incidents').count()).toBe(0);
      expect(await page.getByTestId('perm-coming-alerts').count()).toBe(0);
      expect(await page.getByTestId('perm-coming-oncall').count()).toBe(0);
      expect(await page.getByTestId('perm-coming-users').count()).toBe(0);
      expect(await page.getByTestId('perm-inspections:read').isDisabled()).toBe(false);
      await page.screenshot({ path: path.join(shots, 'admin-6-role-coming.png') });
    } finally {
      await context.close();
    }
  });
});
