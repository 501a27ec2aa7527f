import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { channelPatch, channelValues } from './channelForm';
import { defaultBookedFen, fenToYuanText, parseYuan, resolveBody } from './differenceForm';
import { buildDiffRows, provenance } from './diffRows';
import type { Channel, ImportDetail, ReconRecord, Summary } from './reconApi';
import {
  differenceFiltersFromParams,
  differenceFiltersToParams,
  differenceListQuery,
  importFiltersFromParams,
  importFiltersToParams,
  jobFiltersFromParams,
  jobFiltersToParams,
  jobListQuery,
} from './reconFilters';
import { canDownloadAdjustments, differenceActions } from './reconPermissions';
import { addDays, deltaOf, formatRate, groupFindings, paramValue, summaryRows, trendRange, yesterdayInShanghai } from './reconValues';
import { buildTrendOption, trendDays } from './trendChart';
import { progressPercent, uploadOutcome, uploadQuery } from './upload';

function record(over: Partial<ReconRecord>): ReconRecord {
  return {
    source: 'ledger-csv',
    txnId: null,
    channelOrderId: null,
    merchantOrderId: null,
    thirdPartyOrderId: null,
    refundId: null,
    merchantRefundId: null,
    account: null,
    card: null,
    terminal: null,
    channel: null,
    type: 'recharge',
    direction: 'in',
    amountFen: null,
    feeFen: null,
    currency: 'CNY',
    status: 'success',
    statusRaw: null,
    txnTime: null,
    collectedAt: null,
    offline: null,
    balanceBeforeFen: null,
    balanceAfterFen: null,
    cardCounter: null,
    lostIds: [],
    unmatchable: false,
    file: 'ledger.csv',
    line: 2,
    raw: '',
    ...over,
  };
}

describe('side-by-side rows', () => {
  const ours = record({ txnId: 'T2', merchantOrderId: 'M2', amountFen: 2000, txnTime: '2026-11-30T03:00:00.000Z', card: '6217********5678', file: 'ledger-1130.csv', line: 3 });
  const theirs = record({ source: 'wechat-trade', merchantOrderId: 'M2', amountFen: 1990, type: 'consume', txnTime: '2026-11-30T03:00:10.000Z', lostIds: ['txnId'], file: 'wechat.csv', line: 7 });

  it('puts each field in a row with both sides, highlighting only the fields the server names', () => {
    const rows = buildDiffRows([ours], [theirs], ['amountFen']);
    const amount = rows.find((r) => r.field === 'amountFen')!;
    expect(amount).toEqual({ field: 'amountFen', format: 'money', left: [2000], right: [1990], differs: true });
    // The order id agrees and the type words differ by nature (recharge vs consume): shown, not highlighted.
    expect(rows.find((r) => r.field === 'merchantOrderId')).toMatchObject({ left: ['M2'], right: ['M2'], differs: false });
    expect(rows.find((r) => r.field === 'type')).toMatchObject({ left: ['recharge'], right: ['consume'], differs: false });
    expect(rows.filter((r) => r.differs).map((r) => r.field)).toEqual(['amountFen']);
  });

  it('leaves out fields empty on every record, keeps named ones, and orders ids before money and time', () => {
    const rows = buildDiffRows([ours], [theirs], ['amountFen', 'feeFen']);
    const fields = rows.map((r) => r.field);
    expect(fields).not.toContain('terminal');
    expect(fields).toContain('feeFen');
    expect(fields.indexOf('txnId')).toBeLessThan(fields.indexOf('amountFen'));
    expect(fields.indexOf('amountFen')).toBeLessThan(fields.indexOf('txnTime'));
    expect(rows.find((r) => r.field === 'lostIds')).toMatchObject({ format: 'list', left: [[]], right: [['txnId']] });
  });

  it('shows a record missing on one side as an empty side, and several records of a many-to-one as columns', () => {
    expect(buildDiffRows([], [theirs], []).find((r) => r.field === 'amountFen')).toMatchObject({ left: [], right: [1990] });
    const split = buildDiffRows([ours, record({ txnId: 'T3', amountFen: 10 })], [theirs], ['amountFen']);
    expect(split.find((r) => r.field === 'txnId')).toMatchObject({ left: ['T2', 'T3'], right: [null] });
  });

  it('still shows a differing field the console does not know yet', () => {
    const rows = buildDiffRows([ours], [theirs], ['settlementBatch']);
    expect(rows.at(-1)).toMatchObject({ field: 'settlementBatch', differs: true, left: [null], right: [null] });
  });

  it('names where a record came from', () => {
    expect(provenance(ours)).toBe('ledger-1130.csv:3');
  });
});

