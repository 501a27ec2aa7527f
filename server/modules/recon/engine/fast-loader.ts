import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { collect, importLedgerCsv, importWechatTrade, parseMoney, type Finding, type NormalizedRecord } from '../importers/index.ts';
import { checkClaims, type Claim } from '../importers/bill-summary.ts';
import { splitFields } from '../importers/csv-fields.ts';
import { finding } from '../importers/findings.ts';
import { formatFen, parseCount } from '../importers/money.ts';
import { capRaw } from '../importers/record.ts';
import { localToEpoch } from '../importers/time.ts';
import { lit, type Duck } from './duck.ts';
import { appendRecords } from './record-file.ts';
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
 * it gets the importer's record and findings exactly. Lines DuckDB refuses for their cell count go to the importer
 * too; lines longer than 64 KiB are LINE_TOO_LONG; the ledger's `#END` trailer and the bill's summary lines are checked
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
function readCsv(path: string, names: string[], rejects: string, parallel: boolean): string {
  const columns = `{${names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  return `read_csv(${lit(path)}, header = false, skip = 1, delim = ',', quote = '"', escape = '"', columns = ${columns}, auto_detect = false,
    parallel = ${parallel}, null_padding = false, allow_quoted_nulls = true, max_line_size = ${MAX_LINE}, ignore_errors = true, store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${rejects}_scan')`;
}

// A plain cell is read in SQL as it stands: no spaces, no quotes, no other spelling. WeChat's cells carry a backtick.
const ID_RE = '[0-9A-Za-z_][0-9A-Za-z_-]*';
/** an id is at most this long (checked by length: a bounded repetition makes RE2 slow) */
const ID_MAX = 128;
const TIME_RE = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}';
const YUAN_RE = '\\d{1,13}\\.\\d\\d';

/** What loading a fast CSV leaves: a SELECT of the record columns (plain rows and importer rows) and the findings. */
export interface FastLoad {
  select: string;
  findings: Finding[];
  rows: number;
  /**
   * The whole records of the given lines, read again through the importer. Plain rows are loaded only with the
   * columns matching reads (their `raw` is NULL, as are terminal, fee, currency, raw status, collection time and the
   * offline flag): the few a job shows or carries are completed here, and are then the importer's records exactly.
   */
  reread(lines: number[]): Promise<NormalizedRecord[]>;
}

/**
 * One pass of DuckDB over the file into `table`: the record columns for plain rows (NULL elsewhere), `plain`, and
 * what the file checks need. Then the other rows through the importer, the refused lines, the trailer or summary.
 * Line numbers are the table's row order (DuckDB keeps insertion order) shifted by the refused lines before them.
 */
