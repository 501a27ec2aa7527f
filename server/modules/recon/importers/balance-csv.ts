import { cleanCell } from './cells.ts';
import { guessDelimiter } from './csv-fields.ts';
import { limitsOf, type ByteSource, type ImportMeta, type ImportOptions, type ImportStats } from './events.ts';
import { finding, type Finding } from './findings.ts';
import { normaliseHeader, unitOf } from './header-map.ts';
import { formatFen, parseCount } from './money.ts';
import { blankRecord, type NormalizedRecord, type Provenance } from './record.ts';
import { RowReader, Tally } from './row-reader.ts';
import { readRows } from './rows.ts';

/**
 * The card system's account daily settlement (账户日结表): per account (and card) and business day, the opening
 * balance, what came in (recharges, subsidies, transfers in), what went out (consumption net of refunds), the closing
 * balance the database holds, and optionally the card purse balance. opsdesk's own layout is `opsdesk-balances/v1`
 * (importers/README.md); the usual Chinese and English header names of one-card exports are recognised too. It is
 * not a transaction file: it yields `balance` rows, which the engine's balance checks compare with the ledger.
 */
export interface BalanceRow {
  /** the business day the row settles, `YYYY-MM-DD` (the card system's day, ending at its cut-off) */
  day: string;
  account: string;
  card: string | null;
  openingFen: number;
  /** the account's increase that day: recharges, subsidies, transfers in (the 转入 column added when separate) */
  rechargeFen: number;
  /** money out that day, net of refunds; null when the export has no such column */
  consumptionFen: number | null;
  /** the account balance in the database at the day's end (库余额) */
  closingFen: number;
  /** the card's purse balance as the card system last saw it (卡余额); null when not exported */
  cardBalanceFen: number | null;
  provenance: Provenance;
}

export type BalanceEvent =
  | { type: 'meta'; meta: ImportMeta }
  | { type: 'balance'; balance: BalanceRow }
  | { type: 'finding'; finding: Finding }
  | { type: 'end'; stats: ImportStats };

export const BALANCE_FIELDS = ['day', 'account', 'card', 'opening', 'recharge', 'transferIn', 'consumption', 'closing', 'cardBalance'] as const;
export type BalanceField = (typeof BALANCE_FIELDS)[number];

/** opsdesk's own layout: exactly these columns, any order, then `#END,<rows>,<Σ closing_fen>`. */
export const BALANCES_V1 = ['business_day', 'account_no', 'card_no', 'opening_fen', 'recharge_fen', 'consumption_fen', 'closing_fen', 'card_balance_fen'] as const;

/** Normalised names (normaliseHeader, then a unit suffix 元/分/yuan/fen dropped) per field. */
const SYNONYMS: Record<BalanceField, string[]> = {
  day: ['businessday', 'day', 'date', 'settledate', 'settlementdate', '日期', '结算日期', '日结日期', '业务日期', '记账日期', '营业日期', '对账日期', '会计日期'],
  account: ['account', 'accountno', 'accountid', 'studentid', 'staffid', '账号', '帐号', '学工号', '学号', '工号', '账户', '账户号', '客户号'],
  card: ['card', 'cardno', 'cardnumber', '卡号', '物理卡号', '卡片号', '校园卡号'],
  opening: ['opening', 'openingbalance', 'open', '期初余额', '上日余额', '昨日余额', '日初余额', '期初金额', '期初'],
  recharge: ['recharge', 'recharges', 'increase', 'credit', 'credits', '充值金额', '充值', '充值额', '存款金额', '入账金额', '增加金额', '收入金额'],
  transferIn: ['transferin', '转入金额', '转入', '转账转入'],
  consumption: ['consumption', 'consume', 'spend', 'debit', 'debits', '消费金额', '消费', '消费额', '支出金额', '扣款金额'],
  closing: ['closing', 'closingbalance', 'balance', 'dbbalance', 'accountbalance', '期末余额', '账户余额', '库余额', '本日余额', '当日余额', '日终余额', '余额', '期末金额', '期末'],
  cardBalance: ['cardbalance', 'purse', 'pursebalance', '卡余额', '卡片余额', '卡上余额', '钱包余额', '电子钱包余额'],
};
const LOOKUP = new Map<string, BalanceField>();
for (const f of BALANCE_FIELDS) for (const s of SYNONYMS[f]) LOOKUP.set(s, f);