describe('filters in the URL', () => {
  it('reads the import filters, dropping values the API would refuse', () => {
    expect(importFiltersFromParams(new URLSearchParams('source=wechat&status=failed'))).toEqual({ source: 'wechat', status: 'failed' });
    expect(importFiltersFromParams(new URLSearchParams('source=paypal&status=maybe'))).toEqual({ source: undefined, status: undefined });
    expect(importFiltersToParams({ source: 'mt940' }).toString()).toBe('source=mt940');
  });

  it('round-trips the job filters and keeps only a calendar day', () => {
    const params = jobFiltersToParams({ channel: 'wechat', day: '2026-11-30', status: 'done' });
    expect(params.toString()).toBe('channel=wechat&day=2026-11-30&status=done');
    expect(jobFiltersFromParams(params)).toEqual({ channel: 'wechat', day: '2026-11-30', status: 'done' });
    expect(jobFiltersFromParams(new URLSearchParams('day=30/11/2026&status=x'))).toEqual({ channel: undefined, day: undefined, status: undefined });
    expect(jobListQuery({ channel: 'bank' })).toEqual({ channel: 'bank', day: undefined, status: undefined });
  });

  it('turns "assigned to me" into the signed-in person’s id for the API', () => {
    const f = differenceFiltersFromParams(new URLSearchParams('kind=amount-mismatch&state=investigating&assignee=me'));
    expect(f).toEqual({ kind: 'amount-mismatch', state: 'investigating', assignee: 'me' });
    expect(differenceListQuery(f, 'U1')).toEqual({ kind: 'amount-mismatch', state: 'investigating', assigneeId: 'U1' });
    expect(differenceListQuery({ assignee: 'U9' }, 'U1').assigneeId).toBe('U9');
    expect(differenceFiltersToParams({ kind: 'duplicate' }).toString()).toBe('kind=duplicate');
    expect(differenceFiltersFromParams(new URLSearchParams('kind=nonsense')).kind).toBeUndefined();
  });
});

describe('what a person may do to a difference', () => {
  const all = (...held: string[]) => (p: string) => held.includes(p);
  const maker = { id: 'A', name: '张会计' };

  it('offers investigate on an open difference, resolve and reject once investigating, to recon:write', () => {
    expect(differenceActions({ state: 'open', pending: false, maker: null }, 'A', all('recon:read', 'recon:write'))).toMatchObject({ investigate: true, resolve: false, reject: false, assign: true, comment: true, approval: 'none' });
    expect(differenceActions({ state: 'investigating', pending: false, maker: null }, 'A', all('recon:write'))).toMatchObject({ investigate: false, resolve: true, reject: true });
    expect(differenceActions({ state: 'investigating', pending: false, maker: null }, 'A', all('recon:read'))).toMatchObject({ resolve: false, reject: false, assign: false, comment: false });
  });

  it('never lets the maker approve their own proposal, even holding recon:approve', () => {
    const pending = { state: 'investigating' as const, pending: true, maker };
    expect(differenceActions(pending, 'A', all('recon:write', 'recon:approve')).approval).toBe('maker');
    expect(differenceActions(pending, 'B', all('recon:write', 'recon:approve')).approval).toBe('allowed');
    expect(differenceActions(pending, 'B', all('recon:write')).approval).toBe('noPermission');
    // While a proposal waits, nobody resolves or rejects it again.
    expect(differenceActions(pending, 'B', all('recon:write', 'recon:approve'))).toMatchObject({ resolve: false, reject: false });
  });

  it('offers nothing but comments on a closed difference', () => {
    for (const state of ['resolved', 'rejected'] as const) {
      expect(differenceActions({ state, pending: false, maker }, 'B', all('recon:write', 'recon:approve'))).toEqual({ investigate: false, resolve: false, reject: false, assign: false, comment: true, approval: 'none' });
    }
  });

  it('keeps the adjustments file (whole account numbers) for recon:approve', () => {
    expect(canDownloadAdjustments(all('recon:read', 'recon:write'))).toBe(false);
    expect(canDownloadAdjustments(all('recon:approve'))).toBe(true);
  });
});