export async function loadFastCsv(duck: Duck, path: string, layout: FastLayout, table: string, options: FastOptions = {}): Promise<FastLoad> {
  const file = options.fileName ?? path;
  const zone = options.timeZone ?? 'Asia/Shanghai';
  const first = firstLine(path);
  const names = headerCells(first!.line);
  const col = (name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? 'NULL::VARCHAR' : `c${i}`;
  };
  const rej = `rej_${table}`;
  const shape = layout === 'opsdesk-ledger' ? ledgerSql(col) : wechatSql(col, names);
  const offset = await zoneOffset(zone, options.timeZone === undefined ? null : file);
  /*
   * Line numbers come from the order rows are inserted in, shifted by the refused lines before them. Only a
   * single-threaded scan inserts rows in the file's order: the parallel scanner was seen to reorder them (around a
   * refused 10 MB line, and in a 1M-row bill without one — the benchmark's ground truth caught it; on 2026-12-01,
   * DuckDB 1.5.6, a check of 512 sample rows against the file still found 495 out of place in the 1M-row ledger), so
   * the scan runs on one thread and the matching that follows gets both.
   */
  await duck.run(`CREATE TABLE ${table} AS SELECT ${shape.stored(offset)}, ${shape.plain} AS plain, ${shape.extra} FROM ${readCsv(path, names, `${rej}_all`, false)}`);
  // DuckDB records one reject per missing cell: one row per refused line here
  await duck.run(`CREATE TABLE ${rej} AS SELECT line, min(error_type) AS error_type, any_value(csv_line) AS csv_line, min(error_message) AS error_message FROM ${rej}_all GROUP BY line`);
  const count = Number((await duck.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${table}`)).n);
  const early = Number((await duck.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${rej} WHERE line < ${count + 2}`)).n);
  // data row i (0-based) is line i + 2, pushed down by every refused line before it
  await duck.run(`CREATE TABLE ${rej}_shift AS SELECT t, max(j) AS j FROM (SELECT line - 1 - row_number() OVER (ORDER BY line) AS t, row_number() OVER (ORDER BY line) AS j FROM ${rej}) GROUP BY t`);
  const lines = early === 0
    ? `(SELECT rowid AS i, *, rowid + 2 AS line FROM ${table})`
    : `(SELECT x.*, x.i + 2 + coalesce(s.j, 0) AS line FROM (SELECT rowid AS i, * FROM ${table}) x ASOF LEFT JOIN ${rej}_shift s ON x.i >= s.t)`;
  // the record columns (a fast-loaded row's key in its file is its line; constants and derived columns are not stored)
  await duck.run(`CREATE VIEW ${table}_lines AS SELECT plain, ${shape.columns(file)} FROM ${lines}`);
  await duck.run(`CREATE TABLE ${table}_slow AS SELECT ${COLUMN_NAMES.map((c) => `${c}`).join(', ')} FROM ${table}_lines WHERE false`);
  const findings: Finding[] = [];
  const refused = await refusedLines(duck, rej, file);
  findings.push(...refused.findings);
  const plainless = (await duck.rows<{ line: bigint }>(`SELECT line FROM ${table}_lines WHERE NOT plain ORDER BY line`)).map((o) => Number(o.line));
  const odd = [...plainless, ...refused.toImporter].sort((a, b) => a - b);
  let refusedCells: string[][] = [];
  if (odd.length) {
    const text = await pickLines(path, new Set(odd));
    const slow = await slowPath(odd.map((l) => ({ line: l, text: text.get(l) ?? '' })), first!.line, layout, file, zone);
    findings.push(...slow.findings);
    // a row's key in its file is its line, as for the plain rows
    await appendRecords(duck, `${table}_slow`, slow.records.map((r) => ({ ...r, rowKey: r.provenance.line })));
    // the summary sums every row's cells, refused ones too, as the importer does
    refusedCells = refused.toImporter.map((l) => splitFields(text.get(l) ?? '', ',').cells);
  }
  if (layout === 'opsdesk-ledger') {
    findings.push(...(await ledgerTrailer(duck, table, rej, file)));
    findings.push(...(await balanceFindings(duck, `${table}_lines`, file)));
  } else {
    findings.push(...(await wechatSummary(duck, table, rej, names, file, refusedCells)));
  }
  const cols = COLUMN_NAMES.join(', ');
  return {
    select: `SELECT ${cols} FROM ${table}_lines WHERE plain UNION ALL SELECT ${cols} FROM ${table}_slow`,
    findings: findings.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)),
    rows: count,
    async reread(wanted) {
      const text = await pickLines(path, new Set(wanted));
      const lines = [...text.keys()].sort((a, b) => a - b);
      return (await slowPath(lines.map((line) => ({ line, text: text.get(line)! })), first!.line, layout, file, zone)).records;
    },
  };
}

interface Shape {
  plain: string;
  /** columns for the file checks */
  extra: string;
  /** what the table stores of each row: the cells matching and the checks read, converted */
  stored: (offsetMs: number) => string;
  /** the record columns (COLUMN_NAMES) over the stored ones and `line`; what is not stored is a constant or NULL */
  columns: (file: string) => string;
}

const epoch = (c: string, off: number) => `epoch_ms(try_strptime(${c}, '%Y-%m-%d %H:%M:%S')) - ${off}`;
const validTime = (c: string) => `try_strptime(${c}, '%Y-%m-%d %H:%M:%S') IS NOT NULL`;
const re = (c: string, pattern: string) => `regexp_full_match(${c}, '${pattern}')`;

/**
 * Cells tested against their patterns in one regular expression, joined by \x01, which no pattern matches: exactly
 * every cell's own full match, for one call per row instead of one per cell (RE2's cost per call dominated the load).
 * An empty cell is NULL (`allow_quoted_nulls`: no cell is ever ''), tested as '': `optional` patterns allow it.
 */
function cellsMatch(cells: [cell: string, pattern: string][]): string {
  return `regexp_full_match(concat(${cells.map(([c]) => `coalesce(${c}, '')`).join(', chr(1), ')}), '${cells.map(([, p]) => `(?:${p})`).join('\\x01')}')`;
}

