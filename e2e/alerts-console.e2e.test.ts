/**
 * The alert console as the engineer on duty meets it: an alert raised through the Alertmanager webhook appears in the
 * list (live, without a reload), is acknowledged from its row, and the alert page shows who acknowledged it in its
 * timeline. The list reads in both languages without a translation key showing through.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

interface WebhookAnswer {
  accepted: number;
  results: { id: string | null; status: string; outcome: string; error?: { code: string; message: string } }[];
}

interface AlertView {
  id: string;
  state: string;
  level: number;
  source: string;
  siteId: string | null;
}

/** A translation key showing through instead of its text: `alert.state.firing`, `alertDetail.external`, `nav.alerts`. */
const RAW_KEY = /\b(?:alert|alertDetail|alertRule|silence|maintenance|nav|home|common)\.[a-zA-Z][\w.]*\b/;
/** An interpolation left unfilled. */
const RAW_PLACEHOLDER = /\{\{\s*\w+\s*\}\}/;

describe.skipIf(!executable)('alerts console (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let admin: ApiSession;
  let token = '';
  const n = Date.now() % 100000;
  const site = { id: '', code: `e2e-alerts-${n}`, name: `第一食堂 E2E ${n}` };
  const alertname = `E2eDiskAlmostFull${n}`;

  /** What Alertmanager (0.25+) posts for one firing alert of a group. */
  const alertmanagerPayload = (summary: string) => ({
    version: '4',
    status: 'firing',
    receiver: 'opsdesk',
    groupKey: `{}:{alertname="${alertname}"}`,
    groupLabels: { alertname },
    commonLabels: { alertname, severity: 'critical', site: site.code },
    commonAnnotations: { summary },
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname, severity: 'critical', site: site.code, job: 'node' },
        annotations: { summary, description: '/var is 96% full on the ticketing database host' },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=disk',
        fingerprint: `e2e${n.toString(16).padStart(13, '0')}`,
      },
    ],
  });

  async function postAlertmanager(summary: string): Promise<WebhookAnswer> {
    const response = await fetch(`${server.baseUrl}/api/v1/integrations/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(alertmanagerPayload(summary)),
    });
    if (!response.ok) throw new Error(`alertmanager webhook: ${response.status} ${await response.text()}`);
    return (await response.json()) as WebhookAnswer;
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    site.id = (await admin.post<{ id: string }>('/sites', { code: site.code, name: site.name })).id;
    ({ secret: token } = await admin.post<{ secret: string }>('/tokens', { name: `e2e alertmanager ${n}`, permissions: ['ingest:write'] }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots) console.info(`alerts e2e screenshots: ${shots}`);
  });

  async function signedIn(url: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.goto(url);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
    return { page, close: () => context.close() };
  }

  /** The page's visible text must hold no translation key and no unfilled {{placeholder}}. */
  async function expectNoRawKeys(page: Page, where: string) {
    const text = await page.locator('.ant-layout-content').first().innerText();
    expect(text.match(RAW_KEY)?.[0] ?? null, `a translation key shows on ${where}`).toBeNull();
    expect(text.match(RAW_PLACEHOLDER)?.[0] ?? null, `a placeholder shows on ${where}`).toBeNull();
  }

  it('shows a new alert live, acknowledges it from the row, and the alert page names who acknowledged it', async () => {
    const { page, close } = await signedIn('/alerts');
    try {
      const table = page.getByTestId('alerts-table');
      await table.waitFor({ timeout: 30_000 });
      // The list is open before the alert exists: it must arrive through the live stream, not a reload.
      await expect.poll(() => page.getByTestId('live-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('open');

      const answer = await postAlertmanager('Disk almost full on the ticketing database');
      expect(answer.results[0], JSON.stringify(answer)).toMatchObject({ outcome: 'raised' });
      const alertId = answer.results[0]!.id!;
      const stored = (await admin.get<{ alert: AlertView }>(`/alerts/${alertId}`)).alert;
      expect(stored).toMatchObject({ state: 'firing', level: 1, source: 'alertmanager', siteId: site.id });

      const row = page.getByTestId(`alert-row-${alertId}`);
      await row.waitFor({ timeout: 20_000 });
      expect(await row.getAttribute('data-level')).toBe('1');
      expect(await page.getByTestId(`alert-level-${alertId}`).textContent()).toBe('一级');
      expect(await page.getByTestId(`alert-state-${alertId}`).textContent()).toBe('告警中');
      expect(await row.textContent()).toContain(site.name);
      expect(await row.textContent()).toContain('Alertmanager');
      expect(await page.getByTestId(`alert-link-${alertId}`).textContent()).toBe(alertname);
      expect(await row.textContent()).toContain('Disk almost full on the ticketing database');
      await expect.poll(() => page.getByTestId('alert-count-1-value').textContent(), { timeout: 10_000 }).toBe('1');
      await page.screenshot({ path: path.join(shots, 'alerts-list-firing.png') });

      await page.getByTestId(`alert-ack-${alertId}`).click();
      await expect.poll(() => page.getByTestId(`alert-state-${alertId}`).getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
      expect(await page.getByTestId(`alert-state-${alertId}`).textContent()).toBe('已确认');
      // Acknowledged is still open: it stays in the default list, without the acknowledge button.
      expect(await page.getByTestId(`alert-ack-${alertId}`).count()).toBe(0);
      const afterAck = await admin.get<{ alert: AlertView }>(`/alerts/${alertId}`);
      expect(afterAck.alert.state).toBe('acknowledged');

      // Silence from the row: the form comes prefilled with the alert's labels, counts what it would silence, and wants
      // a reason.
      await page.getByTestId(`alert-silence-${alertId}`).click();
      const matchers = page.getByTestId('silence-matchers').getByTestId('matcher-row');
      await matchers.first().waitFor();
      expect(await matchers.count()).toBeGreaterThanOrEqual(4);
      expect(await matchers.first().locator('input').first().inputValue()).toBe('alertname');
      expect(await matchers.first().locator('input').last().inputValue()).toBe(alertname);
      await expect.poll(() => page.getByTestId('silence-preview').textContent(), { timeout: 10_000 }).toBe('当前会静默 1 条未恢复告警');
      expect(await page.locator('input[data-testid="silence-hours"], [data-testid="silence-hours"] input').first().inputValue()).toBe('2');
      await page.getByTestId('silence-submit').click();
      await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toContain('请说明静默原因');
      await page.getByTestId('silence-comment').fill('扩容磁盘中，预计两小时');
      await page.getByTestId('silence-submit').click();
      await page.getByTestId(`alert-suppressed-${alertId}`).waitFor({ timeout: 20_000 });
      expect(await page.getByTestId(`alert-suppressed-${alertId}`).textContent()).toBe('已静默');
      const silences = await admin.get<{ items: { comment: string; state: string; matchers: { name: string; value: string }[] }[] }>('/silences?state=active');
      expect(silences.items).toHaveLength(1);
      expect(silences.items[0]).toMatchObject({ comment: '扩容磁盘中，预计两小时', state: 'active' });
      expect(silences.items[0]!.matchers).toContainEqual({ name: 'alertname', op: '=', value: alertname });

      await page.getByTestId(`alert-link-${alertId}`).click();
      await page.waitForURL(`**/alerts/${alertId}`);
      await expect.poll(() => page.getByTestId('alert-page-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
      const acknowledged = page.getByTestId('alert-timeline-acknowledged');
      await acknowledged.waitFor({ timeout: 10_000 });
      const me = await admin.get<{ user: { displayName: string } }>('/auth/session');
      expect(await acknowledged.textContent()).toContain(`${me.user.displayName} 确认了告警`);
      expect(await page.getByTestId('alert-timeline-firing').count()).toBe(1);
      expect(await page.getByTestId('alert-detail').textContent()).toContain('Disk almost full on the ticketing database');
      await expectNoRawKeys(page, 'the alert page (zh-CN)');
      await page.screenshot({ path: path.join(shots, 'alert-page-acknowledged.png') });
    } finally {
      await close();
    }
  });

  it('renders the list in Chinese and in English without a translation key showing through', async () => {
    const { page, close } = await signedIn('/alerts?state=all');
    try {
      await page.getByTestId('alerts-table').locator('tr.ant-table-row').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('menu-alerts').textContent()).toBe('告警');
      await expectNoRawKeys(page, 'the alert list (zh-CN)');

      await page.getByTestId('language-switch').click();
      await expect.poll(() => page.getByTestId('menu-alerts').textContent()).toBe('Alerts');
      await expect.poll(() => page.getByTestId('alert-count-1').textContent()).toContain('Open Level 1');
      await expectNoRawKeys(page, 'the alert list (en)');
      await page.screenshot({ path: path.join(shots, 'alerts-list-english.png') });

      // The other alerting pages and the home page, once their data is in (the live stream keeps the network busy,
      // so each waits for what it shows rather than for a quiet network).
      const pages: [string, string][] = [
        ['/alert-rules', 'rules-table'],
        ['/silences', 'silences-table'],
        ['/maintenance-windows', 'maintenance-table'],
        ['/', 'home-alerts'],
      ];
      for (const [url, testId] of pages) {
        await page.goto(url);
        await page.getByTestId(testId).waitFor({ timeout: 15_000 });
        await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 15_000 }).toBe(0);
        await expectNoRawKeys(page, `${url} (en)`);
        await page.screenshot({ path: path.join(shots, `english${url.replaceAll('/', '-') || '-home'}.png`) });
      }
    } finally {
      await close();
    }
  });

  it('creates a rule in the editor after backtesting it unsaved, and plans a maintenance window for a site', async () => {
    const { page, close } = await signedIn('/alert-rules/new');
    try {
      const key = `e2e-silent-${n}`;
      await page.getByTestId('rule-form').waitFor({ timeout: 30_000 });
      await page.getByTestId('rule-key').fill(key);
      await page.getByTestId('rule-name').fill('E2E 闸机失联');
      await page.getByTestId('rule-kind').click();
      await page.locator('.ant-select-item-option', { hasText: '失联' }).click();
      await page.locator('input[data-testid="rule-minutes"], [data-testid="rule-minutes"] input').first().fill('6');
      // The backtest runs on the definition as edited, before anything is saved.
      await page.getByTestId('backtest-run').click();
      await page.getByTestId('backtest-result').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('backtest-current').textContent()).toContain('无（新规则）');
      expect((await admin.get<{ items: { key: string }[] }>('/alert-rules?limit=200')).items.map((r) => r.key)).not.toContain(key);

      await page.getByTestId('rule-save').click();
      await page.waitForURL(/\/alert-rules\/(?!new)[^/]+$/, { timeout: 15_000 });
      const saved = (await admin.get<{ items: { key: string; condition: unknown; level: number; enabled: boolean }[] }>('/alert-rules?limit=200')).items.find((r) => r.key === key);
      expect(saved).toMatchObject({ condition: { kind: 'absence', minutes: 6 }, level: 2, enabled: true });

      await page.goto('/maintenance-windows');
      await page.getByTestId('maintenance-new').click();
      await page.getByTestId('maintenance-name').fill('E2E 停电检修');
      await page.getByTestId('maintenance-site').click();
      await page.locator('.ant-select-item-option', { hasText: site.name }).click();
      await page.getByTestId('maintenance-submit').click();
      const row = page.getByTestId('maintenance-table').locator('tr.ant-table-row', { hasText: 'E2E 停电检修' });
      await row.waitFor({ timeout: 15_000 });
      // The form's default is two hours from the next full hour: planned, not on yet.
      expect(await row.textContent()).toContain('待开始');
      expect(await row.textContent()).toContain(site.name);
      const windows = await admin.get<{ items: { name: string; siteId: string | null; startsAt: string | null; endsAt: string | null; cron: string | null }[] }>('/maintenance-windows');
      const planned = windows.items.find((w) => w.name === 'E2E 停电检修')!;
      expect(planned).toMatchObject({ siteId: site.id, cron: null });
      expect(Date.parse(planned.endsAt!) - Date.parse(planned.startsAt!)).toBe(2 * 3_600_000);
    } finally {
      await close();
    }
  });
});