describe('upload', () => {
  const stored = { id: 'I1', source: 'wechat', fileName: 'bill.csv', findingList: [{ code: 'TRUNCATED', severity: 'error', file: 'bill.csv', line: null, field: null, message: 'cut', params: {} }] } as unknown as ImportDetail;

  it('builds the query from the form and the file, leaving detection to the server when nothing is said', () => {
    expect(uploadQuery({ source: 'wechat' }, 'wechat-20160504.csv')).toEqual({ source: 'wechat', fileName: 'wechat-20160504.csv' });
    expect(uploadQuery({ source: 'alipay', encoding: 'gbk', timeZone: ' Asia/Hong_Kong ' }, 'a.zip')).toEqual({ source: 'alipay', encoding: 'gbk', fileName: 'a.zip', timeZone: 'Asia/Hong_Kong' });
    expect(uploadQuery({ source: 'ledger' }, 'x'.repeat(300)).fileName).toHaveLength(200);
  });

  it('reports progress as a whole percentage', () => {
    expect(progressPercent(0, 0)).toBe(0);
    expect(progressPercent(512, 1024)).toBe(50);
    expect(progressPercent(2048, 1024)).toBe(100);
  });

  it('maps a duplicate to a link to the first import, a failed file to its findings, and the rest to an error', () => {
    expect(uploadOutcome({ detail: stored })).toEqual({ kind: 'imported', detail: stored });
    expect(uploadOutcome({ error: new ApiError(409, 'DUPLICATE_IMPORT', 'seen', { importId: 'I0' }) })).toEqual({ kind: 'duplicate', importId: 'I0' });
    expect(uploadOutcome({ error: new ApiError(422, 'IMPORT_FAILED', 'failed', stored) })).toEqual({ kind: 'failed', detail: stored });
    const large = new ApiError(413, 'FILE_TOO_LARGE', 'too large');
    expect(uploadOutcome({ error: large })).toEqual({ kind: 'error', error: large });
    // A 422 without the stored import in it is shown as an error, not as an empty findings list.
    expect(uploadOutcome({ error: new ApiError(422, 'IMPORT_FAILED', 'failed') }).kind).toBe('error');
    expect(uploadOutcome({ error: new ApiError(409, 'DUPLICATE_IMPORT', 'seen') })).toEqual({ kind: 'duplicate', importId: null });
  });
});

describe('the resolution form', () => {
  it('reads yuan into exact fen without floating point', () => {
    expect(parseYuan('0.10')).toBe(10);
    expect(parseYuan('12.3')).toBe(1230);
    expect(parseYuan('-0.05')).toBe(-5);
    expect(parseYuan('1,234.56')).toBe(123456);
    expect(parseYuan('0.07')).toBe(7);
    for (const bad of ['', '1.234', 'abc', '1e3', '.5']) expect(parseYuan(bad)).toBeNull();
    expect(fenToYuanText(10)).toBe('0.10');
    expect(fenToYuanText(-1230)).toBe('-12.30');
    expect(parseYuan(fenToYuanText(-987654321))).toBe(-987654321);
  });

  it('sends the amount only with an adjustment or a write-off, and the version read', () => {
    expect(resolveBody({ resolution: 'adjust', note: ' 渠道少收 ', amount: '0.10' }, 4)).toEqual({ version: 4, resolution: 'adjust', note: '渠道少收', amountFen: 10 });
    expect(resolveBody({ resolution: 'force-match', note: 'ok', amount: '0.10' }, 4)).toEqual({ version: 4, resolution: 'force-match', note: 'ok' });
    expect(resolveBody({ resolution: 'write-off', note: 'x', amount: '' }, 2)).toEqual({ version: 2, resolution: 'write-off', note: 'x' });
    expect(defaultBookedFen({ deltaFen: 10, amountFen: 2000 })).toBe(10);
    expect(defaultBookedFen({ deltaFen: null, amountFen: 2000 })).toBe(2000);
  });
});

describe('channel settings', () => {
  const channel: Channel = {
    id: 'wechat',
    name: '微信支付',
    leftSources: ['ledger'],
    rightSources: ['wechat'],
    leftCutoff: { time: '23:00', timeZone: 'Asia/Shanghai' },
    rightCutoff: { time: '00:00', timeZone: 'Asia/Shanghai' },
    carryWindowMinutes: 10,
    amountAbsFen: 0,
    amountPctBp: 0,
    timeWindowSeconds: 300,
    timeDirection: 'either',
    autoConfirmPct: 90,
    scheduleTime: '02:00',
    scheduleZone: 'Asia/Shanghai',
    billDueTime: null,
    openAlertThreshold: 50,
    enabled: true,
    version: 3,
    updatedAt: '2026-12-01T00:00:00.000Z',
  };

  it('sends only what changed, with the version read', () => {
    expect(channelPatch(channel, channelValues(channel))).toEqual({ version: 3 });
    const v = { ...channelValues(channel), leftCutoffTime: '22:30', scheduleTime: '', billDueTime: '10:00', openAlertThreshold: 5, rightSources: ['wechat' as const, 'wechat-fundflow' as const] };
    expect(channelPatch(channel, v)).toEqual({
      version: 3,
      leftCutoff: { time: '22:30', timeZone: 'Asia/Shanghai' },
      scheduleTime: null,
      billDueTime: '10:00',
      openAlertThreshold: 5,
      rightSources: ['wechat', 'wechat-fundflow'],
    });
  });
});

