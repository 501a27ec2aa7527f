import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../../bench/recon/evaluate.ts';
import { generate, LEDGER_HEADER } from '../../../../bench/recon/generate.ts';
import { collect, importLedgerCsv, importWechatTrade, type NormalizedRecord } from '../importers/index.ts';
import { at, rec, spec } from './engine.test-support.ts';
import { readRecordFile, runMatch, writeRecordFile } from './index.ts';
import { openDuck, type Duck } from './duck.ts';
import { loadFastCsv, type FastLoad } from './fast-loader.ts';
import { recordFromRow } from './schema.ts';

const root = mkdtempSync(join(tmpdir(), 'opsdesk-engine-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dir = () => join(root, `t${++n}`);

const D = '2026-11-30';

/**
 * What the fast loader loaded, as records: plain rows hold only what matching reads (no raw text, terminal, fee,
 * currency, raw status, collection time or offline flag) and are read again whole for what a job shows; both must be
 * the importer's. The others went through the importer already.
 */
async function fastRecords(duck: Duck, fast: FastLoad): Promise<{ records: NormalizedRecord[]; plain: number[] }> {
  const rows = await duck.rows(`SELECT * FROM (${fast.select}) ORDER BY line`);
  const plain = rows.filter((r) => r.raw === null).map((r) => Number(r.line));
  const whole = new Map((await fast.reread(plain)).map((r) => [r.provenance.line, r]));
  const loaded = (r: NormalizedRecord) => ({ ...r, terminal: null, feeFen: null, currency: 'CNY', statusRaw: null, collectedAt: null, offline: null, provenance: { ...r.provenance, raw: '' } });
  const records = rows.map((r) => {
    const { rowKey: _k, ...x } = recordFromRow(r);
    if (r.raw !== null) return x;
    const record = whole.get(x.provenance.line)!;
    expect(x).toEqual(loaded(record));
    return record;
  });
  return { records, plain };
}

describe('record files', () => {
  it('writes every field and provenance to a private Parquet file and reads it back', async () => {
    const d = dir();
    const r = rec({ txnId: 'T1', merchantOrderId: 'M1', amountFen: 9_007_199_254_740_991, txnTime: at(D, '10:00:00'), lostIds: ['channelOrderId'], offline: true, cardCounter: 7, balanceBeforeFen: 0, balanceAfterFen: 5 });
    const out = await writeRecordFile((function* () { yield r; })(), join(d, 'a', 'side.parquet'));
    expect(out.records).toBe(1);
    expect(statSync(join(d, 'a', 'side.parquet')).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'a')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(d, 'a'))).toEqual(['side.parquet']);
    const [back] = await readRecordFile(join(d, 'a', 'side.parquet'));
    const { rowKey, ...rest } = back!;
    expect(rowKey).toBe(1);
    expect(rest).toEqual(r);
  });
});