const MONEY: BalanceField[] = ['opening', 'recharge', 'transferIn', 'consumption', 'closing', 'cardBalance'];
const REQUIRED: BalanceField[] = ['day', 'account', 'opening', 'recharge', 'closing'];

const stripUnit = (n: string) => n.replace(/\((元|分|yuan|fen)\)$/, '').replace(/(yuan|fen)$/, '');

interface Column {
  field: BalanceField;
  column: string;
  index: number;
  unit: 'yuan' | 'fen';
}

/** Which column holds which field; never a guess: a missing required field or two columns for one is refused. */
export function mapBalanceHeader(header: string[]): { ok: true; columns: Column[] } | { ok: false; missing: BalanceField[]; ambiguous: { field: BalanceField; columns: string[] }[] } {
  const claims = new Map<BalanceField, number[]>();
  header.forEach((h, i) => {
    const f = LOOKUP.get(stripUnit(normaliseHeader(h)));
    if (f) claims.set(f, [...(claims.get(f) ?? []), i]);
  });
  const ambiguous = [...claims].filter(([, idx]) => idx.length > 1).map(([field, idx]) => ({ field, columns: idx.map((i) => cleanCell(header[i]!)) }));
  const missing = REQUIRED.filter((f) => !claims.has(f));
  if (missing.length || ambiguous.length) return { ok: false, missing, ambiguous };
  const columns = [...claims].map(([field, [index]]) => ({ field, column: cleanCell(header[index!]!), index: index!, unit: MONEY.includes(field) ? unitOf(header[index!]!).unit : ('yuan' as const) }));
  return { ok: true, columns: columns.sort((a, b) => a.index - b.index) };
}

/** `2026-11-30`, `2026/11/30`, `2026.11.30`, `20261130`, `2026年11月30日`, optionally with a time after it (ignored). */
export function parseDay(text: string): string | null {
  const s = text.trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s.*)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const TRAILER = /^#END$/i;

/**
 * Streams an account daily settlement file: one `balance` per good row; a row with a figure or the day it cannot read
 * exactly, no account, or the same (day, account, card) again is rejected with its finding (a half-read settlement
 * row would make every check of its account wrong); opening + increase − consumption ≠ closing is a BALANCE_BREAK
 * warning and the row is kept (the checks then say which side is wrong).
 */
