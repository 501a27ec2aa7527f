/**
 * The plan library in the console: the shipped plans listed in Chinese; the gate-failure plan (验票闸机故障) opened and
 * read by phase; its draft edited in the step editor — a step added without a title is refused by the server and the
 * problem shows at that step's title and in the list; with a title it saves, publishes as version 2, and version 1 is
 * still there to read as it was; a new plan written from scratch (a taken key said at the key) and published; a draft
 * changed by someone else meanwhile is said so and reloaded.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, ApiSession, chromiumPath, ensureConsoleBuilt, launchBrowser, screenshotDir, startServer, submitLogin, type RunningServer } from './helpers.ts';

const executable = chromiumPath();
/** Per test: four page loads and a dozen round trips, on a shared two-core machine. */
const TEST_MS = 180_000;

interface PlanDocument {
  steps: { key: string; title: { zh: string; en?: string } }[];
  prevention: { zh: string; en?: string }[];
}
interface Plan {
  id: string;
  key: string;
  version: number;
  publishedVersion: number | null;
  draftChanged: boolean;
  draft: PlanDocument;
}

/** An antd control's input, whether the test id sits on the input itself or on its wrapper. */
const inputOf = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input, textarea[data-testid="${testId}"]`).first();

describe.skipIf(!executable)('plan library console (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let admin: ApiSession;
  let gate: Plan;
  let added = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    const list = await admin.get<{ items: { id: string; key: string }[] }>('/plans?limit=100');
    gate = await admin.get<Plan>(`/plans/${list.items.find((p) => p.key === 'gate-failure')!.id}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots) console.info(`plans e2e screenshots: ${shots}`);
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

  const plan = () => admin.get<Plan>(`/plans/${gate.id}`);

  it('lists the shipped plans in Chinese and opens the gate-failure plan, its steps by phase', async () => {
    const { page, close } = await signedIn('/plans');
    try {
      await page.getByTestId('plan-row-gate-failure').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('plan-link-gate-failure').textContent()).toBe('验票闸机故障');
      expect(await page.getByTestId('plan-version-gate-failure').textContent()).toContain('v1');
      expect(await page.getByTestId('plan-row-selfpay-system-failure').count()).toBe(1);
      expect(await page.getByTestId('plan-new').isVisible()).toBe(true);
      await page.screenshot({ path: path.join(shots, 'plans-list.png') });

      await page.getByTestId('plan-link-gate-failure').click();
      await page.getByTestId('plan-view').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('plan-title').textContent()).toBe('验票闸机故障');
      expect(await page.getByTestId('plan-published-version').getAttribute('data-version')).toBe('1');
      await expect.poll(() => page.getByTestId('plan-version-shown').getAttribute('data-version'), { timeout: 30_000 }).toBe('1');
      // The handheld check is a fallback step, the gate's repair a recovery step verified by opsdesk.
      await page.locator('[data-testid="plan-view-phase-fallback"] [data-testid="plan-view-step-handheld-check"]').waitFor();
      await page.locator('[data-testid="plan-view-phase-recovery"] [data-testid="plan-view-check-replace-parts"]').waitFor();
      expect(await page.getByTestId('plan-view-step-handheld-check').innerText()).toContain('启用手持验票机验票');
      await page.screenshot({ path: path.join(shots, 'plan-gate-v1.png'), fullPage: true });
    } finally {
      await close();
    }
  }, TEST_MS);

  it('refuses a step without a title at its field, then saves it, publishes version 2, and keeps version 1 readable', async () => {
    const { page, close } = await signedIn(`/plans/${gate.id}?tab=edit`);
    const count = gate.draft.steps.length;
    const step = `plan-step-${count}`;
    try {
      await page.getByTestId('plan-editor').waitFor({ timeout: 30_000 });
      await page.getByTestId('plan-tab-steps').click();
      await page.getByTestId('plan-step-add').click();
      await page.getByTestId(step).waitFor();
      added = await inputOf(page, `${step}-key`).inputValue();
      expect(added).not.toBe('');
      // Publishing waits for the edits to be saved.
      expect(await page.getByTestId('plan-publish').isDisabled()).toBe(true);

      await page.getByTestId('plan-save').click();
      await page.getByTestId('plan-problems').waitFor({ timeout: 30_000 });
      await page.locator(`[data-testid="${step}"] .ant-form-item-explain-error`).first().waitFor();
      expect(await page.getByTestId('plan-problem').count()).toBe(1);
      // Said with its place (the new step, by its number) and the server's reason in the reader's words.
      const problem = await page.getByTestId('plan-problem').innerText();
      expect(problem).toContain(` ${count + 1} · `);
      expect(problem).toContain('至少 1 个字符');
      expect((await plan()).draft.steps).toHaveLength(count);
      await page.screenshot({ path: path.join(shots, 'plan-step-refused.png'), fullPage: true });

      await inputOf(page, `${step}-title-zh`).fill('通知保险公司（E2E）');
      await inputOf(page, `${step}-title-en`).fill('Tell the insurer (E2E)');
      await page.getByTestId('plan-save').click();
      await expect.poll(async () => (await plan()).draft.steps.length, { timeout: 30_000 }).toBe(count + 1);
      await page.getByTestId('plan-draft-changed').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('plan-problems').count()).toBe(0);
      const saved = await plan();
      expect(saved.draft.steps.at(-1)).toMatchObject({ key: added, title: { zh: '通知保险公司（E2E）', en: 'Tell the insurer (E2E)' } });
      expect(saved.draftChanged).toBe(true);

      await expect.poll(() => page.getByTestId('plan-publish').isDisabled(), { timeout: 30_000 }).toBe(false);
      await page.getByTestId('plan-publish').click();
      await expect.poll(() => page.getByTestId('plan-published-version').getAttribute('data-version'), { timeout: 30_000 }).toBe('2');
      expect(await page.getByTestId('plan-draft-changed').count()).toBe(0);
      expect((await plan()).publishedVersion).toBe(2);

      await page.getByTestId('plan-tab-view').click();
      await expect.poll(() => page.getByTestId('plan-version-shown').getAttribute('data-version'), { timeout: 30_000 }).toBe('2');
      await page.getByTestId(`plan-view-step-${added}`).waitFor();

      await page.getByTestId('plan-tab-history').click();
      await page.getByTestId('plan-history-row-2').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('plan-history-row-1').count()).toBe(1);
      // Who published, by the name the server gives (version 1 was shipped: opsdesk's).
      const versions = await admin.get<{ items: { number: number; publishedBy: { userId: string; name: string } | null }[] }>(`/plans/${gate.id}/versions`);
      expect(versions.items.map((v) => v.publishedBy?.name ?? null)).toEqual([expect.any(String), null]);
      expect(await page.getByTestId('plan-history-row-2').textContent()).toContain(versions.items[0]!.publishedBy!.name);
      await page.getByTestId('plan-history-view-1').click();
      await expect.poll(() => page.getByTestId('plan-version-shown').getAttribute('data-version'), { timeout: 30_000 }).toBe('1');
      await page.getByTestId('plan-older-version').waitFor();
      await page.getByTestId('plan-view-step-handheld-check').waitFor();
      expect(await page.getByTestId(`plan-view-step-${added}`).count()).toBe(0);
      await page.screenshot({ path: path.join(shots, 'plan-gate-v1-after-v2.png'), fullPage: true });
    } finally {
      await close();
    }
  }, TEST_MS);

  it('writes a new plan: a taken key is said at the key, then it saves as a draft and publishes as version 1', async () => {
    const { page, close } = await signedIn('/plans/new');
    try {
      await page.getByTestId('plan-editor').waitFor({ timeout: 30_000 });
      await inputOf(page, 'plan-field-key').fill('gate-failure');
      await inputOf(page, 'plan-field-title-zh').fill('售票窗口排队过长（E2E）');
      await inputOf(page, 'plan-field-scope-zh').fill('各售票窗口。');
      await inputOf(page, 'plan-field-impact-zh').fill('游客排队超过 30 分钟。');
      await page.getByTestId('plan-tab-steps').click();
      await inputOf(page, 'plan-step-0-title-zh').fill('开设临时售票窗口');
      await page.getByTestId('plan-save').click();
      // The key is another plan's: said at the key, on the scenario tab.
      await page.locator('.ant-form-item-has-error [data-testid="plan-field-key"], .ant-form-item-has-error input[data-testid="plan-field-key"]').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('plan-problem').count()).toBe(1);

      await inputOf(page, 'plan-field-key').fill('ticket-queue-e2e');
      await page.getByTestId('plan-save').click();
      // Its page, on the editor, not published yet.
      await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/\/plans\/[^/]+\?tab=edit$/);
      await page.getByTestId('plan-published-version').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('plan-published-version').getAttribute('data-version')).toBe('0');
      await page.getByTestId('plan-tab-view').click();
      await page.getByTestId('plan-draft-only').waitFor({ timeout: 30_000 });
      await page.getByTestId('plan-tab-edit').click();
      await page.getByTestId('plan-publish').click();
      await expect.poll(() => page.getByTestId('plan-published-version').getAttribute('data-version'), { timeout: 30_000 }).toBe('1');
      const list = await admin.get<{ items: { key: string; publishedVersion: number | null; draftChanged: boolean }[] }>('/plans?limit=100');
      expect(list.items.find((p) => p.key === 'ticket-queue-e2e')).toMatchObject({ publishedVersion: 1, draftChanged: false });
    } finally {
      await close();
    }
  }, TEST_MS);

  it('says when someone else saved the draft meanwhile, and reloads it', async () => {
    const { page, close } = await signedIn(`/plans/${gate.id}?tab=edit`);
    try {
      await page.getByTestId('plan-editor').waitFor({ timeout: 30_000 });
      // Someone else adds a preventive measure while the page is open.
      const before = await plan();
      const theirs = { ...before.draft, prevention: [...before.draft.prevention, { zh: '每月检查闸机读头（他人）' }] };
      await admin.send('PUT', `/plans/${gate.id}`, { version: before.version, document: theirs });

      await page.getByTestId('plan-tab-prevention').click();
      await page.getByTestId('plan-prevention-add').click();
      await inputOf(page, `plan-prevention-${before.draft.prevention.length}-zh`).fill('我的修改');
      await page.getByTestId('plan-save').click();
      await page.getByTestId('plan-conflict').waitFor({ timeout: 30_000 });
      expect((await plan()).draft.prevention.at(-1)?.zh).toBe('每月检查闸机读头（他人）');

      await page.getByTestId('plan-conflict-reload').click();
      await expect.poll(() => inputOf(page, `plan-prevention-${before.draft.prevention.length}-zh`).inputValue(), { timeout: 30_000 }).toBe('每月检查闸机读头（他人）');
      expect(await page.getByTestId('plan-conflict').count()).toBe(0);
    } finally {
      await close();
    }
  }, TEST_MS);
});