describe('runMatch on a generated pair', () => {
  it('finds every planted difference, carry and group exactly, with no false match (fast loader)', { timeout: 120_000 }, async () => {
    const d = dir();
    const gen = generate({ dir: d, rows: 3000, seed: 7, perKind: 3 });
    const result = await runMatch(spec(join(d, 'job'), [gen.ledgerPath], [gen.channelPath]));
    const carried = { left: [] as number[], right: [] as number[] };
    for (const side of ['left', 'right'] as const) if (result.carriedOut[side]) carried[side] = (await readRecordFile(result.carriedOut[side]!)).map((r) => r.provenance.line);
    const ev = await evaluate(gen, result, carried);
    expect(ev.missed).toEqual([]);
    expect(ev.unexpected).toEqual([]);
    expect(ev.falseMatches).toBe(0);
    expect([ev.precision, ev.recall]).toEqual([1, 1]);
    // the planted kinds all appear, and the mangled id was reported by the loader
    expect(new Set(result.differences.map((x) => x.kind))).toEqual(new Set(['missing-ours', 'missing-theirs', 'amount-mismatch', 'status-mismatch', 'duplicate', 'out-of-window', 'balance-break', 'counter-gap']));
    expect(result.findings.filter((f) => f.code === 'MANGLED_ID').length).toBe(9);
    const amount = result.differences.find((x) => x.kind === 'amount-mismatch')!;
    expect(amount.deltaFen).toBe(amount.left[0]!.amountFen! - amount.right[0]!.amountFen!);
    expect(amount.fields).toEqual(['amountFen']);
    expect(amount.left[0]!.provenance.raw).toMatch(/^L2026/);
    expect(result.summary.matched.oneToMany).toBe(3);
    expect(result.summary.matched.manyToOne).toBe(3);
    expect(statSync(result.pairsFile!).mode & 0o777).toBe(0o600);
  });

  it('the fast loader and the TS importers agree record for record, and so do the results', { timeout: 120_000 }, async () => {
    const d = dir();
    const gen = generate({ dir: d, rows: 1500, seed: 11, perKind: 2 });
    const viaImporters = [];
    for (const [path, importer] of [[gen.ledgerPath, importLedgerCsv], [gen.channelPath, importWechatTrade]] as const) {
      const out = await collect(importer(createReadStream(path), { fileName: path }));
      const parquet = `${path}.parquet`;
      await writeRecordFile(out.records, parquet);
      viaImporters.push({ out, parquet });
      const duck = await openDuck({ tempDir: join(d, 'spill') });
      try {
        const fast = await loadFastCsv(duck, path, path.endsWith('ledger.csv') ? 'opsdesk-ledger' : 'wechat-trade', 'x');
        const { records, plain } = await fastRecords(duck, fast);
        expect(plain.length).toBeGreaterThan(records.length * 0.9);
        expect(records).toEqual(out.records);
        expect(fast.findings.map((f) => [f.code, f.line, f.message])).toEqual(out.findings.filter((f) => f.code !== 'DUPLICATE_ROW').map((f) => [f.code, f.line, f.message]));
      } finally {
        duck.close();
      }
    }
    const fast = await runMatch(spec(join(d, 'fast'), [gen.ledgerPath], [gen.channelPath]));
    const slow = await runMatch(spec(join(d, 'slow'), [viaImporters[0]!.parquet], [viaImporters[1]!.parquet]));
    expect(slow.differences).toEqual(fast.differences);
    expect({ ...slow.summary, elapsedMs: 0 }).toEqual({ ...fast.summary, elapsedMs: 0 });
  });
});