describe('summary, findings and days', () => {
  const summary = (diffs: Record<string, { count: number; amountFen: number }>): Summary => ({
    left: { records: 4, amountFen: 6600, carriedIn: 0, carriedOut: 0 },
    right: { records: 3, amountFen: 6990, carriedIn: 0, carriedOut: 0 },
    matched: { byId: 0, byKey: 1, manyToOne: 0, oneToMany: 0, amountFen: 1000 },
    proposed: 0,
    differences: diffs,
    matchRate: 2 / 7,
    elapsedMs: 12,
  });

  it('lists the kinds this run or the previous one found, with the previous count to compare', () => {
    const now = summary({ 'missing-ours': { count: 1, amountFen: 4000 }, 'amount-mismatch': { count: 1, amountFen: 10 }, duplicate: { count: 0, amountFen: 0 } });
    const before = summary({ 'missing-ours': { count: 2, amountFen: 8000 }, duplicate: { count: 1, amountFen: 5 } });
    expect(summaryRows(now, null)).toEqual([
      { kind: 'missing-ours', count: 1, amountFen: 4000, previousCount: null },
      { kind: 'amount-mismatch', count: 1, amountFen: 10, previousCount: null },
    ]);
    expect(summaryRows(now, before).map((r) => [r.kind, r.count, r.previousCount])).toEqual([
      ['missing-ours', 1, 2],
      ['amount-mismatch', 1, 0],
      ['duplicate', 0, 1],
    ]);
    expect(formatRate(2 / 7)).toBe('28.57%');
    // ours − theirs only means that for an amount mismatch; a missing record carries the amount at stake there.
    expect(deltaOf({ kind: 'amount-mismatch', deltaFen: -10 })).toBe(-10);
    expect(deltaOf({ kind: 'missing-ours', deltaFen: 1 })).toBeNull();
  });

  it('groups findings by code with the import’s own counts, errors first', () => {
    const groups = groupFindings({
      findingCounts: { MANGLED_ID: 1500, SUMMARY_MISMATCH: 1 },
      findingList: [
        { code: 'MANGLED_ID', severity: 'warning', file: 'b.csv', line: 2, field: 'txnId', message: 'm', params: {} },
        { code: 'SUMMARY_MISMATCH', severity: 'error', file: 'b.csv', line: 9, field: null, message: 's', params: {} },
      ],
    });
    expect(groups.map((g) => [g.code, g.count, g.severity, g.items.length])).toEqual([
      ['SUMMARY_MISMATCH', 1, 'error', 1],
      ['MANGLED_ID', 1500, 'warning', 1],
    ]);
  });

  it('does calendar arithmetic on business days, across months and years', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(trendRange('2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    // 2026-12-01 00:30 in Shanghai is still 11-30 16:30 UTC: yesterday there is 11-30.
    expect(yesterdayInShanghai(Date.parse('2026-11-30T16:30:00Z'))).toBe('2026-11-30');
  });

  it('shows a difference’s detail figures as money, instants or worded codes', () => {
    expect(paramValue('ours', 101)).toEqual({ kind: 'money', fen: 101 });
    expect(paramValue('expected', '-250')).toEqual({ kind: 'money', fen: -250 });
    expect(paramValue('ourTime', Date.parse('2016-05-03T18:20:00Z'))).toEqual({ kind: 'time', iso: '2016-05-03T18:20:00.000Z' });
    expect(paramValue('how', 'id')).toEqual({ kind: 'code', code: 'id' });
    expect(paramValue('missing', 3)).toEqual({ kind: 'text', text: '3' });
    expect(paramValue('carried', false)).toEqual({ kind: 'bool', value: false });
    expect(paramValue('ours', null)).toEqual({ kind: 'text', text: '—' });
  });

  it('draws a day without a run as a gap in the trend, not as zero', () => {
    expect(trendDays('2026-11-28', '2026-11-30')).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    const option = buildTrendOption(
      [{ day: '2026-11-28', jobId: 'J1', leftRecords: 4, rightRecords: 3, matched: 2, differences: 3, differenceAmountFen: 5000, open: 3, matchRate: 0.5 }],
      '2026-11-28',
      '2026-11-30',
      { differences: 'd', open: 'o', matchRate: 'r' },
    );
    expect(option.series[0]!.data).toEqual([3, null, null]);
    expect(option.series[2]!.data).toEqual([50, null, null]);
  });
});