/** None of the cells is a spreadsheet-mangled number (`4E27`, `` `4E27 ``), in one search per row. */
function noneMangled(cells: string[]): string {
  return `NOT regexp_matches(concat_ws(chr(1), ${cells.join(', ')}), '(?:^|\\x01)\`?\\d+[eE]\\d+(?:\\x01|$)')`;
}

const withinLength = (cells: string[], max: number) => cells.map((c) => `coalesce(strlen(${c}), 0) <= ${max}`).join(' AND ');

function ledgerSql(col: (n: string) => string): Shape {
  const c = col;
  const ids = ['txn_id', 'card_no', 'account_no', 'terminal_id', 'channel_order_id', 'merchant_order_id', 'third_party_order_id', 'refund_id'];
  const optional = (pattern: string) => `|${pattern}`;
  const plain = [
    // ids: empty, or letters, digits, `_` and `-`, not a mangled number
    cellsMatch(ids.map((n) => [c(n), optional(ID_RE)])),
    withinLength(ids.map(c), ID_MAX),
    noneMangled(ids.map(c)),
    `${c('txn_type')} IN ('consume', 'recharge', 'transfer', 'refund', 'fee', 'withdrawal')`,
    cellsMatch([
      [c('amount_fen'), '\\d{1,15}'],
      ...['balance_before_fen', 'balance_after_fen', 'card_counter'].map((n): [string, string] => [c(n), optional('\\d{1,15}')]),
      [c('txn_time'), TIME_RE],
      [c('collected_at'), optional(TIME_RE)],
      [c('channel'), optional('[A-Za-z0-9_]{1,32}')],
    ]),
    validTime(c('txn_time')),
    `(${c('collected_at')} IS NULL OR ${validTime(c('collected_at'))})`,
    `(${c('offline')} IS NULL OR ${c('offline')} IN ('0', '1'))`,
    `(${c('status')} IS NULL OR ${c('status')} IN ('success', 'processing', 'failed', 'closed'))`,
  ].join(' AND ');
  return {
    plain: `coalesce(${plain}, false)`,
    // the trailer's Σ amount_fen needs the cells SQL did not read
    extra: `CASE WHEN NOT ${re(c('amount_fen'), '\\d{1,15}')} THEN ${c('amount_fen')} END AS amount_cell`,
    stored: (off) => `
      ${c('txn_id')} AS txn_id, ${c('channel_order_id')} AS channel_order_id, ${c('merchant_order_id')} AS merchant_order_id,
      ${c('third_party_order_id')} AS third_party_order_id, ${c('refund_id')} AS refund_id,
      ${c('account_no')} AS account, ${c('card_no')} AS card, ${c('channel')} AS channel, ${c('txn_type')} AS type,
      TRY_CAST(${c('amount_fen')} AS BIGINT) AS amount_fen, ${c('status')} AS status, ${epoch(c('txn_time'), off)} AS txn_time,
      TRY_CAST(${c('balance_before_fen')} AS BIGINT) AS balance_before_fen, TRY_CAST(${c('balance_after_fen')} AS BIGINT) AS balance_after_fen,
      TRY_CAST(${c('card_counter')} AS BIGINT) AS card_counter`,
    columns: (file) => `
      line AS row_key, ${lit(file)} AS file, line, NULL::VARCHAR AS raw, 'ledger-csv' AS source,
      txn_id, channel_order_id, merchant_order_id, third_party_order_id, refund_id, NULL::VARCHAR AS merchant_refund_id,
      account, card, NULL::VARCHAR AS terminal, channel, type,
      CASE WHEN type IN ('recharge', 'refund', 'transfer') THEN 'in' ELSE 'out' END AS direction,
      amount_fen, NULL::BIGINT AS fee_fen, NULL::VARCHAR AS currency, coalesce(status, 'unknown') AS status, NULL::VARCHAR AS status_raw,
      txn_time, NULL::BIGINT AS collected_at, NULL::BOOLEAN AS offline, balance_before_fen, balance_after_fen, card_counter,
      []::VARCHAR[] AS lost_ids, false AS unmatchable`,
  };
}

const WECHAT_STATES: [string, string][] = [
  ['SUCCESS', 'success'],
  ['REVOKED', 'closed'],
  ['CLOSED', 'closed'],
  ['NOTPAY', 'processing'],
  ['USERPAYING', 'processing'],
  ['PAYERROR', 'failed'],
];

/** The money columns the bill's summary may claim sums of (the importer sums the same ones). */
function moneyColumns(names: string[]): string[] {
  return names.filter((n) => /金额|手续费/.test(n));
}

