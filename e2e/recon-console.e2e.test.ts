/**
 * The reconciliation console as the card centre's finance desk meets it: a WeChat Pay trade bill (the shared fixture,
 * business day 2016-05-04) and a card-ledger CSV (opsdesk-ledger/v1, written here to match the bill but for two
 * planted differences: one order missing on our side and one amount off by 1.00 yuan) are uploaded through the
 * upload dialog; the bill said to be a camt statement fails with its findings; the same ledger again is refused as a
 * duplicate with a link to the first import; a dry run shows the two differences and stores nothing; the day is run
 * for the WeChat channel and followed to done; the job shows the two differences; the amount mismatch opens side by
 * side with the amount highlighted and each side's file and line; the maker proposes an adjustment and is shown that
 * they cannot approve it; a second finance user approves it and the difference is resolved, maker and checker on it.
 * Selectors are data-testids and data attributes only, so the test runs before and after the translations merge.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const FIXTURE = path.resolve(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'wechatpay', 'download_bill.vcr.json');
const DAY = '2016-05-04';
const LEDGER_HEADER =
  'txn_id,card_no,account_no,terminal_id,txn_type,amount_fen,balance_before_fen,balance_after_fen,card_counter,txn_time,collected_at,offline,status,channel,channel_order_id,merchant_order_id,third_party_order_id,refund_id';

/** Exact yuan → fen for the bill's cells ("0.01" → 1), never through floating point. */
const fen = (yuan: string) => {
  const [whole, part = ''] = yuan.trim().split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
};

interface LedgerPlan {
  csv: string;
  rows: number;
  /** the bill's order left out of the ledger: missing on our side (长款) */
  missingOrder: string;
  /** the order booked 1.00 yuan more on the card than the bill says */
  mismatchOrder: string;
  /** the ledger's line of that order (1 = header) */
  mismatchLine: number;
  mismatchLedgerFen: number;
  mismatchBillFen: number;
}

/**
 * The card ledger's side of the bill: one recharge per paid order and one refund (money out of the card) per refund
 * row, on the same merchant order id, with the bill's status (its refunds frozen in PROCESSING stay processing), at
 * the bill's minute but no later than 22:30 (the ledger's business day ends at 23:00). Row 10 is left out and row 20
 * is booked 1.00 yuan more.
 */
function ledgerFor(bill: string): LedgerPlan {
  const lines = bill.split(/\r?\n/);
  const header = lines[0]!.split('\t');
  const col = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`the bill has no column ${name}`);
    return index;
  };
  const rows = lines.slice(1).filter((l) => /^\d{4}\/\d/.test(l)).map((l) => l.split('\t'));
  const out: string[] = [];
  let sum = 0;
  const plan = { missingOrder: '', mismatchOrder: '', mismatchLine: 0, mismatchLedgerFen: 0, mismatchBillFen: 0 };
  rows.forEach((cells, i) => {
    const refund = cells[col('交易状态')] === 'REFUND';
    const order = cells[col('商户订单号')]!;
    const billFen = refund ? fen(cells[col('退款金额')]!) : fen(cells[col('订单金额')]!);
    if (i === 10) {
      plan.missingOrder = order;
      return;
    }
    let amount = refund ? -billFen : billFen;
    if (i === 20) {
      amount += refund ? -100 : 100;
      Object.assign(plan, { mismatchOrder: order, mismatchLine: out.length + 2, mismatchLedgerFen: Math.abs(amount), mismatchBillFen: billFen });
    }
    const [date, clock] = cells[col('交易时间')]!.split(' ') as [string, string];
    const [y, m, d] = date.split('/') as [string, string, string];
    let [hh, mm] = clock.split(':').map(Number) as [number, number];
    if (hh >= 22) [hh, mm] = [22, Math.min(mm, 30)];
    const pad = (n: number | string, width = 2) => String(n).padStart(width, '0');
    const time = `${y}-${pad(m)}-${pad(d)} ${pad(hh)}:${pad(mm)}:00`;
    const status = refund && cells[col('退款状态')] === 'PROCESSING' ? 'processing' : 'success';
    const n = out.length + 1;
    const magnitude = Math.abs(amount);
    out.push(
      [`L${pad(n, 6)}`, `62170000${pad(n, 8)}`, `2016${pad(n, 6)}`, 'KIOSK-1', refund ? 'refund' : 'recharge', amount, refund ? magnitude : 0, refund ? 0 : magnitude, 1, time, time, 0, status, 'wechat', '', order, '', ''].join(','),
    );
    sum += amount;
  });
  return { csv: `${[LEDGER_HEADER, ...out, `#END,${out.length},${sum}`].join('\r\n')}\r\n`, rows: out.length, ...plan };
}