describe('cut-off and carry-over', () => {
  it('carries an unmatched record near the cut-off out of day D and matches it on D+1', async () => {
    const d = dir();
    // ours at 22:45 (cut-off 23:00): WeChat's record is at 00:05 the next day
    const ours = rec({ merchantOrderId: 'M-CARRY', amountFen: 1000, txnTime: at(D, '22:45:00'), channel: 'wechat' });
    const theirs = rec({ source: 'wechat-trade', merchantOrderId: 'M-CARRY', amountFen: 1000, txnTime: at('2026-12-01', '00:05:00'), channel: 'wechat', type: 'consume' });
    // an offline card record collected two days later still belongs to D by its transaction time
    const offline = rec({ merchantOrderId: 'M-OFF', amountFen: 300, txnTime: at(D, '12:00:00'), collectedAt: at('2026-12-02', '08:00:00'), offline: true, channel: 'wechat' });
    const offlineTheirs = rec({ source: 'wechat-trade', merchantOrderId: 'M-OFF', amountFen: 300, txnTime: at(D, '12:00:20'), channel: 'wechat', type: 'consume' });
    await writeRecordFile([ours, offline], join(d, 'l.parquet'));
    await writeRecordFile([offlineTheirs], join(d, 'r1.parquet'));
    await writeRecordFile([theirs], join(d, 'r2.parquet'));
    const day1 = await runMatch(spec(join(d, 'd1'), [join(d, 'l.parquet')], [join(d, 'r1.parquet')]));
    expect(day1.differences).toEqual([]);
    expect(day1.summary.matched.byId).toBe(1);
    expect(day1.summary.left.carriedOut).toBe(1);
    expect(day1.carriedOut.right).toBeNull();
    const day2 = await runMatch(spec(join(d, 'd2'), [], [join(d, 'r2.parquet')], { day: '2026-12-01', carriedIn: { left: day1.carriedOut.left, right: null } }));
    expect(day2.differences).toEqual([]);
    expect(day2.summary.left.carriedIn).toBe(1);
    expect(day2.summary.matched.byId).toBe(1);
  });

  it('reports a carried record that finds no partner on its second day, and a record at the cut-off instant opens the next day', async () => {
    const d = dir();
    const late = rec({ merchantOrderId: 'M-LATE', amountFen: 500, txnTime: at(D, '22:59:59'), channel: 'wechat' });
    const atCutoff = rec({ merchantOrderId: 'M-NEXT', amountFen: 700, txnTime: at(D, '23:00:00'), channel: 'wechat' });
    await writeRecordFile([late, atCutoff], join(d, 'l.parquet'));
    await writeRecordFile([], join(d, 'r.parquet'));
    const day1 = await runMatch(spec(join(d, 'd1'), [join(d, 'l.parquet')], [join(d, 'r.parquet')]));
    expect(day1.summary.left.records).toBe(1);
    expect(day1.summary.left.carriedOut).toBe(1);
    const day2 = await runMatch(spec(join(d, 'd2'), [], [join(d, 'r.parquet')], { day: '2026-12-01', carriedIn: { left: day1.carriedOut.left, right: null } }));
    expect(day2.differences.map((x) => [x.kind, x.params.carried])).toEqual([['missing-theirs', true]]);
  });
});