function wechatSql(col: (n: string) => string, names: string[]): Shape {
  const c = col;
  const v = (n: string) => `substr(${c(n)}, 2)`;
  const amountCol = names.includes('订单金额') ? '订单金额' : '应结订单金额';
  const yuan = (x: string) => `TRY_CAST(replace(${x}, '.', '') AS BIGINT)`;
  // every cell carries a backtick; optional ones may be empty or the backtick alone
  const optional = (pattern: string) => `|\`|\`${pattern}`;
  const idCells = ['微信订单号', '商户订单号', '用户标识', '设备号'];
  const plain = [
    cellsMatch([
      [c('交易时间'), `\`${TIME_RE}`],
      [c('微信订单号'), `\`${ID_RE}`],
      [c('商户订单号'), `\`${ID_RE}`],
      [c('用户标识'), optional(ID_RE)],
      [c('设备号'), optional(ID_RE)],
      [c('货币种类'), optional('[A-Z]{3}')],
      [c(amountCol), `\`${YUAN_RE}`],
      [c('手续费'), optional(YUAN_RE)],
    ]),
    withinLength(idCells.map(c), ID_MAX + 1),
    noneMangled(idCells.map(c)),
    validTime(v('交易时间')),
    `${c('交易状态')} IN (${WECHAT_STATES.map(([w]) => `'\`${w}'`).join(', ')})`,
  ].join(' AND ');
  // a row whose money cells are all empty or plain yuan is summed without a test per cell
  const moneyPlain = cellsMatch(moneyColumns(names).map((n) => [c(n), `\`?|\`?-?${YUAN_RE}`]));
  const money = moneyColumns(names).map((n, i) => {
    const cell = c(n);
    // exact for what the tests let through: `-?\d{1,13}\.\d\d` without its point is the amount in fen
    const fen = `CAST(replace(nullif(ltrim(${cell}, '\`'), ''), '.', '') AS BIGINT)`;
    // mb: the cells SQL did not read (summed by parseMoney); it reuses m's test through DuckDB's lateral alias
    return `CASE WHEN ${moneyPlain} OR ${re(cell, `\`?-?${YUAN_RE}`)} THEN ${fen} END AS m${i},
            CASE WHEN NOT ${moneyPlain} AND m${i} IS NULL AND trim(ltrim(${cell}, '\`')) <> '' THEN ${cell} END AS mb${i}`;
  });
  const opt = (n: string) => `nullif(${v(n)}, '')`;
  return {
    plain: `coalesce(${plain}, false)`,
    extra: money.length ? money.join(', ') : 'NULL AS m0',
    stored: (off) => `
      ${v('微信订单号')} AS txn_id, ${v('商户订单号')} AS merchant_order_id, ${opt('用户标识')} AS account, ${yuan(v(amountCol))} AS amount_fen,
      CASE ${v('交易状态')} ${WECHAT_STATES.map(([w, s]) => `WHEN '${w}' THEN '${s}'`).join(' ')} END AS status, ${epoch(v('交易时间'), off)} AS txn_time`,
    columns: (file) => `
      line AS row_key, ${lit(file)} AS file, line, NULL::VARCHAR AS raw, 'wechat-trade' AS source,
      txn_id, NULL::VARCHAR AS channel_order_id, merchant_order_id, NULL::VARCHAR AS third_party_order_id, NULL::VARCHAR AS refund_id,
      NULL::VARCHAR AS merchant_refund_id, account, NULL::VARCHAR AS card, NULL::VARCHAR AS terminal, 'wechat' AS channel,
      'consume' AS type, 'in' AS direction, amount_fen, NULL::BIGINT AS fee_fen, NULL::VARCHAR AS currency, status, NULL::VARCHAR AS status_raw,
      txn_time, NULL::BIGINT AS collected_at, NULL::BOOLEAN AS offline, NULL::BIGINT AS balance_before_fen, NULL::BIGINT AS balance_after_fen,
      NULL::BIGINT AS card_counter, []::VARCHAR[] AS lost_ids, false AS unmatchable`,
  };
}

/**
 * Plain times are read in SQL with one UTC offset. That is exact only for a zone whose offset has not changed since
 * 2000 and has no daylight saving (Asia/Shanghai, UTC, …): checked month by month; any other zone is refused here.
 */
async function zoneOffset(zone: string, file: string | null): Promise<number> {
  const offsetAt = (naive: number) => {
    const d = new Date(naive);
    return naive - localToEpoch(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0, zone);
  };
  const start = Date.UTC(2000, 0, 1);
  const offset = offsetAt(start);
  for (let y = 2000; y <= 2040; y++) {
    for (let m = 0; m < 12; m++) {
      if (offsetAt(Date.UTC(y, m, 1)) !== offset || offsetAt(Date.UTC(y, m, 15)) !== offset) {
        throw new Error(`${file ?? zone}: the fast loader reads times only in zones with one fixed UTC offset; ${zone} changes; import the file through the importer`);
      }
    }
  }
  return offset;
}

/** The text of the given lines (1-based) of a file, scanning it once. */
export async function pickLines(path: string, wanted: Set<number>): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (!wanted.size) return out;
  const last = Math.max(...wanted);
  let line = 1;
  let carry: Buffer[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
      if (wanted.has(line)) out.set(line, Buffer.concat([...carry, chunk.subarray(from, nl)]).toString('utf8').replace(/\r$/, ''));
      carry = [];
      from = nl + 1;
      if (++line > last) return out;
    }
    if (wanted.has(line)) carry.push(Buffer.from(chunk.subarray(from)));
  }
  if (wanted.has(line) && carry.length) out.set(line, Buffer.concat(carry).toString('utf8'));
  return out;
}

/** Rows that are not plain, through the TypeScript importer (header + those lines), lines mapped back. */
async function slowPath(odd: { line: number; text: string }[], header: string, layout: FastLayout, file: string, zone: string): Promise<{ records: NormalizedRecord[]; findings: Finding[] }> {
  const text = [header, ...odd.map((o) => o.text)].join('\n') + '\n';
  const importer = layout === 'opsdesk-ledger' ? importLedgerCsv : importWechatTrade;
  const out = await collect(importer(Readable.from([Buffer.from(text)]), { fileName: file, timeZone: zone }));
  const map = (mini: number) => odd[mini - 2]?.line ?? mini;
  for (const r of out.records) {
    r.provenance.line = map(r.provenance.line);
    r.provenance.raw = capRaw(r.provenance.raw);
  }
  const findings = out.findings
    .filter((f) => f.line !== null && f.code !== 'DUPLICATE_ROW' && f.line > 1)
    .map((f) => ({ ...f, line: map(f.line!), message: f.message.replace(/\bline (\d+)\b/g, (_, n: string) => `line ${map(Number(n))}`) }));
  return { records: out.records, findings };
}

/**
 * Lines DuckDB refused, except the layout's own trailer/summary lines (checked separately): a line longer than the
 * limit is LINE_TOO_LONG here (never read back whole); any other (a wrong cell count) goes to the importer, which
 * says what it says of such a row.
 */
async function refusedLines(duck: Duck, rej: string, file: string): Promise<{ findings: Finding[]; toImporter: number[] }> {
  const rows = await duck.rows<{ line: bigint; error_type: string }>(
    `SELECT line, error_type FROM ${rej}
     WHERE NOT (starts_with(csv_line, '#END') OR starts_with(ltrim(csv_line, '\`'), '总交易单数') OR line = (SELECT max(line) FROM ${rej}) AND EXISTS (SELECT 1 FROM ${rej} WHERE starts_with(ltrim(csv_line, '\`'), '总交易单数') AND line = (SELECT max(line) FROM ${rej}) - 1))
     ORDER BY line`,
  );
  const findings: Finding[] = [];
  const toImporter: number[] = [];
  for (const r of rows) {
    if (r.error_type === 'LINE SIZE OVER MAXIMUM') findings.push(finding('LINE_TOO_LONG', { file, line: Number(r.line) }, `line ${r.line} is longer than ${MAX_LINE} bytes; the row is rejected`, { limit: MAX_LINE }));
    else toImporter.push(Number(r.line));
  }
  return { findings, toImporter };
}

async function ledgerTrailer(duck: Duck, table: string, rej: string, file: string): Promise<Finding[]> {
  const t = (await duck.rows<{ line: bigint; text: string }>(`SELECT line, csv_line AS text FROM ${rej} WHERE starts_with(csv_line, '#END') ORDER BY line DESC LIMIT 1`))[0];
  if (!t) return [finding('TRUNCATED', { file }, 'the file has no #END trailer: it may have been cut short', {})];
  const cells = t.text.split(',');
  const claimedRows = parseCount(cells[1] ?? '');
  const { n, rejected, s } = await duck.one<{ n: bigint; rejected: bigint; s: bigint | null }>(
    `SELECT (SELECT count(*) FROM ${table}) AS n, (SELECT count(*) FROM ${rej} WHERE NOT starts_with(csv_line, '#END')) AS rejected,
            (SELECT sum(amount_fen)::HUGEINT FROM ${table} WHERE amount_cell IS NULL) AS s`,
  );
  const rows = Number(n) + Number(rejected);
  // Σ amount_fen as the importer sums it: signed, every readable cell
  let sum = BigInt(s ?? 0);
  for (const o of await duck.rows<{ v: string; k: bigint }>(`SELECT amount_cell AS v, count(*) AS k FROM ${table} WHERE amount_cell IS NOT NULL GROUP BY 1`)) {
    const m = parseMoney(o.v.replace(/^\uFEFF/, '').trim().replace(/^`/, '').trim(), { unit: 'fen' });
    if (m.ok) sum += BigInt(m.fen) * BigInt(o.k);
  }
  const out: Finding[] = [];
  const line = Number(t.line);
  if (claimedRows !== null && claimedRows !== rows) out.push(finding('SUMMARY_MISMATCH', { file, line, field: 'rows' }, `the trailer claims ${claimedRows} rows, the file holds ${rows}`, { claimed: claimedRows, counted: rows }));
  const claimedSum = (cells[2] ?? '').trim();
  if (claimedSum !== String(sum)) out.push(finding('SUMMARY_MISMATCH', { file, line, field: 'amount_fen' }, `the trailer claims a sum of ${claimedSum} fen, the rows sum to ${sum}`, { claimed: claimedSum, counted: String(sum) }));
  return out;
}