export async function* importBalanceCsv(input: ByteSource, options: ImportOptions): AsyncGenerator<BalanceEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  const tally = new Tally();
  let columns: Column[] | null = null;
  let headerLength = 0;
  let ownLayout = false;
  let trailer: { line: number; rows: number | null; sum: string } | null = null;
  let sum = 0n;
  const cell = (cells: string[], f: BalanceField) => {
    const c = columns!.find((x) => x.field === f);
    return c ? cells[c.index] : undefined;
  };
  const unit = (f: BalanceField) => columns!.find((x) => x.field === f)?.unit ?? 'yuan';
  let encoding: ImportMeta['encoding'] | undefined;

  for await (const item of readRows(input, limits, guessDelimiter)) {
    if (item.kind === 'encoding') {
      encoding = item.encoding;
      continue;
    }
    if (item.kind === 'finding') {
      yield { type: 'finding', finding: tallied(tally, item.finding) };
      continue;
    }
    if (item.kind === 'rejected') {
      tally.rows++;
      tally.rejected++;
      continue;
    }
    if (item.kind === 'end') {
      if (columns === null && !item.stopped) yield { type: 'finding', finding: tallied(tally, finding('UNKNOWN_LAYOUT', { file }, 'the file has no header line', {})) };
      if (columns && ownLayout && !trailer && !item.stopped) yield { type: 'finding', finding: tallied(tally, finding('TRUNCATED', { file }, 'the file has no #END trailer: it may have been cut short', {})) };
      if (trailer) {
        if (trailer.rows !== null && trailer.rows !== tally.rows) {
          yield { type: 'finding', finding: tallied(tally, finding('SUMMARY_MISMATCH', { file, line: trailer.line, field: 'rows' }, `the trailer claims ${trailer.rows} rows, the file holds ${tally.rows}`, { claimed: trailer.rows, counted: tally.rows })) };
        }
        if (trailer.sum !== String(sum)) {
          yield { type: 'finding', finding: tallied(tally, finding('SUMMARY_MISMATCH', { file, line: trailer.line, field: 'closing_fen' }, `the trailer claims closing balances of ${trailer.sum} fen, the rows sum to ${sum}`, { claimed: trailer.sum, counted: String(sum) })) };
        }
      }
      yield { type: 'end', stats: tally.stats(item.bytes) };
      return;
    }
    const cells = item.cells;
    if (cells.every((c) => c.trim() === '')) continue;
    if (columns === null) {
      const mapped = mapBalanceHeader(cells);
      if (!mapped.ok) {
        const what = [...mapped.missing, ...mapped.ambiguous.map((a) => `${a.field} (several: ${a.columns.join(', ')})`)].join(', ');
        yield {
          type: 'finding',
          finding: tallied(tally, finding('UNKNOWN_LAYOUT', { file, line: item.line }, `not an account daily settlement this importer reads: the header does not say which column holds ${what}`, {
            missing: mapped.missing.join(','),
            ambiguous: mapped.ambiguous.map((a) => `${a.field}:${a.columns.join('|')}`).join(';'),
          })),
        };
        yield { type: 'meta', meta: { source: 'balance-csv', file, ...(encoding ? { encoding } : {}) } };
        yield { type: 'end', stats: tally.stats(0) };
        return;
      }
      columns = mapped.columns;
      headerLength = cells.length;
      const names = cells.map((c) => cleanCell(c));
      ownLayout = names.length === BALANCES_V1.length && BALANCES_V1.every((n) => names.includes(n));
      yield { type: 'meta', meta: { source: 'balance-csv', file, ...(encoding ? { encoding } : {}), layout: ownLayout ? 'opsdesk-balances/v1' : 'recognised-header', columns: columns.map(({ field, column, index }) => ({ field, column, index, from: 'header' as const })) } };
      continue;
    }
    if (TRAILER.test(cleanCell(cells[0] ?? ''))) {
      trailer = { line: item.line, rows: parseCount(cells[1] ?? ''), sum: (cells[2] ?? '').trim() };
      continue;
    }
    if (tally.rows >= limits.maxRows) {
      yield { type: 'finding', finding: tallied(tally, finding('TOO_MANY_ROWS', { file, line: item.line }, `more than ${limits.maxRows} rows; reading stopped`, { limit: limits.maxRows })) };
      yield { type: 'end', stats: tally.stats(0) };
      return;
    }
    tally.rows++;
    const r = new RowReader(limits, item.line);
    const row = readRow(r, cells, headerLength, cell, unit, file);
    if (row !== null) {
      const key = `${row.day}\u0000${row.account}\u0000${row.card ?? ''}`;
      const first = tally.seen(key, item.line);
      if (typeof first === 'number') r.error('DUPLICATE_ROW', null, `line ${item.line} settles account ${row.account}${row.card ? ` card ${row.card}` : ''} on ${row.day} again (first on line ${first}); the row is rejected`, { firstLine: first, key: `${row.day} ${row.account} ${row.card ?? ''}`.trim() });
      else if (first === 'limit') r.warn('DUPLICATE_ROW', null, 'too many rows to keep checking for repeated accounts here', {});
    }
    const rejected = row === null || r.findings.some((f) => f.severity === 'error');
    if (!rejected && row.consumptionFen !== null) {
      const expected = row.openingFen + row.rechargeFen - row.consumptionFen;
      if (expected !== row.closingFen) {
        r.warn('BALANCE_BREAK', 'closing', `line ${item.line}: opening ${formatFen(row.openingFen)} + increase ${formatFen(row.rechargeFen)} − consumption ${formatFen(row.consumptionFen)} = ${formatFen(expected)}, but the closing balance is ${formatFen(row.closingFen)}`, {
          opening: row.openingFen,
          increase: row.rechargeFen,
          consumption: row.consumptionFen,
          // the statement's sentence (opening + entries = expected, closing): entries = increase − consumption
          entries: row.rechargeFen - row.consumptionFen,
          expected,
          closing: row.closingFen,
        });
      }
    }
    for (const f of r.findings) yield { type: 'finding', finding: tallied(tally, f) };
    if (rejected) {
      tally.rejected++;
      continue;
    }
    sum += BigInt(row.closingFen);
    tally.records++;
    row.provenance.raw = item.raw.length > 4096 ? `${item.raw.slice(0, 4096)}…` : item.raw;
    yield { type: 'balance', balance: row };
  }
}