/** What the money helper prints: ¥1,234.56. */
const yuan = (f: number) => `¥${Math.floor(f / 100).toLocaleString('en-US')}.${String(f % 100).padStart(2, '0')}`;

// The bill is the shared fixture beside the project (../shared/fixtures), as the server's recon tests read it.
describe.skipIf(!executable || !existsSync(FIXTURE))('reconciliation console (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let dir: string;
  let billFile: string;
  let ledgerFile: string;
  let plan: LedgerPlan;
  let admin: ApiSession;
  const n = Date.now() % 100000;
  const maker = { username: `e2e.recon.maker.${n}`, displayName: `对账员甲 ${n}`, password: 'Recon-Maker-Passphrase-2741' };
  const checker = { username: `e2e.recon.checker.${n}`, displayName: `复核员乙 ${n}`, password: 'Recon-Checker-Passphrase-9152' };

  beforeAll(async () => {
    ensureConsoleBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'opsdesk-e2e-recon-'));
    const bill = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { response: { body: string } }[])[0]!.response.body;
    billFile = path.join(dir, 'wechat-trade-20160504.csv');
    writeFileSync(billFile, bill);
    plan = ledgerFor(bill);
    ledgerFile = path.join(dir, 'ledger-20160504.csv');
    writeFileSync(ledgerFile, plan.csv);
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    // Both hold the finance role (recon:read, write and approve): the rule that the maker cannot approve is the server's and the page's, not a missing permission.
    for (const u of [maker, checker]) await admin.post('/users', { username: u.username, displayName: u.displayName, password: u.password, roleIds: ['finance'], siteIds: null });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (shots) console.info(`recon e2e screenshots: ${shots}`);
  });

  async function signedIn(url: string, who: { username: string; password: string }): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.goto(url);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    await submitLogin(page, who.username, who.password);
    return { page, close: () => context.close() };
  }

  /** Opens the upload dialog, picks the source, chooses the file and uploads it; resolves to the outcome shown. */
  async function upload(page: Page, source: string, file: string): Promise<{ outcome: string; importId: string | null }> {
    await page.getByTestId('recon-upload-open').click();
    await page.getByTestId('recon-upload-form').waitFor();
    await page.getByTestId('recon-upload-source').click();
    await page.getByTestId(`recon-source-option-${source}`).last().click();
    await page.getByTestId('recon-upload-file').locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('recon-upload-submit').click();
    const result = page.getByTestId('recon-upload-result');
    await result.waitFor({ timeout: 60_000 });
    return { outcome: (await result.getAttribute('data-outcome'))!, importId: await result.getAttribute('data-import-id') };
  }

  it('uploads a WeChat bill and a ledger, runs the day, and resolves an amount mismatch with a second approver', async () => {
    const a = await signedIn('/recon/imports', maker);
    const { page } = a;
    let differenceUrl = '';
    try {
      // ——— imports: the bill and the ledger through the dialog, then the ledger again ———
      await page.getByTestId('recon-imports-table').waitFor({ timeout: 30_000 });
      const bill = await upload(page, 'wechat', billFile);
      expect(bill.outcome).toBe('imported');
      // The fixture's order ids were mangled by a spreadsheet: named findings, grouped by code with their counts.
      expect(Number(await page.getByTestId('recon-finding-group-MANGLED_ID').getAttribute('data-count'))).toBeGreaterThan(1000);
      await page.screenshot({ path: path.join(shots, 'recon-1-bill-uploaded.png') });
      await page.getByTestId('recon-upload-close').click();
      // The same bytes said to be a camt.053 statement: refused as a whole (422), its file-level findings shown.
      const wrong = await upload(page, 'camt', billFile);
      expect(wrong.outcome).toBe('failed');
      expect(await page.getByTestId('recon-upload-findings').locator('[data-testid^="recon-finding-group-XML_"]').count()).toBeGreaterThan(0);
      await page.getByTestId('recon-upload-close').click();

      const ledger = await upload(page, 'ledger', ledgerFile);
      expect(ledger.outcome).toBe('imported');
      await page.getByTestId('recon-upload-close').click();
      const again = await upload(page, 'ledger', ledgerFile);
      expect(again.outcome).toBe('duplicate');
      expect(await page.getByTestId('recon-upload-duplicate-link').getAttribute('href')).toBe(`/recon/imports/${ledger.importId}`);
      await page.getByTestId('recon-upload-duplicate-link').click();
      await page.waitForURL(`**/recon/imports/${ledger.importId}`);
      expect(await page.getByTestId('recon-import-status').getAttribute('data-status')).toBe('imported');
      await page.getByTestId('recon-import-records').locator('tr.ant-table-row').first().waitFor({ timeout: 15_000 });
      // Card numbers as the API gives them: masked, the last four shown.
      expect(await page.getByTestId('recon-import-records').textContent()).not.toContain('6217000000000001');

      // ——— the channels' settings: the WeChat channel's daily run moved to 03:30 (sent with the version read) ———
      await page.goto(`/recon/jobs?channel=wechat&day=${DAY}`);
      await page.getByTestId('recon-jobs-table').waitFor({ timeout: 15_000 });
      await page.getByTestId('recon-channels-open').click();
      await page.getByTestId('recon-channel-edit-wechat').click();
      await page.getByTestId('recon-channel-schedule').fill('03:30');
      await page.getByTestId('recon-channel-save-wechat').click();
      await expect.poll(() => page.getByTestId('recon-channel-wechat').textContent(), { timeout: 10_000 }).toContain('03:30 Asia/Shanghai');
      expect((await admin.get<{ items: { id: string; scheduleTime: string; version: number }[] }>('/recon/channels')).items.find((c) => c.id === 'wechat')).toMatchObject({ scheduleTime: '03:30' });
      await page.keyboard.press('Escape');
      await page.getByTestId('recon-channels').waitFor({ state: 'hidden' });

      // ——— the day run for the WeChat channel, followed to done ———
      await page.getByTestId('recon-run-open').click();
      await page.getByTestId('recon-run-form').waitFor();
      // A dry run first: its summary in the dialog, nothing stored.
      await page.getByTestId('recon-run-dry').check();
      await page.getByTestId('recon-run-submit').click();
      const dry = page.getByTestId('recon-dry-result');
      await dry.waitFor({ timeout: 60_000 });
      expect(await dry.getAttribute('data-count')).toBe('2');
      await page.getByTestId('recon-run-dry').uncheck();
      await page.getByTestId('recon-run-submit').click();
      const row = page.locator(`[data-testid^="recon-job-row-"][data-day="${DAY}"][data-channel="wechat"]`);
      await row.waitFor({ timeout: 15_000 });
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 90_000, interval: 1_000 }).toBe('done');
      expect(await row.count()).toBe(1);
      await page.screenshot({ path: path.join(shots, 'recon-2-jobs.png') });
      await row.locator('a[data-testid^="recon-job-link-"]').click();
      await page.waitForURL(/\/recon\/jobs\/[^/?]+$/);

      // ——— the job: summary and the two planted differences ———
      await page.getByTestId('recon-diffs-table').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('recon-job-status').getAttribute('data-status')).toBe('done');
      expect(await page.getByTestId('recon-job-summary-differences').getAttribute('data-count')).toBe('2');
      expect(await page.getByTestId('recon-summary-missing-ours').getAttribute('data-count')).toBe('1');
      expect(await page.getByTestId('recon-summary-amount-mismatch').getAttribute('data-count')).toBe('1');
      const diffRows = page.getByTestId('recon-diffs-table').locator('tr[data-kind]');
      await expect.poll(() => diffRows.count(), { timeout: 10_000 }).toBe(2);
      expect((await diffRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).sort()).toEqual(['amount-mismatch', 'missing-ours']);
      await page.getByTestId('recon-trend-chart').waitFor({ timeout: 15_000 });
      await page.screenshot({ path: path.join(shots, 'recon-3-job.png'), fullPage: true });
      // The filters live in the URL: a link to the job's amount mismatches lists that one alone.
      const jobPath = new URL(page.url()).pathname;
      await page.goto(`${jobPath}?kind=amount-mismatch`);
      await expect.poll(() => page.getByTestId('recon-diffs-table').locator('tr[data-kind]').count(), { timeout: 10_000 }).toBe(1);

      // ——— the amount mismatch side by side ———
      await page.locator('tr[data-kind="amount-mismatch"] a[data-testid^="recon-diff-link-"]').click();
      await page.waitForURL(/\/recon\/differences\/[^/]+$/);
      differenceUrl = new URL(page.url()).pathname;
      const amount = page.getByTestId('recon-diff-field-amountFen');
      await amount.waitFor({ timeout: 15_000 });
      expect(await amount.getAttribute('data-differs')).toBe('true');
      expect(await page.getByTestId('recon-side-left-0-amountFen').textContent()).toBe(yuan(plan.mismatchLedgerFen));
      expect(await page.getByTestId('recon-side-right-0-amountFen').textContent()).toBe(yuan(plan.mismatchBillFen));
      expect(await page.getByTestId('recon-diff-field-merchantOrderId').getAttribute('data-differs')).toBe('false');
      expect(await page.getByTestId('recon-side-left-0-merchantOrderId').textContent()).toBe(plan.mismatchOrder);
      // (a scrolling table draws its header twice: the first is the visible one)
      const ours = page.getByTestId('recon-side-left-0-source').first();
      expect(await ours.getAttribute('data-file')).toBe('ledger-20160504.csv');
      expect(await ours.getAttribute('data-line')).toBe(String(plan.mismatchLine));
      expect(await page.getByTestId('recon-side-right-0-source').first().getAttribute('data-file')).toBe('wechat-trade-20160504.csv');
      await page.screenshot({ path: path.join(shots, 'recon-4-side-by-side.png'), fullPage: true });

      // ——— the maker investigates and proposes an adjustment, and cannot approve it ———
      await page.getByTestId('recon-diff-action-investigate').click();
      await expect.poll(() => page.getByTestId('recon-diff-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('investigating');
      expect(await page.getByTestId('recon-diff-assignee').textContent()).toBe(maker.displayName);
      await page.getByTestId('recon-diff-action-resolve').click();
      await page.getByTestId('recon-action-resolve').waitFor();
      await page.getByTestId('recon-resolution-adjust').click();
      // The amount to book starts as the difference (ours − theirs).
      expect(await page.getByTestId('recon-action-amount').inputValue()).toBe('1.00');
      await page.getByTestId('recon-action-note').fill('微信少收 1.00 元，按渠道账单调账');
      await page.getByTestId('recon-action-submit').click();
      await page.getByTestId('recon-diff-state-pending').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('recon-diff-state').getAttribute('data-state')).toBe('investigating');
      await page.getByTestId('recon-diff-maker-note').waitFor();
      const own = page.getByTestId('recon-diff-action-approve');
      expect(await own.getAttribute('data-reason')).toBe('maker');
      expect(await own.isDisabled()).toBe(true);
      expect(await page.getByTestId('recon-diff-action-refuse').count()).toBe(0);
      expect(await page.getByTestId('recon-event-propose').count()).toBe(1);
      await page.screenshot({ path: path.join(shots, 'recon-5-proposed.png'), fullPage: true });
      // What the page withholds, the server refuses: the maker's own approval is a 403 SELF_APPROVAL.
      const asMaker = await ApiSession.login(server.baseUrl, maker.username, maker.password);
      const pendingDiff = await asMaker.get<{ id: string; version: number }>(`/recon/differences/${differenceUrl.split('/').pop()!}`);
      await expect(asMaker.post(`/recon/differences/${pendingDiff.id}/approve`, { version: pendingDiff.version })).rejects.toThrow(/403.*SELF_APPROVAL/);
    } finally {
      await a.close();
    }

    // ——— a second finance user approves it ———
    const b = await signedIn(differenceUrl, checker);
    try {
      const page = b.page;
      await page.getByTestId('recon-diff-state-pending').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('recon-diff-maker-note').count()).toBe(0);
      await page.getByTestId('recon-diff-action-approve').click();
      await page.getByTestId('recon-approve-summary').waitFor();
      expect(await page.getByTestId('recon-approve-maker').textContent()).toBe(maker.displayName);
      expect(await page.getByTestId('recon-approve-amount').textContent()).toBe('¥1.00');
      await page.getByTestId('recon-action-submit').click();
      await expect.poll(() => page.getByTestId('recon-diff-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('resolved');
      expect(await page.getByTestId('recon-diff-state-pending').count()).toBe(0);
      expect(await page.getByTestId('recon-diff-maker').textContent()).toContain(maker.displayName);
      expect(await page.getByTestId('recon-diff-checker').textContent()).toBe(checker.displayName);
      expect(await page.getByTestId('recon-event-approve').count()).toBe(1);
      expect(await page.getByTestId('recon-diff-actions').locator('button').count()).toBe(0);
      await page.screenshot({ path: path.join(shots, 'recon-6-approved.png'), fullPage: true });
    } finally {
      await b.close();
    }

    // The server agrees: resolved by adjustment, the maker and the checker two different people.
    const id = differenceUrl.split('/').pop()!;
    const stored = await admin.get<{ state: string; resolution: string; resolutionAmountFen: number; maker: { name: string }; checker: { name: string } }>(`/recon/differences/${id}`);
    expect(stored).toMatchObject({ state: 'resolved', resolution: 'adjust', resolutionAmountFen: 100, maker: { name: maker.displayName }, checker: { name: checker.displayName } });
  }, 240_000);
});