async function wechatSummary(duck: Duck, table: string, rej: string, names: string[], file: string, refusedCells: string[][]): Promise<Finding[]> {
  const lines = await duck.rows<{ line: bigint; text: string }>(`SELECT line, csv_line AS text FROM ${rej} ORDER BY line DESC LIMIT 2`);
  const labels = lines[1];
  const values = lines[0];
  if (!labels || !values || !labels.text.replace(/^`/, '').startsWith('总交易单数')) {
    return [finding('SUMMARY_MISSING', { file }, 'the bill has no summary lines (总交易单数 …): it may have been cut short', {})];
  }
  const money = moneyColumns(names);
  const sums = await duck.one<Record<string, bigint | null>>(
    `SELECT count(*) + (SELECT count(*) FROM ${rej}) - 2 AS n${money.map((_, i) => `, sum(m${i})::HUGEINT AS s${i}`).join('')} FROM ${table}`,
  );
  const rows = BigInt(sums.n ?? 0);
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
    const m = money.indexOf(column);
    if (m < 0) continue;
    let sum = BigInt(sums[`s${m}`] ?? 0);
    let unreadable = 0;
    const odd = await duck.rows<{ v: string; k: bigint }>(`SELECT mb${m} AS v, count(*) AS k FROM ${table} WHERE mb${m} IS NOT NULL GROUP BY 1`);
    for (const cells of refusedCells) odd.push({ v: cells[names.indexOf(column)] ?? '', k: 1n });
    for (const o of odd) {
      const v = o.v.replace(/^`/, '').trim();
      if (v === '') continue;
      const r = parseMoney(v);
      if (r.ok) sum += BigInt(r.fen) * BigInt(o.k);
      else unreadable += Number(o.k);
    }
    claims.push({ label, kind: 'amount', claimedText: text, counted: sum, line: Number(values.line), ...(unreadable ? { unreadable } : {}) });
  }
  return checkClaims(file, claims);
}

/** The importer's row warning: balance before ± amount ≠ balance after. */
async function balanceFindings(duck: Duck, table: string, file: string): Promise<Finding[]> {
  const rows = await duck.rows<{ line: bigint; b: bigint; a: bigint; amt: bigint; dir: string; e: bigint }>(
    `SELECT line, balance_before_fen AS b, balance_after_fen AS a, amount_fen AS amt, direction AS dir,
            balance_before_fen + CASE direction WHEN 'in' THEN amount_fen ELSE -amount_fen END AS e
     FROM ${table} WHERE source = 'ledger-csv' AND direction IN ('in', 'out') AND balance_before_fen IS NOT NULL AND balance_after_fen IS NOT NULL
       AND amount_fen IS NOT NULL AND balance_before_fen + CASE direction WHEN 'in' THEN amount_fen ELSE -amount_fen END <> balance_after_fen
       AND plain`,
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

