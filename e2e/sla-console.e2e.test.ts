/**
 * SLA settings as a dispatcher meets them: the default working-days calendar gets a campus day off in its editor, the
 * year view then shows that day closed beside China's public holidays and make-up workdays (调休上班), and the default
 * policy's preview answers when a level-3 fault reported at 16:30 on Friday 2026-10-09 must be answered — 09:30 on
 * Saturday 10 October, a make-up workday, not on Monday. A range typed wrong is refused under its field. In the
 * incident settings, a grading matrix that grades a worse fault milder is refused on the cell, and a fixed one saves.
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

interface CalendarView {
  id: string;
  name: string;
  version: number;
  calendar: { chinaHolidays: boolean; customDates?: Record<string, { working: boolean }> };
}
interface PolicyView {
  id: string;
  name: string;
}

/** The local date in Beijing today. */
const beijingToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** The first Wednesday of July of a year: never a public holiday nor a make-up day, a working day on 工作日. */
function firstJulyWednesday(year: number): string {
  for (let day = 1; day <= 7; day++) {
    const date = new Date(Date.UTC(year, 6, day));
    if (date.getUTCDay() === 3) return `${year}-07-0${day}`;
  }
  throw new Error('no Wednesday in the first week of July');
}

describe.skipIf(!executable)('SLA console (browser)', () => {
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
    if (shots) console.info(`sla e2e screenshots: ${shots}`);
  });

  async function signedIn(url: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.goto(url);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);
    return { page, close: () => context.close() };
  }

  const dayKind = (page: Page, date: string) => page.getByTestId(`year-day-${date}`).getAttribute('data-kind');

  it('adds a campus day off to the working-days calendar and shows it in the year view beside the public holidays', async () => {
    const calendars = (await admin.get<{ items: CalendarView[]; holidaysKnownUntil: number }>('/sla-calendars')).items;
    const workingDays = calendars.find((c) => c.name === '工作日');
    expect(workingDays, 'the default 工作日 calendar').toBeDefined();
    const year = Number(beijingToday().slice(0, 4));
    const dayOff = firstJulyWednesday(year);

    const { page, close } = await signedIn('/sla-calendars');
    try {
      await page.getByTestId(`calendar-row-${workingDays!.id}`).waitFor({ timeout: 30_000 });
      // Before: an ordinary working day in the year view.
      await page.getByTestId(`calendar-year-${workingDays!.id}`).click();
      await page.getByTestId('calendar-year').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('calendar-year').getAttribute('data-year')).toBe(String(year));
      expect(await dayKind(page, dayOff)).toBe('workday');

      await page.getByTestId('calendar-edit').click();
      await page.getByTestId('calendar-form').waitFor();
      // A wrong range is refused under its field before anything is sent.
      await page.getByTestId('weekly-sat-add').click();
      await page.getByTestId('weekly-sat-0-end').fill('08:00');
      await page.getByTestId('calendar-submit').click();
      await expect.poll(() => page.getByTestId('weekly-sat').locator('.ant-form-item-explain-error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.getByTestId('weekly-sat-0-remove').click();

      await page.getByTestId('custom-date-add').click();
      const date = page.locator('[data-testid="custom-date-0-date"] input, input[data-testid="custom-date-0-date"]').first();
      await date.click();
      await date.fill(dayOff);
      await date.press('Enter');
      await page.screenshot({ path: path.join(shots, 'sla-calendar-editor.png'), fullPage: true });
      await page.getByTestId('calendar-submit').click();
      await expect
        .poll(async () => (await admin.get<CalendarView>(`/sla-calendars/${workingDays!.id}`)).calendar.customDates?.[dayOff], { timeout: 15_000 })
        .toEqual({ working: false });
      const saved = await admin.get<CalendarView>(`/sla-calendars/${workingDays!.id}`);
      expect(saved.version).toBe(workingDays!.version + 1);
      expect(saved.calendar.customDates).toEqual({ [dayOff]: { working: false } });

      // After: the day is the campus's own day off; National Day is a public holiday; weekends rest.
      await expect.poll(() => dayKind(page, dayOff), { timeout: 10_000 }).toBe('customClosed');
      expect(await dayKind(page, `${year}-10-01`)).toBe('holiday');
      expect(await page.getByTestId(`year-day-${year}-10-01`).getAttribute('title')).toContain('国庆节');
      expect(Number((await page.getByTestId('year-count-makeUpWorkday').textContent())?.match(/\d+$/)?.[0])).toBeGreaterThan(0);
      if (year === 2026) {
        // The make-up Saturday after National Day 2026 works the workday hours.
        expect(await dayKind(page, '2026-10-10')).toBe('makeUpWorkday');
        expect(await page.getByTestId('year-day-2026-10-10').getAttribute('title')).toContain('09:00–18:00');
        expect(await dayKind(page, '2026-10-11')).toBe('restDay');
      }
      await page.screenshot({ path: path.join(shots, 'sla-calendar-year.png'), fullPage: true });

      // A year the package does not know yet counts as an ordinary year, and says so.
      const known = (await admin.get<{ holidaysKnownUntil: number }>('/sla-calendars')).holidaysKnownUntil;
      for (let y = year; y <= known; y++) await page.getByTestId('year-next').click();
      expect(await page.getByTestId('calendar-year').getAttribute('data-year')).toBe(String(known + 1));
      await page.getByTestId('year-unknown').waitFor({ timeout: 5_000 });
      expect(await dayKind(page, `${known + 1}-10-01`)).not.toBe('holiday');
    } finally {
      await close();
    }
  }, 120_000);

  it('previews the default policy: a level-3 fault at 16:30 on Friday 2026-10-09 is answered by 09:30 on the make-up Saturday', async () => {
    const policies = (await admin.get<{ items: PolicyView[] }>('/sla-policies')).items;
    const defaults = policies.find((p) => p.name === '默认 SLA');
    expect(defaults, 'the default policy').toBeDefined();

    const { page, close } = await signedIn('/sla-policies');
    try {
      await page.getByTestId(`sla-policy-row-${defaults!.id}`).waitFor({ timeout: 30_000 });
      await page.getByTestId('sla-preview').waitFor();
      await page.getByTestId('sla-preview-level').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '三级' }).first().click();
      const at = page.locator('[data-testid="sla-preview-at"] input, input[data-testid="sla-preview-at"]').first();
      await at.click();
      await at.fill('2026-10-09 16:30');
      await at.press('Enter');

      const respond = page.getByTestId('sla-preview-due-respond');
      await expect.poll(() => respond.getAttribute('data-due'), { timeout: 15_000 }).toBe('2026-10-10T01:30:00.000Z');
      expect(await respond.textContent()).toBe('2026-10-10 09:30:00');
      // On site within 1 business day: the close of business of the next working day after the 9th — the make-up Saturday.
      expect(await page.getByTestId('sla-preview-due-on_site').getAttribute('data-due')).toBe('2026-10-10T10:00:00.000Z');
      // The same answer the API gives.
      const api = await admin.get<{ levels: { targets: { clock: string; dueAt: string }[] }[] }>(
        `/sla-policies/${defaults!.id}/preview?openedAt=${encodeURIComponent('2026-10-09T08:30:00.000Z')}&level=3`,
      );
      const resolve = api.levels[0]!.targets.find((x) => x.clock === 'resolve')!.dueAt;
      expect(await page.getByTestId('sla-preview-due-resolve').getAttribute('data-due')).toBe(resolve);
      await page.screenshot({ path: path.join(shots, 'sla-policy-preview.png'), fullPage: true });
    } finally {
      await close();
    }
  }, 90_000);

  it('refuses a grading matrix out of order on its cell, and saves the workflow settings', async () => {
    const before = await admin.get<{ grading: Record<string, Record<string, number>>; workflow: { autoCloseAfterDays: number }; version: number }>('/incident-settings');
    expect(before.grading.high!.medium).toBe(1);
    const { page, close } = await signedIn('/incident-settings');
    try {
      await page.getByTestId('grading-grid').waitFor({ timeout: 30_000 });
      const chooseLevel = async (cell: string, label: string) => {
        await page.getByTestId(`grading-${cell}-select`).click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
      };
      // High impact × medium urgency graded 三级: milder than medium × medium (二级) and high × low (二级).
      await chooseLevel('high-medium', '三级');
      const cellError = page.getByTestId('grading-grid').locator('.ant-form-item-explain-error');
      await expect.poll(() => cellError.count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.getByTestId('settings-submit').click();
      await page.screenshot({ path: path.join(shots, 'incident-settings-grading.png'), fullPage: true });
      expect((await admin.get<{ version: number }>('/incident-settings')).version).toBe(before.version);

      await chooseLevel('high-medium', '二级');
      await expect.poll(() => cellError.count(), { timeout: 10_000 }).toBe(0);
      const autoClose = page.locator('[data-testid="settings-auto-close"] input, input[data-testid="settings-auto-close"]').first();
      await autoClose.fill('5');
      await autoClose.press('Tab');
      await page.getByTestId('settings-submit').click();
      await expect.poll(async () => (await admin.get<{ version: number }>('/incident-settings')).version, { timeout: 15_000 }).toBe(before.version + 1);
      const after = await admin.get<{ grading: Record<string, Record<string, number>>; workflow: { autoCloseAfterDays: number } }>('/incident-settings');
      expect(after.grading.high!.medium).toBe(2);
      expect(after.workflow.autoCloseAfterDays).toBe(5);

      // The cause categories and teams tabs read their lists.
      await page.getByTestId('settings-tab-causes').click();
      await page.getByTestId('cause-0-code').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('cause-0-code').inputValue()).toBe('hardware');
      await page.getByTestId('settings-tab-teams').click();
      await page.getByTestId('teams-table').waitFor({ timeout: 15_000 });
    } finally {
      await close();
    }
  }, 90_000);
});
