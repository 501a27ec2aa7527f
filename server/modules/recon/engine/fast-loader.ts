import { closeSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { collect, importLedgerCsv, importWechatTrade, parseMoney, type Finding, type NormalizedRecord } from '../importers/index.ts';
import { checkClaims, type Claim } from '../importers/bill-summary.ts';
import { finding } from '../importers/findings.ts';
import { formatFen, parseCount } from '../importers/money.ts';
import { capRaw } from '../importers/record.ts';
import { localToEpoch } from '../importers/time.ts';
import { lit, type Duck } from './duck.ts';
import { COLUMN_NAMES } from './schema.ts';

/**
 * The fast loader: large CSVs of two known layouts read by DuckDB's parallel `read_csv` and normalized in SQL, at
 * DuckDB's speed instead of the streaming importers' ~86k rows/s. The layouts are opsdesk's card ledger
 * (`opsdesk-ledger/v1`, importers/README.md) and the WeChat Pay trade bill in the live layout (comma + backtick).
 *
 * Exactness by construction: only *plain* rows are normalized in SQL — every cell in the one spelling the SQL reads
 * exactly (ids of letters, digits, `_` and `-`; amounts as integer fen or yuan with two decimals; times as
 * `YYYY-MM-DD HH:mm:ss` that exist; the layout's own type and status words). Any other row (a mangled id, a bad
 * amount, a Chinese type word, a formula cell, a refund row of the bill …) goes through the TypeScript importer, so
 * it gets the importer's record and findings exactly. Lines DuckDB refuses (wrong cell count, longer than 64 KiB)
 * become BAD_ROW / LINE_TOO_LONG findings; the ledger's `#END` trailer and the bill's summary lines are checked
 * against the rows (SUMMARY_MISMATCH, TRUNCATED, SUMMARY_MISSING).
 *
 * Limits (else import through the TS importers to a record file): UTF-8 only; quoted cells spanning lines and blank
 * lines in the middle shift line numbers; the zone's UTC offset must not change within the file's time range;
 * DUPLICATE_ROW findings are not produced (the engine reports duplicates as differences); `raw` is the row's cells
 * joined by commas as read (a quoted cell loses its quotes).
 */
export type FastLayout = 'opsdesk-ledger' | 'wechat-trade';

const LEDGER_COLUMNS = ['txn_id', 'card_no', 'account_no', 'terminal_id', 'txn_type', 'amount_fen', 'balance_before_fen', 'balance_after_fen', 'card_counter', 'txn_time', 'collected_at', 'offline', 'status', 'channel', 'channel_order_id', 'merchant_order_id', 'third_party_order_id', 'refund_id'];
const WECHAT_REQUIRED = ['交易时间', '微信订单号', '商户订单号', '交易状态'];
const MAX_LINE = 65_536;

function firstLine(path: string): { line: string; utf8: boolean } | null {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(MAX_LINE);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const end = buf.subarray(0, n).indexOf(0x0a);
    const bytes = buf.subarray(0, end < 0 ? n : end);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { line: '', utf8: false };
    }
    return { line: text.replace(/^\uFEFF/, '').replace(/\r$/, ''), utf8: true };
  } finally {
    closeSync(fd);
  }
}