describe('matching rules', () => {
  it('tolerances apply one to one, in the time direction given; sums must be exact', async () => {
    const d = dir();
    const t = at(D, '10:00:00');
    const left = [
      rec({ amountFen: 10_000, txnTime: t }), // → 10_040 at +30 s: within 0.5 %
      rec({ amountFen: 20_000, txnTime: t + 3_600_000 }), // → 20_000 but 30 s *before*: wrong direction
      rec({ amountFen: 9_000, txnTime: t + 7_200_000 }), // → 4_000 + 5_000: many parts, exact
      rec({ amountFen: 9_001, txnTime: t + 9_000_000 }), // → 4_000 + 5_000 + 0.01: no tolerance for sums
    ];
    const right = [
      rec({ source: 'wechat-trade', amountFen: 10_040, txnTime: t + 30_000 }),
      rec({ source: 'wechat-trade', amountFen: 20_000, txnTime: t + 3_600_000 - 30_000 }),
      rec({ source: 'wechat-trade', amountFen: 4_000, txnTime: t + 7_200_000 + 10_000 }),
      rec({ source: 'wechat-trade', amountFen: 5_000, txnTime: t + 7_200_000 + 20_000 }),
      rec({ source: 'wechat-trade', amountFen: 4_000, txnTime: t + 9_000_000 + 10_000 }),
      rec({ source: 'wechat-trade', amountFen: 5_000, txnTime: t + 9_000_000 + 20_000 }),
    ];
    await writeRecordFile(left, join(d, 'l.parquet'));
    await writeRecordFile(right, join(d, 'r.parquet'));
    const result = await runMatch(spec(join(d, 'job'), [join(d, 'l.parquet')], [join(d, 'r.parquet')], { tolerances: { amountAbsFen: 0, amountPct: 0.5, timeWindowMs: 120_000, timeDirection: 'right-after-left' }, autoConfirmScore: 0.5 }));
    const kinds = result.differences.map((x) => [x.kind, x.left.map((r) => r.amountFen), x.right.map((r) => r.amountFen), x.deltaFen]);
    expect(kinds).toEqual([
      ['amount-mismatch', [10_000], [10_040], -40],
      ['missing-ours', [], [20_000], 20_000],
      ['missing-ours', [], [4_000], 4_000],
      ['missing-ours', [], [5_000], 5_000],
      ['missing-theirs', [20_000], [], 20_000],
      ['missing-theirs', [9_001], [], 9_001],
    ]);
    expect(result.summary.matched.oneToMany).toBe(1);
    expect(result.summary.matched.byKey).toBe(0);
    // the same 20_000 pair is found when the channel's time may be earlier
    const either = await runMatch(spec(join(d, 'job2'), [join(d, 'l.parquet')], [join(d, 'r.parquet')], { dryRun: true, tolerances: { amountAbsFen: 0, amountPct: 0, timeWindowMs: 120_000, timeDirection: 'either' } }));
    expect(either.summary.matched.byKey).toBe(1);
  });

  it('a record that two exact sums could claim (one in each direction) is matched by neither', async () => {
    const d = dir();
    const t = at(D, '15:00:00');
    const left = [rec({ amountFen: 9_000, txnTime: t }), rec({ amountFen: 2_000, txnTime: t + 1_000 }), rec({ amountFen: 3_000, txnTime: t + 2_000 })];
    const right = [rec({ source: 'wechat-trade', amountFen: 4_000, txnTime: t + 10_000 }), rec({ source: 'wechat-trade', amountFen: 5_000, txnTime: t + 20_000 })];
    await writeRecordFile(left, join(d, 'l.parquet'));
    await writeRecordFile(right, join(d, 'r.parquet'));
    const result = await runMatch(spec(join(d, 'job'), [join(d, 'l.parquet')], [join(d, 'r.parquet')], { dryRun: true }));
    // 9,000 = 4,000 + 5,000 and 5,000 = 2,000 + 3,000 both hold: 5,000 cannot be in both, so neither is confirmed
    expect(result.summary.matched.oneToMany + result.summary.matched.manyToOne).toBe(0);
    expect(result.differences.map((x) => x.kind).sort()).toEqual(['missing-ours', 'missing-ours', 'missing-theirs', 'missing-theirs', 'missing-theirs']);
  });

  it('never joins on a lost id, never matches an unmatchable record, and proposes what scores below the bar', async () => {
    const d = dir();
    const t = at(D, '11:00:00');
    const left = [
      rec({ merchantOrderId: 'M-A', channelOrderId: '4200', amountFen: 100, txnTime: t }),
      rec({ merchantOrderId: 'M-B', amountFen: 200, txnTime: t + 600_000 }),
      rec({ amountFen: 300, txnTime: t + 1_200_000 }),
    ];
    const right = [
      // its 微信订单号 was mangled and listed as lost: even if a value were left in it, it must not join
      rec({ source: 'wechat-trade', txnId: '4200', lostIds: ['txnId'], merchantOrderId: 'M-OTHER', amountFen: 100, txnTime: t + 3_000_000 }),
      // every id lost: unmatchable, even though amount and time agree with M-B
      rec({ source: 'wechat-trade', lostIds: ['微信订单号', '商户订单号'], unmatchable: true, amountFen: 200, txnTime: t + 600_000 + 5_000 }),
      // 100 s after: a key match scoring under 0.8 → proposed
      rec({ source: 'wechat-trade', amountFen: 300, txnTime: t + 1_200_000 + 100_000 }),
    ];
    await writeRecordFile(left, join(d, 'l.parquet'));
    await writeRecordFile(right, join(d, 'r.parquet'));
    const result = await runMatch(spec(join(d, 'job'), [join(d, 'l.parquet')], [join(d, 'r.parquet')]));
    expect(result.summary.matched.byId + result.summary.matched.byKey).toBe(0);
    expect(result.differences.map((x) => [x.kind, x.params.unmatchable ?? null]).sort()).toEqual([
      ['missing-ours', false],
      ['missing-ours', true],
      ['missing-theirs', false],
      ['missing-theirs', false],
    ]);
    expect(result.proposals).toHaveLength(1);
    expect(result.proposals[0]!.score).toBeLessThan(0.8);
    expect(result.proposals[0]!.reasons).toEqual(['amount-equal', 'time-within-100s', 'same-status']);
  });

  it('a dry run writes nothing, not even in workDir', async () => {
    const d = dir();
    const gen = generate({ dir: d, rows: 500, seed: 3, perKind: 1 });
    const workDir = join(d, 'job');
    const result = await runMatch(spec(workDir, [gen.ledgerPath], [gen.channelPath], { dryRun: true }));
    expect(result.pairsFile).toBeNull();
    expect(result.carriedOut).toEqual({ left: null, right: null });
    expect(result.differences.length).toBeGreaterThan(0);
    expect(existsSync(workDir)).toBe(false);
  });
});