function tallied(tally: Tally, f: Finding): Finding {
  tally.findings++;
  return f;
}

function readRow(
  r: RowReader,
  cells: string[],
  headerLength: number,
  cell: (cells: string[], f: BalanceField) => string | undefined,
  unit: (f: BalanceField) => 'yuan' | 'fen',
  file: string,
): BalanceRow | null {
  const line = r.line;
  if (cells.length < headerLength || cells.slice(headerLength).some((c) => c.trim() !== '')) {
    r.error('BAD_ROW', null, `line ${line} has ${cells.length} cells, the header ${headerLength}; the row is rejected`, { cells: cells.length, expected: headerLength });
    return null;
  }
  const dayText = r.text(cell(cells, 'day'), 'day');
  const day = dayText === null ? null : parseDay(dayText);
  if (day === null) r.error('BAD_DATE', 'day', `the business day on line ${line} is "${dayText ?? ''}", not a date`, { value: dayText ?? '' });
  const account = r.id(cell(cells, 'account'), 'account');
  if (account === null && !r.lostIds.includes('account')) r.error('BAD_ROW', 'account', `line ${line} names no account; the row is rejected`, {});
  const card = r.id(cell(cells, 'card'), 'card');
  const money = (f: BalanceField, required: boolean) => r.money(cell(cells, f), f, { unit: unit(f), required });
  const opening = money('opening', true);
  const recharge = money('recharge', true);
  const transferIn = money('transferIn', false);
  const consumption = money('consumption', false);
  const closing = money('closing', true);
  const cardBalance = money('cardBalance', false);
  if (day === null || account === null || (card === null && r.lostIds.includes('card')) || opening === null || recharge === null || closing === null) return null;
  return {
    day,
    account,
    card,
    openingFen: opening,
    rechargeFen: recharge + (transferIn ?? 0),
    consumptionFen: consumption,
    closingFen: closing,
    cardBalanceFen: cardBalance,
    provenance: { file, line, raw: '' },
  };
}

/**
 * A settlement row where a record is expected (a difference's snapshot side, an import's preview): source
 * `balance-csv`, the account and card, opening as balance before and closing as balance after; the day's increase and
 * consumption are in the raw row (and in a difference's params).
 */
export function settlementRecord(b: BalanceRow): NormalizedRecord {
  return { ...blankRecord('balance-csv', b.provenance), account: b.account, card: b.card, balanceBeforeFen: b.openingFen, balanceAfterFen: b.closingFen };
}

/** Drains the importer into arrays: tests and small previews. */
export async function collectBalances(events: AsyncIterable<BalanceEvent>): Promise<{ meta: ImportMeta[]; rows: BalanceRow[]; findings: Finding[]; stats: ImportStats | null }> {
  const out = { meta: [] as ImportMeta[], rows: [] as BalanceRow[], findings: [] as Finding[], stats: null as ImportStats | null };
  for await (const e of events) {
    if (e.type === 'meta') out.meta.push(e.meta);
    else if (e.type === 'balance') out.rows.push(e.balance);
    else if (e.type === 'finding') out.findings.push(e.finding);
    else out.stats = e.stats;
  }
  return out;
}