function headerCells(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^`/, '').trim());
}

/** 'parquet' for a record file, a fast layout for a CSV the fast loader reads, null otherwise. */
export async function fastLayoutOf(path: string): Promise<FastLayout | 'parquet' | null> {
  const fd = openSync(path, 'r');
  const magic = Buffer.alloc(4);
  readSync(fd, magic, 0, 4, 0);
  closeSync(fd);
  if (magic.toString('latin1') === 'PAR1') return 'parquet';
  const first = firstLine(path);
  if (!first?.utf8) return null;
  const cells = headerCells(first.line);
  if (cells.length === LEDGER_COLUMNS.length && LEDGER_COLUMNS.every((c) => cells.includes(c)) && cells[0] === 'txn_id') return 'opsdesk-ledger';
  if (WECHAT_REQUIRED.every((c) => cells.includes(c)) && !first.line.includes('\t')) return 'wechat-trade';
  return null;
}

export interface FastOptions {
  /** the file name findings and provenance carry (default: the path) */
  fileName?: string;
  /** local times are read in this zone (default Asia/Shanghai); its offset must be constant over the file */
  timeZone?: string;
}

/** DuckDB's CSV reader over the file, cells as text, refused lines kept in a rejects table with their line. */
function readCsv(path: string, names: string[], rejects: string): string {
  const columns = `{${names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  return `read_csv(${lit(path)}, header = false, skip = 1, delim = ',', quote = '"', escape = '"', columns = ${columns}, auto_detect = false,
    null_padding = false, max_line_size = ${MAX_LINE}, ignore_errors = true, store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${rejects}_scan')`;
}

const CLEAN = `CREATE OR REPLACE MACRO cl(x) AS nullif(trim(CASE WHEN starts_with(ltrim(x), '\`') THEN substr(ltrim(x), 2) ELSE x END), '')`;
const ID_OK = (c: string) => `(${c} IS NULL OR (regexp_full_match(${c}, '[0-9A-Za-z_][0-9A-Za-z_-]{0,127}') AND NOT regexp_full_match(${c}, '\\d+[eE]\\d+')))`;
const TIME_OK = (c: string) => `(regexp_full_match(${c}, '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}') AND try_strptime(${c}, '%Y-%m-%d %H:%M:%S') IS NOT NULL)`;

/** Loads one CSV into `table` (the record columns), returns its findings. */
export async function loadFastCsv(duck: Duck, path: string, layout: FastLayout, table: string, options: FastOptions = {}): Promise<Finding[]> {
  const file = options.fileName ?? path;
  const zone = options.timeZone ?? 'Asia/Shanghai';
  const first = firstLine(path);
  const names = headerCells(first!.line);
  const col = (name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? 'NULL::VARCHAR' : `c${i}`;
  };
  const raw = `raw_${table}`;
  const rej = `rej_${table}`;
  await duck.run(CLEAN);
  await duck.run(`CREATE TABLE ${raw} AS SELECT * FROM ${readCsv(path, names, `${rej}_all`)}`);
  // DuckDB records one reject per missing cell: one row per refused line here
  await duck.run(
    `CREATE TABLE ${rej} AS SELECT line, min(error_type) AS error_type, any_value(csv_line) AS csv_line, min(error_message) AS error_message FROM ${rej}_all GROUP BY line`,
  );
  // line numbers: data row i (0-based) is line i + 2, pushed down by every refused line before it
  await duck.run(
    `CREATE TABLE ${raw}_shift AS SELECT t, max(j) AS j FROM (SELECT line - 1 - row_number() OVER (ORDER BY line) AS t, row_number() OVER (ORDER BY line) AS j FROM ${rej}) GROUP BY t`,
  );
  const rawText = names.map((_, i) => `coalesce(c${i}, '')`).join(` || ',' || `);
  await duck.run(
    `CREATE TABLE ${raw}_l AS SELECT x.*, x.i + 2 + coalesce(s.j, 0) AS line, left(${rawText}, 4096) AS raw_text
     FROM (SELECT rowid AS i, * FROM ${raw}) x ASOF LEFT JOIN ${raw}_shift s ON x.i >= s.t`,
  );
  const shape = layout === 'opsdesk-ledger' ? ledgerSql(col) : wechatSql(col);
  const offset = await constantOffset(duck, `${raw}_l`, shape.timeCols, zone, file);
  await duck.run(`CREATE TABLE ${table} AS SELECT ${shape.select(offset, file)} FROM ${raw}_l WHERE ${shape.plain}`);
  const findings: Finding[] = [];
  // the other rows, through the TypeScript importer
  const odd = await duck.rows<{ line: bigint; cells: string }>(`SELECT line, raw_text AS cells FROM ${raw}_l WHERE NOT (${shape.plain}) ORDER BY line`);
  if (odd.length) {
    const odds = await slowPath(odd, first!.line, layout, file, zone);
    findings.push(...odds.findings);
    await appendRecords(duck, table, odds.records);
  }
  findings.push(...(await rejectFindings(duck, rej, file)));
  if (layout === 'opsdesk-ledger') {
    await ledgerTrailer(duck, raw, rej, file, col('amount_fen'), findings);
  } else {
    await wechatSummary(duck, raw, rej, names, file, findings);
  }
  if (layout === 'opsdesk-ledger') findings.push(...(await balanceFindings(duck, table, file)));
  return findings.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

interface Shape {
  plain: string;
  timeCols: string[];
  select: (offsetMs: number, file: string) => string;
}

const epoch = (c: string, off: number) => `epoch_ms(strptime(${c}, '%Y-%m-%d %H:%M:%S')) - ${off}`;

function ledgerSql(col: (n: string) => string): Shape {
  const c = (n: string) => `cl(${col(n)})`;
  const ids = ['txn_id', 'card_no', 'account_no', 'terminal_id', 'channel_order_id', 'merchant_order_id', 'third_party_order_id', 'refund_id'];
  const plain = [
    ...ids.map((n) => ID_OK(c(n))),
    `${c('txn_type')} IN ('consume', 'recharge', 'transfer', 'refund', 'fee', 'withdrawal')`,
    `regexp_full_match(${c('amount_fen')}, '\\d{1,15}')`,
    ...['balance_before_fen', 'balance_after_fen', 'card_counter'].map((n) => `(${c(n)} IS NULL OR regexp_full_match(${c(n)}, '\\d{1,15}'))`),
    TIME_OK(c('txn_time')),
    `(${c('collected_at')} IS NULL OR ${TIME_OK(c('collected_at'))})`,
    `(${c('offline')} IS NULL OR ${c('offline')} IN ('0', '1'))`,
    `(${c('status')} IS NULL OR ${c('status')} IN ('success', 'processing', 'failed', 'closed'))`,
    `(${c('channel')} IS NULL OR regexp_full_match(${c('channel')}, '[A-Za-z0-9_]{1,32}'))`,
  ].join(' AND ');
  return {
    plain,
    timeCols: [c('txn_time'), c('collected_at')],
    select: (off, file) => `
      i + 1 AS row_key, ${lit(file)} AS file, line, raw_text AS raw, 'ledger-csv' AS source,
      ${c('txn_id')} AS txn_id, ${c('channel_order_id')} AS channel_order_id, ${c('merchant_order_id')} AS merchant_order_id,
      ${c('third_party_order_id')} AS third_party_order_id, ${c('refund_id')} AS refund_id, NULL::VARCHAR AS merchant_refund_id,
      ${c('account_no')} AS account, ${c('card_no')} AS card, ${c('terminal_id')} AS terminal, ${c('channel')} AS channel,
      ${c('txn_type')} AS type,
      CASE WHEN ${c('txn_type')} IN ('recharge', 'refund', 'transfer') THEN 'in' ELSE 'out' END AS direction,
      CAST(${c('amount_fen')} AS BIGINT) AS amount_fen, NULL::BIGINT AS fee_fen, 'CNY' AS currency,
      coalesce(${c('status')}, 'unknown') AS status, ${c('status')} AS status_raw,
      ${epoch(c('txn_time'), off)} AS txn_time, ${epoch(c('collected_at'), off)} AS collected_at,
      CASE ${c('offline')} WHEN '1' THEN true WHEN '0' THEN false END AS offline,
      CAST(${c('balance_before_fen')} AS BIGINT) AS balance_before_fen, CAST(${c('balance_after_fen')} AS BIGINT) AS balance_after_fen,
      CAST(${c('card_counter')} AS BIGINT) AS card_counter, []::VARCHAR[] AS lost_ids, false AS unmatchable`,
  };
}

const WECHAT_STATES = `CASE cl(STATE) WHEN 'SUCCESS' THEN 'success' WHEN 'REVOKED' THEN 'closed' WHEN 'CLOSED' THEN 'closed' WHEN 'NOTPAY' THEN 'processing' WHEN 'USERPAYING' THEN 'processing' WHEN 'PAYERROR' THEN 'failed' END`;

function wechatSql(col: (n: string) => string): Shape {
  const c = (n: string) => `cl(${col(n)})`;
  const amountCol = col('订单金额') !== 'NULL::VARCHAR' ? '订单金额' : '应结订单金额';
  const yuan = (x: string) => `CAST(replace(${x}, '.', '') AS BIGINT)`;
  const plain = [
    TIME_OK(c('交易时间')),
    ...['微信订单号', '商户订单号', '用户标识', '设备号'].map((n) => ID_OK(c(n))),
    `${c('交易状态')} IN ('SUCCESS', 'REVOKED', 'CLOSED', 'NOTPAY', 'USERPAYING', 'PAYERROR')`,
    `(${c('货币种类')} IS NULL OR regexp_full_match(${c('货币种类')}, '[A-Z]{3}'))`,
    `regexp_full_match(${c(amountCol)}, '\\d{1,13}\\.\\d\\d')`,
    `(${c('手续费')} IS NULL OR regexp_full_match(${c('手续费')}, '\\d{1,13}\\.\\d\\d'))`,
  ].join(' AND ');
  return {
    plain,
    timeCols: [c('交易时间')],
    select: (off, file) => `
      i + 1 AS row_key, ${lit(file)} AS file, line, raw_text AS raw, 'wechat-trade' AS source,
      ${c('微信订单号')} AS txn_id, NULL::VARCHAR AS channel_order_id, ${c('商户订单号')} AS merchant_order_id,
      NULL::VARCHAR AS third_party_order_id, NULL::VARCHAR AS refund_id, NULL::VARCHAR AS merchant_refund_id,
      ${c('用户标识')} AS account, NULL::VARCHAR AS card, ${c('设备号')} AS terminal, 'wechat' AS channel,
      'consume' AS type, 'in' AS direction, ${yuan(c(amountCol))} AS amount_fen,
      CASE WHEN ${c('手续费')} IS NULL THEN NULL ELSE ${yuan(c('手续费'))} END AS fee_fen, coalesce(${c('货币种类')}, 'CNY') AS currency,
      ${WECHAT_STATES.replace(/STATE/g, col('交易状态'))} AS status, ${c('交易状态')} AS status_raw,
      ${epoch(c('交易时间'), off)} AS txn_time, NULL::BIGINT AS collected_at, NULL::BOOLEAN AS offline,
      NULL::BIGINT AS balance_before_fen, NULL::BIGINT AS balance_after_fen, NULL::BIGINT AS card_counter,
      []::VARCHAR[] AS lost_ids, false AS unmatchable`,
  };
}

/**
 * Plain times are read in SQL with one UTC offset; that is exact only if the zone's offset is the same over the
 * whole range of the file's times, which is checked hour by hour (Asia/Shanghai has had one offset since 1991).
 */
async function constantOffset(duck: Duck, table: string, timeCols: string[], zone: string, file: string): Promise<number> {
  const parts = timeCols.map((c) => `SELECT epoch_ms(try_strptime(${c}, '%Y-%m-%d %H:%M:%S')) AS t FROM ${table}`).join(' UNION ALL ');
  const [range] = await duck.rows<{ lo: bigint | null; hi: bigint | null }>(`SELECT min(t) AS lo, max(t) AS hi FROM (${parts})`);
  const offsetAt = (naive: number) => {
    const d = new Date(naive);
    return naive - localToEpoch(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0, zone);
  };
  if (range?.lo === null || range?.lo === undefined) return offsetAt(0);
  const lo = Number(range.lo);
  const hi = Number(range.hi);
  const offset = offsetAt(lo);
  const HOUR = 3_600_000;
  if ((hi - lo) / HOUR > 24 * 800) throw new Error(`${file}: the fast loader reads at most two years of times; import it through the importer`);
  for (let t = lo; t <= hi + HOUR; t += HOUR) {
    if (offsetAt(t) !== offset) throw new Error(`${file}: the UTC offset of ${zone} changes within the file's times; import it through the importer`);
  }
  return offset;
}

/** Rows that are not plain, through the TypeScript importer (header + those lines), lines mapped back. */
async function slowPath(odd: { line: bigint; cells: string }[], header: string, layout: FastLayout, file: string, zone: string): Promise<{ records: NormalizedRecord[]; findings: Finding[] }> {
  const lines = odd.map((o) => Number(o.line));
  const text = [header, ...odd.map((o) => o.cells)].join('\n') + '\n';
  const importer = layout === 'opsdesk-ledger' ? importLedgerCsv : importWechatTrade;
  const out = await collect(importer(Readable.from([Buffer.from(text)]), { fileName: file, timeZone: zone }));
  const map = (mini: number) => lines[mini - 2] ?? mini;
  for (const r of out.records) {
    r.provenance.line = map(r.provenance.line);
    r.provenance.raw = capRaw(r.provenance.raw);
  }
  const findings = out.findings
    .filter((f) => f.line !== null && f.code !== 'DUPLICATE_ROW' && f.line > 1)
    .map((f) => ({ ...f, line: map(f.line!), message: f.message.replace(/\bline (\d+)\b/g, (_, n: string) => `line ${map(Number(n))}`) }));
  return { records: out.records, findings };
}

async function appendRecords(duck: Duck, table: string, records: NormalizedRecord[]): Promise<void> {
  const appender = await duck.conn.createAppender(table);
  for (const r of records) {
    const text = (v: string | null) => (v === null ? appender.appendNull() : appender.appendVarchar(v));
    const big = (v: number | null) => (v === null ? appender.appendNull() : appender.appendBigInt(BigInt(v)));
    big(r.provenance.line - 1);
    text(r.provenance.file);
    big(r.provenance.line);
    text(r.provenance.raw);
    text(r.source);
    for (const v of [r.txnId, r.channelOrderId, r.merchantOrderId, r.thirdPartyOrderId, r.refundId, r.merchantRefundId, r.account, r.card, r.terminal, r.channel, r.type, r.direction]) text(v);
    big(r.amountFen);
    big(r.feeFen);
    text(r.currency);
    text(r.status);
    text(r.statusRaw);
    big(r.txnTime);
    big(r.collectedAt);
    if (r.offline === null) appender.appendNull();
    else appender.appendBoolean(r.offline);
    big(r.balanceBeforeFen);
    big(r.balanceAfterFen);
    big(r.cardCounter);
    appender.appendList(r.lostIds);
    appender.appendBoolean(r.unmatchable);
    appender.endRow();
  }
  appender.closeSync();
}

/** Lines DuckDB refused, except the layout's own trailer/summary lines (checked separately). */
async function rejectFindings(duck: Duck, rej: string, file: string): Promise<Finding[]> {
  const rows = await duck.rows<{ line: bigint; error_type: string; head: string; n: bigint; msg: string }>(
    `SELECT line, error_type, left(csv_line, 64) AS head, length(csv_line) AS n, error_message AS msg FROM ${rej}
     WHERE NOT (starts_with(csv_line, '#END') OR starts_with(ltrim(csv_line, '\`'), '总交易单数') OR line = (SELECT max(line) FROM ${rej}) AND EXISTS (SELECT 1 FROM ${rej} WHERE starts_with(ltrim(csv_line, '\`'), '总交易单数') AND line = (SELECT max(line) FROM ${rej}) - 1))
     ORDER BY line`,
  );
  return rows.map((r) =>
    r.error_type === 'LINE SIZE OVER MAXIMUM'
      ? finding('LINE_TOO_LONG', { file, line: Number(r.line) }, `line ${r.line} is longer than ${MAX_LINE} bytes; the row is rejected`, { limit: MAX_LINE })
      : finding('BAD_ROW', { file, line: Number(r.line) }, `line ${r.line}: ${r.msg}; the row is rejected`, { reason: r.error_type }),
  );
}

async function ledgerTrailer(duck: Duck, raw: string, rej: string, file: string, amountCol: string, findings: Finding[]): Promise<void> {
  const [t] = await duck.rows<{ line: bigint; text: string }>(`SELECT line, csv_line AS text FROM ${rej} WHERE starts_with(csv_line, '#END') ORDER BY line DESC LIMIT 1`);
  if (!t) {
    findings.push(finding('TRUNCATED', { file }, 'the file has no #END trailer: it may have been cut short', {}));
    return;
  }
  const cells = t.text.split(',');
  const claimedRows = parseCount(cells[1] ?? '');
  const { n, rejected } = await duck.one<{ n: bigint; rejected: bigint }>(
    `SELECT (SELECT count(*) FROM ${raw}) AS n, (SELECT count(*) FROM ${rej} WHERE NOT starts_with(csv_line, '#END')) AS rejected`,
  );
  const rows = Number(n) + Number(rejected);
  // Σ amount_fen as the importer sums it: signed, every readable cell
  const { s } = await duck.one<{ s: bigint | null }>(`SELECT sum(CAST(cl(${amountCol}) AS HUGEINT)) AS s FROM ${raw} WHERE regexp_full_match(cl(${amountCol}), '-?\\d{1,15}')`);
  let sum = BigInt(s ?? 0);
  const others = await duck.rows<{ v: string; n: bigint }>(`SELECT cl(${amountCol}) AS v, count(*) AS n FROM ${raw} WHERE cl(${amountCol}) IS NOT NULL AND NOT regexp_full_match(cl(${amountCol}), '-?\\d{1,15}') GROUP BY 1`);
  for (const o of others) {
    const m = parseMoney(o.v, { unit: 'fen' });
    if (m.ok) sum += BigInt(m.fen) * BigInt(o.n);
  }
  const line = Number(t.line);
  if (claimedRows !== null && claimedRows !== rows) findings.push(finding('SUMMARY_MISMATCH', { file, line, field: 'rows' }, `the trailer claims ${claimedRows} rows, the file holds ${rows}`, { claimed: claimedRows, counted: rows }));
  const claimedSum = (cells[2] ?? '').trim();
  if (claimedSum !== String(sum)) findings.push(finding('SUMMARY_MISMATCH', { file, line, field: 'amount_fen' }, `the trailer claims a sum of ${claimedSum} fen, the rows sum to ${sum}`, { claimed: claimedSum, counted: String(sum) }));
}

async function wechatSummary(duck: Duck, raw: string, rej: string, names: string[], file: string, findings: Finding[]): Promise<void> {
  const lines = await duck.rows<{ line: bigint; text: string }>(`SELECT line, csv_line AS text FROM ${rej} ORDER BY line DESC LIMIT 2`);
  const labels = lines[1];
  const values = lines[0];
  if (!labels || !values || !labels.text.replace(/^`/, '').startsWith('总交易单数')) {
    findings.push(finding('SUMMARY_MISSING', { file }, 'the bill has no summary lines (总交易单数 …): it may have been cut short', {}));
    return;
  }
  const { n, rejected } = await duck.one<{ n: bigint; rejected: bigint }>(`SELECT (SELECT count(*) FROM ${raw}) AS n, (SELECT count(*) FROM ${rej}) - 2 AS rejected`);
  const rows = BigInt(Number(n) + Number(rejected));
  const labelCells = headerCells(labels.text);
  const valueCells = headerCells(values.text);
  const claims: Claim[] = [];
  for (const [i, label] of labelCells.entries()) {
    if (label === '') continue;
    const text = valueCells[i] ?? '';
    if (/单数|笔数/.test(label)) {
      claims.push({ label, kind: 'count', claimedText: text, counted: rows, line: Number(values.line) });
      continue;
    }
    const base = label.replace('总', '');
    const column = [base, base.replace(/金额$/, '')].find((c) => names.includes(c));
    if (!column) continue;
    const c = `trim(regexp_replace(c${names.indexOf(column)}, '^\`', ''))`;
    const { s } = await duck.one<{ s: bigint | null }>(
      `SELECT sum(CAST(CAST(${c} AS DECIMAL(18, 2)) * 100 AS HUGEINT)) AS s FROM ${raw} WHERE regexp_full_match(${c}, '-?\\d{1,13}(\\.\\d{1,2})?')`,
    );
    let sum = BigInt(s ?? 0);
    let unreadable = 0;
    for (const o of await duck.rows<{ v: string; k: bigint }>(`SELECT ${c} AS v, count(*) AS k FROM ${raw} WHERE ${c} IS NOT NULL AND ${c} <> '' AND NOT regexp_full_match(${c}, '-?\\d{1,13}(\\.\\d{1,2})?') GROUP BY 1`)) {
      const m = parseMoney(o.v);
      if (m.ok) sum += BigInt(m.fen) * BigInt(o.k);
      else unreadable += Number(o.k);
    }
    claims.push({ label, kind: 'amount', claimedText: text, counted: sum, line: Number(values.line), ...(unreadable ? { unreadable } : {}) });
  }
  findings.push(...checkClaims(file, claims));
}

/** The importer's row warning: balance before ± amount ≠ balance after. */
async function balanceFindings(duck: Duck, table: string, file: string): Promise<Finding[]> {
  const rows = await duck.rows<{ line: bigint; b: bigint; a: bigint; amt: bigint; dir: string; e: bigint }>(
    `SELECT line, balance_before_fen AS b, balance_after_fen AS a, amount_fen AS amt, direction AS dir,
            balance_before_fen + CASE direction WHEN 'in' THEN amount_fen ELSE -amount_fen END AS e
     FROM ${table} WHERE source = 'ledger-csv' AND direction IN ('in', 'out') AND balance_before_fen IS NOT NULL AND balance_after_fen IS NOT NULL
       AND amount_fen IS NOT NULL AND balance_before_fen + CASE direction WHEN 'in' THEN amount_fen ELSE -amount_fen END <> balance_after_fen
       AND line IN (SELECT line FROM ${table} WHERE raw IS NOT NULL)`,
  );
  return rows.map((r) =>
    finding(
      'BALANCE_BREAK',
      { file, line: Number(r.line), field: 'balanceAfter' },
      `line ${r.line}: balance before ${formatFen(r.b)} ${r.dir === 'in' ? '+' : '−'} ${formatFen(r.amt)} = ${formatFen(r.e)}, but balance after is ${formatFen(r.a)}`,
      { opening: Number(r.b), amount: Number(r.amt), expected: Number(r.e), closing: Number(r.a) },
      'warning',
    ),
  );
}

/** Column list check: the fast tables have exactly the record columns, in order. */
export const FAST_COLUMNS = COLUMN_NAMES;
