/**
 * Issue 12's capstone, end to end in a browser: the estate simulator (`opsdesk simulate`, the real one, over the ingest
 * API) runs the demo campus with its `payment-failure-spike` scenario; the default "payment failure rate" rule raises
 * a level-1 alert and the alert intake opens an incident for it. On the incident page the suggested plans come up
 * with their reasons (the self-service payment system failure plan, 自助缴费系统故障, should be first: see the
 * `fails` test at the end); the desk takes it, and the engineer works its checklist on a 390 px phone (start, done, a
 * skip with its reason, a reassignment) without sideways scrolling, the desk's ticks arriving live. The counter
 * payments taken by hand are back-filled from a CSV through the incident's import; the war room shows the checklist,
 * the alerts, who is on duty and the timeline; the incident is resolved and confirmed, its close is refused while the
 * plan's back-fill step is open, and goes through once it is ticked.
 *
 * Time: the simulator's fast mode replays the last minutes ending now with the spike over all of them, so the rule's
 * 10-minute window (failure rate above 5%, at least 20 payments) holds the spike when the evaluator next looks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEstateCsv } from '../server/demo.ts';
import { demoCampus } from '../server/simulator/estate.ts';
import { generateEvents } from '../server/simulator/generator.ts';
import { parseScenario } from '../server/simulator/scenarios.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, ApiSession, chromiumPath, ensureConsoleBuilt, launchBrowser, REPO_ROOT, screenshotDir, startServer, submitLogin, type RunningServer } from './helpers.ts';

const executable = chromiumPath();
const PHONE = { width: 390, height: 844 };
const PLAN_KEY = 'selfpay-system-failure';
/** A counter terminal of the service hall (the demo campus): where the payments were taken by hand. */
const COUNTER = 'POS-SH-001';
const SEED = 12;
const RUN_MS = 9 * 60_000;
const SPIKE = 'payment-failure-spike:0s:9m';
/** The rule: outside-channel payments failing above 5% in 10 minutes, at least 20 of them, by site. */
const PAYMENT_CHANNELS = new Set(['wechat', 'alipay', 'unionpay', 'bank']);

/**
 * The run's start and transaction rate: the campus pays little at night and between meals, so the rate is raised until
 * the seeded generator (the simulator's own) gives some site plenty of payments with the spike's failures over the
 * rule's threshold (×4 in the afternoon, ×256 at night) — the run then sends exactly those events.
 */
function paymentRun(): { startIso: string; rate: number } {
  const start = Date.now() - RUN_MS;
  for (const rate of [2, 4, 8, 16, 32, 64, 128, 256, 512]) {
    const bySite = new Map<string, { all: number; failed: number }>();
    for (const e of generateEvents({ estate: demoCampus(), seed: SEED, startMs: start, durationMs: RUN_MS, rate, scenarios: [parseScenario(SPIKE)] })) {
      if (e.kind !== 'txn' || !PAYMENT_CHANNELS.has(String(e.data.channel))) continue;
      const site = bySite.get(e.site ?? '') ?? { all: 0, failed: 0 };
      site.all++;
      if (e.data.status === 'failed') site.failed++;
      bySite.set(e.site ?? '', site);
    }
    if ([...bySite.values()].some((s) => s.all >= 40 && s.failed / s.all > 0.08)) return { startIso: new Date(start).toISOString(), rate };
  }
  throw new Error('the simulator gives no site enough failing payments even at 512 times the rate');
}

interface IncidentView {
  id: string;
  ref: string;
  state: string;
  level: number;
  siteId: string;
  source: string;
  major: unknown;
}
interface IncidentDetail {
  incident: IncidentView;
  timeline: { kind: string; actorId: string | null; details: Record<string, unknown> }[];
  alerts: { alertId: string }[];
}
interface AlertView {
  id: string;
  name: string;
  state: string;
  level: number;
}
interface Step {
  key: string;
  version: number;
  phase: string;
  status: string;
  backfill: boolean;
  assignee: { userId: string; name: string } | null;
  doneBy: { userId: string } | null;
  skipReason: string | null;
}
interface Checklist {
  planKey: string;
  steps: Step[];
}

/** The wall clock in Beijing (the campus's zone) `minutesAgo` minutes ago, as the import template writes it. */
const beijingWallClock = (minutesAgo: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(Date.now() - minutesAgo * 60_000));
const beijingDate = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));