describe('fast loader findings on bad cells', () => {
  it('agrees with the WeChat importer on a bill with a bad amount, a bad date, a mangled id and a wrong summary', async () => {
    const d = dir();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(d, { recursive: true });
    const { WECHAT_HEADER } = await import('../../../../bench/recon/generate.ts');
    const row = (time: string, wx: string, mch: string, amount: string, state = 'SUCCESS') =>
      [time, 'wx1', '100', '0', 'D1', wx, mch, 'oU1', 'NATIVE', state, 'CMC', 'CNY', amount, '0.00', '0', '0', '0.00', '0.00', '', '', 'g', '', '0.06', '0.60%', amount, '0.00', ''].map((v) => `\`${v}`).join(',');
    const lines = [
      WECHAT_HEADER,
      row('2026-11-30 10:00:00', '4200000001', 'M1', '10.00'),
      row('2026-11-30 10:01:00', '4200000002', 'M2', '12.345'),
      row('2026-11-30 25:01:00', '4200000003', 'M3', '5.00'),
      row('2026-11-30 10:03:00', '4.20000E+27', 'M4', '1,234.50'),
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      ['5', '1000.00', '0.00', '0.00', '0.24', '1249.50', '0.00'].map((v) => `\`${v}`).join(','),
    ];
    const path = join(d, 'bill.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const viaImporter = await collect(importWechatTrade(createReadStream(path), { fileName: path }));
    const duck = await openDuck({ tempDir: join(d, 'spill') });
    try {
      const fast = await loadFastCsv(duck, path, 'wechat-trade', 'w');
      expect(fast.findings.map((f) => [f.code, f.line, f.field, f.message])).toEqual(viaImporter.findings.map((f) => [f.code, f.line, f.field, f.message]));
      // the unquoted '1,234.50' splits the row into 28 cells: the importer reads it shifted (订单金额 is then "0.60%")
      expect(fast.findings.map((f) => f.code)).toEqual(['BAD_AMOUNT', 'BAD_DATE', 'MANGLED_ID', 'BAD_AMOUNT', ...Array(5).fill('SUMMARY_MISMATCH')]);
    } finally {
      duck.close();
    }
  });
});

describe('the fast loader at the edges of a plain cell', () => {
  it('reads a row in SQL only when the importer would read it the same: ids, lengths, mangled numbers, control characters, quoted empties', async () => {
    const d = dir();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(d, { recursive: true });
    const id128 = `A${'9'.repeat(127)}`;
    const row = (over: Partial<Record<string, string>>) => {
      const cells: Record<string, string> = {
        txn_id: 'L1', card_no: 'C1', account_no: 'S1', terminal_id: 'T1', txn_type: 'consume', amount_fen: '100', balance_before_fen: '500',
        balance_after_fen: '400', card_counter: '7', txn_time: '2026-11-30 10:00:00', collected_at: '', offline: '0', status: 'success',
        channel: 'card', channel_order_id: '', merchant_order_id: 'M1', third_party_order_id: '', refund_id: '', ...over,
      };
      return LEDGER_HEADER.split(',').map((h) => cells[h]).join(',');
    };
    const lines = [
      LEDGER_HEADER,
      row({ txn_id: 'L1', merchant_order_id: id128 }),
      row({ txn_id: 'L2', merchant_order_id: `${id128}0` }),
      row({ txn_id: 'L3', third_party_order_id: '12E5' }),
      row({ txn_id: '4E27' }),
      row({ txn_id: 'L5', channel: '1e5' }),
      row({ txn_id: 'L6', refund_id: '""' }),
      row({ txn_id: 'L7', card_no: 'C\u0001D' }),
      row({ txn_id: 'L8', card_no: 'C\u0002' }),
      row({ txn_id: 'L9', status: '', collected_at: '2026-11-30 10:00:05' }),
      row({ txn_id: 'L10', collected_at: '2026-02-30 10:00:05' }),
      row({ txn_id: 'L11', amount_fen: '0100', card_counter: '' }),
      row({ txn_id: 'L12', channel: 'a'.repeat(33) }),
      row({ txn_id: 'L13', txn_time: '2026-11-30 10:00:00 ' }),
      row({ txn_id: '_L-14', account_no: '-S1' }),
      `#END,14,${100 * 14}`,
    ];
    const path = join(d, 'ledger.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const viaImporter = await collect(importLedgerCsv(createReadStream(path), { fileName: path }));
    const duck = await openDuck({ tempDir: join(d, 'spill') });
    try {
      const fast = await loadFastCsv(duck, path, 'opsdesk-ledger', 'x');
      expect(fast.findings.map((f) => [f.code, f.line, f.field, f.message])).toEqual(viaImporter.findings.filter((f) => f.code !== 'DUPLICATE_ROW').map((f) => [f.code, f.line, f.field, f.message]));
      const { records, plain } = await fastRecords(duck, fast);
      expect(records).toEqual(viaImporter.records);
      // SQL took these, read as the importer reads them: the 128-character id, a channel '1e5' (not an id), the
      // quoted empty, an empty status, a zero-padded amount; every other row went through the importer
      expect(plain).toEqual([2, 6, 7, 10, 12]);
    } finally {
      duck.close();
    }
  });
});

describe('hostile CSV through the fast loader', () => {
  it('rejects a 10 MB line with LINE_TOO_LONG and keeps formula cells as text with FORMULA_CELL, lines exact', { timeout: 120_000 }, async () => {
    const d = dir();
    const row = (id: string, extra = '') => `${id},C1,A1,P1,recharge,100,0,100,1,2026-11-30 10:00:00,,0,success,wechat,,M${id}${extra},,`;
    const lines = [LEDGER_HEADER, row('T1'), `${row('T2')}${'x'.repeat(10 * 1024 * 1024)}`, row('T3').replace('P1', '=cmd|\' /C calc\'!A0'), row('T4'), '#END,4,400'];
    const path = join(d, 'hostile.csv');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(d, { recursive: true });
    writeFileSync(path, `${lines.join('\n')}\n`);
    const result = await runMatch(spec(join(d, 'job'), [path], [], { dryRun: true }));
    expect(result.findings.map((f) => [f.code, f.line])).toEqual([
      ['LINE_TOO_LONG', 3],
      ['FORMULA_CELL', 4],
      // the trailer counts the refused row's 100 fen, the rows read do not (as the importer says too)
      ['SUMMARY_MISMATCH', 6],
    ]);
    expect(result.differences.map((x) => x.left[0]!.provenance.line).sort()).toEqual([2, 4, 5]);
    expect(result.differences.find((x) => x.left[0]!.provenance.line === 4)!.left[0]!.terminal).toBe("=cmd|' /C calc'!A0");
  });
});
