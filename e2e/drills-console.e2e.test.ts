/**
 * Drills in the console: a drill of the one-card key business failure plan (主备切换) started by hand shows on the
 * month's calendar; its page is marked 演练/DRILL with the drill-mode banner; a step is started and done and another
 * skipped with its reason from the checklist; a finding with its follow-up action is recorded; the drill completed,
 * the report shows each step's expected against actual minutes and the skipped step's reason.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, ApiSession, chromiumPath, ensureConsoleBuilt, launchBrowser, screenshotDir, startServer, submitLogin, type RunningServer } from './helpers.ts';

const executable = chromiumPath();
const TEST_MS = 180_000;

interface Run {
  id: string;
  version: number;
  scheduledFor: string;
  steps: { key: string; version: number; status: string }[];
}

const inputOf = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input, textarea[data-testid="${testId}"]`).first();

describe.skipIf(!executable)('drills console (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let admin: ApiSession;
  let run: Run;

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    const plans = await admin.get<{ items: { id: string; key: string }[] }>('/plans?limit=200');
    const planId = plans.items.find((p) => p.key === 'onecard-key-business-failure')!.id;
    const site = await admin.post<{ id: string }>('/sites', { code: 'drill-campus', name: '演练校区' });
    run = await admin.post<Run>('/drills/runs', { planId, siteIds: [site.id], participants: [], title: '一卡通主备切换演练', start: true });
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots) console.info(`drills e2e screenshots: ${shots}`);
  });

  async function signedIn(url: string) {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript(() => window.localStorage.setItem('opsdesk.locale', 'zh-CN'));
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
    return { page, close: () => context.close() };
  }

  it(
    'shows the drill on the calendar, works its checklist in drill mode, records a finding and reports the times',
    async () => {
      const { page, close } = await signedIn('/drills');
      try {
        await page.getByTestId(`drill-calendar-run-${run.id}`).waitFor({ timeout: 30_000 });
        await page.screenshot({ path: path.join(shots, 'drills-calendar.png') });
        await page.getByTestId(`drill-calendar-run-${run.id}`).click();
        await page.getByTestId('drill-mark').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('drill-mode-banner').isVisible()).toBe(true);
        expect(await page.getByTestId('drill-state').textContent()).toBeTruthy();
        // Started by hand: its owner (the administrator who made it) was told.
        expect(await page.getByTestId('drill-notice').getAttribute('data-state')).toBe('sent');

        const [first, second] = run.steps;
        await page.getByTestId(`drill-step-start-${first!.key}`).click();
        await page.locator(`[data-testid="drill-step-${first!.key}"][data-status="started"]`).waitFor({ timeout: 30_000 });
        await page.getByTestId(`drill-step-done-${first!.key}`).click();
        await page.locator(`[data-testid="drill-step-${first!.key}"][data-status="done"]`).waitFor({ timeout: 30_000 });
        await page.getByTestId(`drill-step-skip-${second!.key}`).click();
        await inputOf(page, 'drill-skip-reason').fill('演练环境无专家远程支持');
        await page.getByTestId('drill-skip-submit').click();
        await page.locator(`[data-testid="drill-step-${second!.key}"][data-status="skipped"]`).waitFor({ timeout: 30_000 });
        await page.screenshot({ path: path.join(shots, 'drills-run.png'), fullPage: true });

        await page.getByRole('tab', { name: /发现与整改|findings/i }).click();
        await page.getByTestId('drill-finding-add').click();
        await inputOf(page, 'drill-finding-text').fill('备用服务器切换超出预计时间');
        await inputOf(page, 'drill-finding-action').fill('编写切换脚本并每季度验证');
        await page.getByTestId('drill-finding-save').click();
        await page.getByText('备用服务器切换超出预计时间').first().waitFor({ timeout: 30_000 });

        await page.getByTestId('drill-complete').click();
        await page.getByTestId('drill-end-submit').click();
        await page.locator('[data-testid="drill-complete"]').waitFor({ state: 'detached', timeout: 30_000 });
        await page.getByRole('tab', { name: /演练报告|report/i }).click();
        await page.getByTestId('drill-report').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('drill-report-skipped').textContent()).toContain('演练环境无专家远程支持');
        expect(await page.getByTestId('drill-report-total').textContent()).not.toBe('—');
        await page.screenshot({ path: path.join(shots, 'drills-report.png'), fullPage: true });

        const report = await admin.get<{ skipped: unknown[]; findings: unknown[]; run: { state: string } }>(`/drills/runs/${run.id}/report`);
        expect(report.run.state).toBe('completed');
        expect(report.skipped).toHaveLength(1);
        expect(report.findings).toHaveLength(1);
      } finally {
        await close();
      }
    },
    TEST_MS,
  );
});
