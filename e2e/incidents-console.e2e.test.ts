/**
 * The incidents console as the desk meets it: a fault reported through the request form is graded and listed, an
 * incident opened meanwhile arrives in the list live, the engineer takes it, starts work and resolves it with a cause
 * from the taxonomy, and the timeline shows each step with who did it. A client sees only their own site's incidents.
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

interface IncidentView {
  id: string;
  ref: string;
  title: string;
  state: string;
  level: number;
  siteId: string;
  source: string;
  fix: string | null;
  causeCategory: string | null;
  assignee: { kind: string; id: string; name: string } | null;
  sla: { clock: string; status: string; standing: string }[];
}

describe.skipIf(!executable)('incidents console (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let admin: ApiSession;
  const n = Date.now() % 100000;
  const canteen = { id: '', code: `e2e-inc-a-${n}`, name: `第二食堂 E2E ${n}` };
  const library = { id: '', code: `e2e-inc-b-${n}`, name: `图书馆 E2E ${n}` };
  const client = { username: `e2e.client.${n}`, password: 'Canteen-Client-Passphrase-5813' };

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    canteen.id = (await admin.post<{ id: string }>('/sites', { code: canteen.code, name: canteen.name })).id;
    library.id = (await admin.post<{ id: string }>('/sites', { code: library.code, name: library.name })).id;
    await admin.post('/users', { username: client.username, displayName: '甲方代表 E2E', password: client.password, roleIds: ['client'], siteIds: [canteen.id] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots) console.info(`incidents e2e screenshots: ${shots}`);
  });

  async function signedIn(url: string, username = ADMIN_USERNAME, password = ADMIN_PASSWORD): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.goto(url);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    await submitLogin(page, username, password);
    return { page, close: () => context.close() };
  }

  const incidentsOf = async (session: ApiSession) => (await session.get<{ items: IncidentView[] }>('/incidents?limit=200')).items;

  it('files a fault through the form, lists it, and takes it through to resolved with a cause on the timeline', async () => {
    const { page, close } = await signedIn('/incidents/new');
    try {
      const title = `E2E 第二食堂 3 号消费机无法刷卡 ${n}`;
      await page.getByTestId('incident-form').waitFor({ timeout: 30_000 });
      await page.getByTestId('incident-form-site').click();
      await page.locator('.ant-select-item-option', { hasText: canteen.name }).click();
      // Impact medium × urgency high: 一级 by the default matrix, shown before submitting.
      await page.getByTestId('incident-form-urgency').getByText('高', { exact: true }).click();
      await expect.poll(() => page.getByTestId('incident-form-level-hint').getAttribute('data-level')).toBe('1');
      expect(await page.getByTestId('incident-form-level-hint').textContent()).toContain('一级');
      await page.getByTestId('incident-form-title').fill(title);
      await page.getByTestId('incident-form-description').fill('午餐高峰，3 号机刷卡无反应，已重启一次无效');
      await page.getByTestId('incident-form-reporter-name').fill('王师傅');
      await page.getByTestId('incident-form-reporter-phone').fill('13800138000');
      await page.getByTestId('incident-form-submit').click();
      await page.waitForURL(/\/incidents\/(?!new)[^/]+$/, { timeout: 15_000 });

      const filed = (await incidentsOf(admin)).find((i) => i.title === title)!;
      expect(filed).toMatchObject({ state: 'new', level: 1, siteId: canteen.id, source: 'form' });
      expect(filed.sla.map((s) => s.clock).sort()).toEqual(['on_site', 'resolve', 'respond']);
      expect(page.url()).toContain(`/incidents/${filed.id}`);
      expect(await page.getByTestId('incident-ref').textContent()).toBe(filed.ref);
      expect(await page.getByTestId('incident-page-level').textContent()).toBe('一级');
      expect(await page.getByTestId('incident-page-state').textContent()).toBe('新建');
      // The three clocks are running, each with its due instant.
      for (const clock of ['respond', 'on_site', 'resolve']) {
        expect(await page.getByTestId(`incident-sla-${clock}`).getAttribute('data-status')).toBe('running');
      }

      // The list: the new incident with its number, level, state, site and the running respond clock.
      await page.getByTestId('incident-back').click();
      const table = page.getByTestId('incidents-table');
      await table.waitFor({ timeout: 15_000 });
      await expect.poll(() => page.getByTestId('live-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('open');
      const row = page.getByTestId(`incident-row-${filed.id}`);
      await row.waitFor({ timeout: 15_000 });
      expect(await page.getByTestId(`incident-link-${filed.id}`).textContent()).toBe(filed.ref);
      expect(await page.getByTestId(`incident-level-${filed.id}`).textContent()).toBe('一级');
      expect(await page.getByTestId(`incident-state-${filed.id}`).textContent()).toBe('新建');
      expect(await row.textContent()).toContain(canteen.name);
      expect(await page.getByTestId(`incident-sla-${filed.id}`).getAttribute('data-clock')).toBe('respond');
      expect(await page.getByTestId(`incident-sla-${filed.id}`).getAttribute('data-standing')).toBe('ok');

      // Another incident opened elsewhere arrives in the open list through the stream, without a reload.
      const phoned = await admin.post<IncidentView>('/incidents', {
        title: `E2E 图书馆闸机不开 ${n}`,
        siteId: library.id,
        impact: 'low',
        urgency: 'low',
        channel: 'phone',
        reporterName: '李老师',
      });
      await page.getByTestId(`incident-row-${phoned.id}`).waitFor({ timeout: 20_000 });
      expect(await page.getByTestId(`incident-level-${phoned.id}`).textContent()).toBe('三级');
      // The search finds one by its number.
      await page.getByTestId('incidents-filter-search').locator('input').fill(filed.ref);
      await page.getByTestId('incidents-filter-search').locator('input').press('Enter');
      await expect.poll(() => table.locator('tr.ant-table-row').count(), { timeout: 10_000 }).toBe(1);
      await page.screenshot({ path: path.join(shots, 'incidents-list.png') });

      // Take it, start work, resolve it with the fix and a cause from the taxonomy.
      await page.getByTestId(`incident-link-${filed.id}`).click();
      await page.waitForURL(`**/incidents/${filed.id}`);
      await page.getByTestId('incident-action-take').click();
      await expect.poll(() => page.getByTestId('incident-page-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
      expect(await page.getByTestId('incident-sla-respond').getAttribute('data-status')).toBe('stopped');
      expect(await page.getByTestId('incident-action-take').count()).toBe(0);
      await page.getByTestId('incident-action-start_work').click();
      await expect.poll(() => page.getByTestId('incident-page-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('in_progress');

      await page.getByTestId('incident-action-resolve').click();
      await page.getByTestId('incident-transition-submit').click();
      // Both the fix and the cause are required before anything is sent.
      await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBe(2);
      await page.getByTestId('incident-fix').fill('更换读卡模块，重新下发黑名单');
      await page.getByTestId('incident-cause').click();
      await page.locator('.ant-select-item-option[title="硬件故障"]').click();
      await page.getByTestId('incident-transition-submit').click();
      await expect.poll(() => page.getByTestId('incident-page-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('resolved');
      expect(await page.getByTestId('incident-page-state').textContent()).toBe('已解决');
      expect(await page.getByTestId('incident-fix').textContent()).toBe('更换读卡模块，重新下发黑名单');
      expect(await page.getByTestId('incident-cause-value').textContent()).toBe('硬件故障');
      for (const clock of ['respond', 'on_site', 'resolve']) {
        expect(await page.getByTestId(`incident-sla-${clock}`).getAttribute('data-status')).toBe('stopped');
      }

      // The timeline: opened, taken, started and resolved, oldest first, the steps by the administrator.
      const timeline = page.getByTestId('incident-timeline');
      for (const kind of ['open', 'take', 'start_work', 'resolve']) await timeline.getByTestId(`incident-timeline-${kind}`).waitFor({ timeout: 10_000 });
      const me = await admin.get<{ user: { displayName: string } }>('/auth/session');
      const step = (kind: string, part: 'who' | 'what') => timeline.getByTestId(`incident-timeline-${kind}`).getByTestId(`incident-timeline-${part}`).textContent();
      for (const kind of ['open', 'take', 'start_work', 'resolve']) expect(await step(kind, 'who')).toBe(me.user.displayName);
      expect(await step('open', 'what')).toBe('创建');
      expect(await step('take', 'what')).toBe('接单');
      expect(await step('start_work', 'what')).toBe('开始处理');
      expect(await step('resolve', 'what')).toBe('解决');

      // A comment goes onto the timeline.
      await page.getByTestId('incident-comment-text').fill('已通知食堂经理');
      await page.getByTestId('incident-comment-submit').click();
      await timeline.getByTestId('incident-timeline-comment').waitFor({ timeout: 10_000 });
      expect(await timeline.getByTestId('incident-timeline-comment').textContent()).toContain('已通知食堂经理');
      await page.screenshot({ path: path.join(shots, 'incident-resolved.png'), fullPage: true });

      const stored = (await admin.get<{ incident: IncidentView; timeline: { kind: string }[] }>(`/incidents/${filed.id}`));
      expect(stored.incident).toMatchObject({ state: 'resolved', fix: '更换读卡模块，重新下发黑名单', causeCategory: 'hardware' });
      expect(stored.timeline.map((e) => e.kind)).toEqual(['open', 'take', 'start_work', 'resolve', 'comment']);
    } finally {
      await close();
    }
  });

  it("shows a client only their own site's incidents, and lets them file one for it", async () => {
    const { page, close } = await signedIn('/incidents?state=all', client.username, client.password);
    try {
      const table = page.getByTestId('incidents-table');
      await table.locator('tr.ant-table-row').first().waitFor({ timeout: 30_000 });
      const everything = await incidentsOf(admin);
      const theirs = everything.filter((i) => i.siteId === canteen.id);
      const others = everything.filter((i) => i.siteId !== canteen.id);
      expect(theirs.length).toBeGreaterThan(0);
      expect(others.length).toBeGreaterThan(0);
      await expect.poll(() => table.locator('tr.ant-table-row').count(), { timeout: 10_000 }).toBe(theirs.length);
      for (const incident of theirs) expect(await page.getByTestId(`incident-row-${incident.id}`).count()).toBe(1);
      for (const incident of others) expect(await page.getByTestId(`incident-row-${incident.id}`).count()).toBe(0);
      // The menu offers incidents; an incident of another site is not found.
      expect(await page.getByTestId('menu-incidents').getAttribute('href')).toBe('/incidents');
      await page.goto(`/incidents/${others[0]!.id}`);
      await page.locator('.ant-result-404').waitFor({ timeout: 15_000 });

      // The client files a fault: only their site is offered.
      await page.goto('/incidents/new');
      await page.getByTestId('incident-form').waitFor({ timeout: 15_000 });
      await page.getByTestId('incident-form-site').click();
      // The sites arrive after the form: wait for the options rather than reading an empty list.
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await expect.poll(() => options.allTextContents(), { timeout: 10_000 }).toEqual([canteen.name]);
      await page.locator('.ant-select-item-option', { hasText: canteen.name }).click();
      await page.getByTestId('incident-form-title').fill(`E2E 充值机吞钞 ${n}`);
      await page.getByTestId('incident-form-submit').click();
      await page.waitForURL(/\/incidents\/(?!new)[^/]+$/, { timeout: 15_000 });
      expect(await page.getByTestId('incident-page-state').getAttribute('data-state')).toBe('new');
      // A client may not work on it: no take, assign or resolve.
      expect(await page.getByTestId('incident-actions').locator('button').count()).toBe(0);
      await page.screenshot({ path: path.join(shots, 'incident-client.png') });
    } finally {
      await close();
    }
  });
});