function simulate(args: string[]): Promise<{ code: number | null; output: string }> {
  const child: ChildProcess = spawn(process.execPath, ['bin/opsdesk.mjs', 'simulate', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe.skipIf(!executable)('payment failure → the self-service payment plan → back-fill → closed (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let admin: ApiSession;
  const n = Date.now() % 100000;
  const password = 'Plan-E2e-Passphrase-5821';
  const engineer = { id: '', username: `e2e.plan.zhao.${n}`, displayName: `赵工 预案 ${n}` };
  const cashier = { id: '', username: `e2e.plan.li.${n}`, displayName: `李会计 预案 ${n}` };
  const roster = { id: '', name: `E2E 自助缴费值班 ${n}` };
  let ingestToken = '';
  let importedAt = 0;
  /** the suggested plans' keys as the incident page lists them, best first */

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    const csv = demoEstateCsv();
    await admin.send('POST', '/imports/sites', csv.sites, 'text/csv');
    await admin.send('POST', '/imports/devices', csv.devices, 'text/csv');
    importedAt = Date.now();
    const user = async (who: { id: string; username: string; displayName: string }, roleIds: string[]) => {
      who.id = (await admin.post<{ id: string }>('/users', { username: who.username, displayName: who.displayName, password, roleIds, siteIds: null })).id;
    };
    await user(engineer, ['engineer']);
    await user(cashier, ['engineer']);
    roster.id = (
      await admin.post<{ id: string }>('/rosters', {
        name: roster.name,
        zone: 'Asia/Shanghai',
        layers: [{ name: '驻场工程师', rotation: { kind: 'daily', handover: '00:00', startDate: beijingDate(-1), participants: [engineer.id] } }],
      })
    ).id;
    // The counter's cashier is on duty in a roster of their own (the engineer's step picker offers them).
    await admin.post('/rosters', {
      name: `E2E 收款值班 ${n}`,
      zone: 'Asia/Shanghai',
      layers: [{ name: '收款复核', rotation: { kind: 'daily', handover: '00:00', startDate: beijingDate(-1), participants: [cashier.id] } }],
    });
    ingestToken = (await admin.post<{ secret: string }>('/tokens', { name: `e2e plan simulator ${n}`, permissions: ['ingest:write'] })).secret;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots) console.info(`payment failure plan e2e screenshots: ${shots}`);
  });

  async function signedIn(context: BrowserContext, url: string, username: string, pass = password): Promise<Page> {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    await submitLogin(page, username, pass);
    return page;
  }

  const detail = (id: string) => admin.get<IncidentDetail>(`/incidents/${id}`);
  const checklist = (id: string) => admin.get<Checklist>(`/incidents/${id}/plan`);
  const stateOn = (page: Page) => page.getByTestId('incident-page-state').getAttribute('data-state');
  const stepStatus = (page: Page, key: string) => page.getByTestId(`plan-step-${key}`).getAttribute('data-status');
  const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  it('runs the plan from the simulator’s payment failures to the closed incident', async () => {
    const began = Date.now();
    const mark = (stage: string) => console.info(`payment failure plan: ${stage} after ${((Date.now() - began) / 1000).toFixed(1)} s`);

    // ——— 1. The simulator's payment failures raise the rule's level-1 alert; the intake opens its incident. ———
    // The evaluator learns of new devices when it reloads the estate, at most every 30 s: a payment from a terminal it
    // does not know yet is not counted (the lifecycle test waits for the same reason).
    const runAfterImport = importedAt + 32_000;
    if (Date.now() < runAfterImport) await new Promise((resolve) => setTimeout(resolve, runAfterImport - Date.now()));
    const run = paymentRun();
    const ran = await simulate(['--target', server.baseUrl, '--token', ingestToken, '--fast', '--seed', String(SEED), '--start', run.startIso, '--duration', '9m', '--rate', String(run.rate), '--scenario', SPIKE]);
    expect(ran.code, ran.output).toBe(0);
    expect(ran.output).toContain('payment-failure-spike');
    let alert: AlertView | undefined;
    await expect
      .poll(
        async () => {
          const alerts = (await admin.get<{ items: AlertView[] }>('/alerts?limit=200')).items;
          alert = alerts.find((a) => a.name === 'payment-failure-rate' && a.state === 'firing');
          return alert ? 'firing' : JSON.stringify(alerts.map((a) => [a.name, a.state]));
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe('firing');
    expect(alert!.level).toBe(1);
    mark(`alert firing (rate ×${run.rate})`);
    let incidentId = '';
    await expect
      .poll(
        async () => {
          for (const candidate of (await admin.get<{ items: IncidentView[] }>('/incidents?limit=100')).items.filter((i) => i.source === 'alert')) {
            if ((await detail(candidate.id)).alerts.some((a) => a.alertId === alert!.id)) incidentId = candidate.id;
          }
          return incidentId !== '';
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(true);
    const opened = (await detail(incidentId)).incident;
    expect(opened).toMatchObject({ level: 1, source: 'alert', state: 'new' });
    mark('incident opened');

    const desk = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    try {
      // ——— 2. The incident page suggests the plans, the self-service payment system failure plan first; the desk takes it. ———
      const page = await signedIn(desk, `/incidents/${incidentId}`, ADMIN_USERNAME, ADMIN_PASSWORD);
      const suggestion = page.getByTestId(`plan-suggestion-${PLAN_KEY}`);
      await suggestion.waitFor({ timeout: 30_000 });
      const ranking = await page.getByTestId('plan-suggestions').locator('[data-rank]').evaluateAll((nodes) => nodes.map((node) => (node.getAttribute('data-testid') ?? '').replace('plan-suggestion-', '')));
      console.info(`payment failure plan: suggestions in order ${ranking.join(', ')}`);
      expect(ranking[0], 'the plan whose trigger names the payment failure rule comes first').toBe(PLAN_KEY);
      expect(await suggestion.textContent()).toContain('自助缴费系统故障');
      expect(await suggestion.getByTestId('plan-reason-alertRule').getAttribute('data-value')).toBe('payment-failure-rate');
      await page.screenshot({ path: path.join(shots, 'plan-1-suggestions.png'), fullPage: true });
      await page.getByTestId(`plan-take-${PLAN_KEY}`).click();
      await page.getByTestId('plan-checklist').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('plan-panel').getAttribute('data-plan')).toBe(PLAN_KEY);
      // A level-1 incident running a plan offers its war room prominently.
      expect(await page.getByTestId('plan-war-room-link').getAttribute('data-prominent')).toBe('yes');
      expect(await page.getByTestId('plan-backfill-blocker').count()).toBe(1);
      mark('plan taken');

      const steps = (await checklist(incidentId)).steps;
      expect(steps.length).toBeGreaterThanOrEqual(8);
      const backfillStep = steps.find((s) => s.backfill)!;
      expect(backfillStep, 'the plan has a back-fill step').toBeDefined();
      const open = steps.filter((s) => !s.backfill);
      const [first, toSkip, toReassign] = [open[0]!, open[2]!, open[1]!];

      // ——— 3. The engineer works the checklist on a phone: start, done, skip with a reason, reassign. ———
      const phone = await browser.newContext({ baseURL: server.baseUrl, viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
      try {
        const mobile = await signedIn(phone, `/incidents/${incidentId}`, engineer.username);
        await mobile.getByTestId('plan-checklist').waitFor({ timeout: 30_000 });
        expect(await noSideways(mobile)).toBeLessThanOrEqual(PHONE.width);
        const box = await mobile.getByTestId(`plan-step-${first.key}`).boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
        const startButton = await mobile.getByTestId(`plan-step-${first.key}-start`).boundingBox();
        expect(startButton!.height, 'a finger-sized button').toBeGreaterThanOrEqual(36);
        await mobile.screenshot({ path: path.join(shots, 'plan-2-phone-checklist.png'), fullPage: true });

        await mobile.getByTestId(`plan-step-${first.key}-start`).click();
        await expect.poll(() => stepStatus(mobile, first.key), { timeout: 10_000 }).toBe('started');
        await mobile.getByTestId(`plan-step-${first.key}-done`).click();
        await expect.poll(() => stepStatus(mobile, first.key), { timeout: 10_000 }).toBe('done');
        expect(await mobile.getByTestId(`plan-step-${first.key}-finished`).getAttribute('data-by')).toBe(engineer.displayName);

        // A skip asks for its reason and refuses to go without one.
        await mobile.getByTestId(`plan-step-${toSkip.key}-skip`).click();
        await mobile.getByTestId('plan-skip-submit').click();
        await mobile.locator('.ant-form-item-explain-error').first().waitFor({ timeout: 5_000 });
        expect(await stepStatus(mobile, toSkip.key)).toBe('pending');
        const reason = '服务大厅人工窗口已开放，此步骤不适用';
        await mobile.getByTestId('plan-skip-reason').fill(reason);
        expect(await noSideways(mobile)).toBeLessThanOrEqual(PHONE.width);
        await mobile.getByTestId('plan-skip-submit').click();
        await expect.poll(() => stepStatus(mobile, toSkip.key), { timeout: 10_000 }).toBe('skipped');
        expect(await mobile.getByTestId(`plan-step-${toSkip.key}-reason`).getAttribute('data-reason')).toBe(reason);

        // A step given to a colleague by the people picker.
        await mobile.getByTestId(`plan-step-${toReassign.key}-reassign`).click();
        await mobile.getByTestId('plan-reassign-select').click();
        await mobile.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: cashier.displayName }).click();
        await mobile.getByTestId('plan-reassign-submit').click();
        await expect.poll(() => mobile.getByTestId(`plan-step-${toReassign.key}-assignee`).textContent(), { timeout: 10_000 }).toBe(cashier.displayName);

        await mobile.getByTestId(`plan-step-${toReassign.key}-done`).click();
        await expect.poll(() => stepStatus(mobile, toReassign.key), { timeout: 10_000 }).toBe('done');

        // Meanwhile the desk ticks the rest as the others report them done (the back-fill step stays open); the
        // engineer's phone follows without a reload.
        const rest = (await checklist(incidentId)).steps.filter((s) => !s.backfill && s.status !== 'done' && s.status !== 'skipped');
        for (const step of rest) await admin.send('PATCH', `/incidents/${incidentId}/plan/steps/${step.key}`, { action: 'done', version: step.version });
        for (const step of rest) await expect.poll(() => stepStatus(mobile, step.key), { timeout: 20_000 }).toBe('done');
        expect(await noSideways(mobile)).toBeLessThanOrEqual(PHONE.width);
        await mobile.screenshot({ path: path.join(shots, 'plan-3-phone-ticked.png'), fullPage: true });
      } finally {
        await phone.close();
      }
      mark('steps ticked on the phone');
      const worked = await checklist(incidentId);
      const byKey = new Map(worked.steps.map((s) => [s.key, s]));
      expect(byKey.get(first.key)).toMatchObject({ status: 'done', doneBy: { userId: engineer.id } });
      expect(byKey.get(toSkip.key)).toMatchObject({ status: 'skipped', skipReason: '服务大厅人工窗口已开放，此步骤不适用' });
      expect(byKey.get(toReassign.key)).toMatchObject({ status: 'done', assignee: { userId: cashier.id } });
      expect(byKey.get(backfillStep.key)!.status).toBe('pending');

      // The desk's page followed live: the engineer's ticks show without a reload.
      await expect.poll(() => stepStatus(page, toSkip.key), { timeout: 20_000 }).toBe('skipped');

      // ——— 4. The counter payments taken by hand, back-filled from a CSV. ———
      const rows = [
        ['收款', `SH-${n}-0001`, COUNTER, beijingWallClock(6), '35.50', '现金', '', '', '电费 人工收款'],
        ['收款', `SH-${n}-0002`, COUNTER, beijingWallClock(4), '120.00', '现金', '', '', '网费 人工收款'],
        ['收款', `SH-${n}-0003`, COUNTER, beijingWallClock(2), '60', '微信', '', '', '学杂费 人工收款'],
      ];
      const csv = ['类型,记录号,设备编号,时间,金额（元）,支付方式,账号,卡号,备注', ...rows.map((r) => r.join(','))].join('\n') + '\n';
      await page.getByTestId('backfill-import').click();
      const importer = page.getByTestId('backfill-importer');
      await importer.locator('input[type=file]').setInputFiles({ name: 'counter-payments.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByTestId('backfill-check').click();
      await expect.poll(() => page.getByTestId('backfill-import-result').getAttribute('data-clean'), { timeout: 15_000 }).toBe('yes');
      await page.getByTestId('backfill-commit').click();
      await expect.poll(async () => (await page.getByTestId('backfill-records').textContent()) ?? '', { timeout: 15_000 }).toContain(`SH-${n}-0003`);
      await page.screenshot({ path: path.join(shots, 'plan-4-backfilled.png'), fullPage: true });
      await importer.locator('.ant-modal-close').click();
      const records = await admin.get<{ totals: { count: number; amountFen: number } }>(`/incidents/${incidentId}/backfill`);
      expect(records.totals).toMatchObject({ count: 3, amountFen: 21_550 });
      mark('back-filled');

      // ——— 5. The war room: checklist, SLA clocks, who is on duty, the alert, the timeline. ———
      await page.getByTestId('plan-war-room-link').click();
      await page.waitForURL(`**/incidents/${incidentId}/war-room`);
      await page.getByTestId('war-room').waitFor({ timeout: 15_000 });
      await page.getByTestId('plan-checklist').waitFor({ timeout: 15_000 });
      expect(await stepStatus(page, toSkip.key)).toBe('skipped');
      await page.getByTestId(`war-room-on-duty-${engineer.id}`).waitFor({ timeout: 15_000 });
      await page.getByTestId(`war-room-on-duty-${cashier.id}`).waitFor();
      expect(await page.getByTestId('war-room-on-duty').textContent()).toContain(roster.name);
      await page.getByTestId(`incident-alert-${alert!.id}`).waitFor({ timeout: 15_000 });
      await page.getByTestId('incident-sla-respond').waitFor();
      const timeline = page.getByTestId('incident-timeline');
      await timeline.getByTestId('incident-timeline-plan_step_skipped').first().waitFor({ timeout: 15_000 });
      expect(await timeline.getByTestId('incident-timeline-plan_attached').count()).toBe(1);
      expect(await timeline.getByTestId('incident-timeline-backfill').count()).toBeGreaterThanOrEqual(1);
      await page.screenshot({ path: path.join(shots, 'plan-5-war-room.png'), fullPage: true });
      await page.getByTestId('war-room-back').click();
      await page.waitForURL(`**/incidents/${incidentId}`);
      mark('war room');

      // ——— 6. Resolved, confirmed; the close is refused while the back-fill step is open, and goes through once it is ticked. ———
      await page.getByTestId('incident-action-take').click();
      await expect.poll(() => stateOn(page), { timeout: 15_000 }).toBe('acknowledged');
      await page.getByTestId('incident-action-start_work').click();
      await expect.poll(() => stateOn(page), { timeout: 15_000 }).toBe('in_progress');
      await page.getByTestId('incident-action-resolve').click();
      await page.getByTestId('incident-fix').fill('支付通道恢复；故障期间服务大厅人工收款已补录入账');
      await page.getByTestId('incident-cause').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
      await page.getByTestId('incident-transition-submit').click();
      await expect.poll(() => stateOn(page), { timeout: 15_000 }).toBe('resolved');
      // The client's representative for the site confirms (not the resolver); a major incident records its review first.
      const client = { username: `e2e.plan.client.${n}`, displayName: `甲方 吴 ${n}` };
      await admin.post('/users', { ...client, password, roleIds: ['client'], siteIds: [opened.siteId] });
      const other = await ApiSession.login(server.baseUrl, client.username, password);
      if ((await detail(incidentId)).incident.major) {
        await admin.post(`/incidents/${incidentId}/transitions`, { kind: 'record_review', summary: '支付通道故障，按预案切换人工收款并补录' });
      }
      await other.post(`/incidents/${incidentId}/transitions`, { kind: 'confirm', comment: '已恢复' });
      await expect.poll(() => stateOn(page), { timeout: 20_000 }).toBe('confirmed');
      mark('confirmed');

      await page.getByTestId('incident-action-close').click();
      await page.getByTestId('incident-transition-submit').click();
      await page.locator('.ant-message').getByText('预案的补录步骤未完成').waitFor({ timeout: 15_000 });
      expect((await detail(incidentId)).incident.state).toBe('confirmed');
      if (await page.getByTestId('incident-transition-submit').isVisible()) await page.keyboard.press('Escape');
      await page.screenshot({ path: path.join(shots, 'plan-6-close-blocked.png'), fullPage: true });

      await page.getByTestId(`plan-step-${backfillStep.key}-done`).click();
      await expect.poll(() => stepStatus(page, backfillStep.key), { timeout: 10_000 }).toBe('done');
      await page.getByTestId('plan-backfill-clear').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('plan-backfill-blocker').count()).toBe(0);
      await page.getByTestId('incident-action-close').click();
      await page.getByTestId('incident-transition-submit').click();
      await expect.poll(() => stateOn(page), { timeout: 15_000 }).toBe('closed');
      // Closed: the checklist stays to read, with no buttons left.
      expect(await page.getByTestId(`plan-step-${backfillStep.key}-done`).count()).toBe(0);
      await page.screenshot({ path: path.join(shots, 'plan-7-closed.png'), fullPage: true });
      mark('closed');

      const closed = await detail(incidentId);
      expect(closed.incident.state).toBe('closed');
      expect(closed.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['plan_attached', 'plan_step_done', 'plan_step_skipped', 'backfill', 'resolve', 'confirm', 'close']));
    } finally {
      await desk.close();
    }
  }, 480_000);
});
