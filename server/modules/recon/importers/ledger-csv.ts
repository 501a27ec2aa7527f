import { cleanCell } from './cells.ts';
import { guessDelimiter } from './csv-fields.ts';
import { limitsOf, type ByteSource, type ImportEvent, type ImportOptions } from './events.ts';
import { finding } from './findings.ts';
import { mapHeader, type ColumnChoice, type ColumnMapping, type LedgerField } from './header-map.ts';
import { SIGNATURE_MAX_CELL, SIGNATURE_MAX_CELLS } from './header-signature.ts';
import { formatFen, parseCount } from './money.ts';
import { blankRecord } from './record.ts';
import { checkDuplicate, RowReader, settle, Tally } from './row-reader.ts';
import { readRows, type RowItem } from './rows.ts';
import type { SourceKind } from './record.ts';
import { directionOfType, foldDirection, foldFlag, foldStatus, foldType } from './vocab.ts';

/**
 * Card-ledger CSV: opsdesk's documented layout (README.md, "Card-ledger CSV") and any one-card or payment export
 * whose header the recogniser understands; otherwise NEEDS_MAPPING, and the caller passes `mapping`.
 */
export interface LedgerOptions extends ImportOptions {
  mapping?: ColumnMapping;
}

/** The trailer opsdesk's own layout ends with: `#END,<data rows>,<Σ amount_fen>`; other ledgers have none. */
const TRAILER = /^#END$/i;

export async function* importLedgerCsv(input: ByteSource, options: LedgerOptions): AsyncGenerator<ImportEvent> {
  yield* importLedgerRows(readRows(input, limitsOf(options), guessDelimiter), options, { source: 'ledger-csv', trailer: true });
}

/** How a ledger's rows came: which importer read them, and whether opsdesk's own layout must end with its `#END` trailer. */
export interface LedgerRowsKind {
  source: SourceKind;
  /** the CSV layout's `#END,<rows>,<Σ amount_fen>` is required (its absence is TRUNCATED); a sheet has none */
  trailer: boolean;
  /** put before the layout name in the meta (`xlsx:`) */
  layoutPrefix?: string;
}

/**
 * The ledger's rows, from a CSV (readRows) or a sheet (ledger-xlsx.ts) whose cells were made text as a CSV would hold
 * them: the first non-blank row is the header, recognised by name or mapped by `options.mapping`, then one record or
 * rejection per row.
 */
export async function* importLedgerRows(rows: AsyncIterable<RowItem>, options: LedgerOptions, kind: LedgerRowsKind): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  const tally = new Tally();
  let columns: ColumnChoice[] | null = null;
  let headerLength = 0;
  let ownLayout = false;
  let trailer: { line: number; rows: number | null; sum: string } | null = null;
  let sum = 0n;
  const unknownValues = new Set<string>();
  const col = (cells: string[], f: LedgerField) => {
    const c = columns!.find((x) => x.field === f);
    return c ? cells[c.index] : undefined;
  };
  const unitOf = (f: LedgerField) => columns!.find((x) => x.field === f)?.unit ?? 'yuan';

  for await (const item of rows) {
    if (item.kind === 'encoding') continue;
    if (item.kind === 'finding') {
      yield tally.found(item.finding);
      continue;
    }
    if (item.kind === 'rejected') {
      tally.rows++;
      tally.rejected++;
      continue;
    }
    if (item.kind === 'end') {
      if (columns && ownLayout && kind.trailer && !trailer && !item.stopped) {
        yield tally.found(finding('TRUNCATED', { file }, 'the file has no #END trailer: it may have been cut short', {}));
      }
      if (trailer) {
        if (trailer.rows !== null && trailer.rows !== tally.rows) {
          yield tally.found(finding('SUMMARY_MISMATCH', { file, line: trailer.line, field: 'rows' }, `the trailer claims ${trailer.rows} rows, the file holds ${tally.rows}`, { claimed: trailer.rows, counted: tally.rows }));
        }
        if (trailer.sum !== String(sum)) {
          yield tally.found(finding('SUMMARY_MISMATCH', { file, line: trailer.line, field: 'amount_fen' }, `the trailer claims a sum of ${trailer.sum} fen, the rows sum to ${sum}`, { claimed: trailer.sum, counted: String(sum) }));
        }
      }
      yield { type: 'end', stats: tally.stats(item.bytes) };
      return;
    }
    const cells = item.cells;
    if (cells.every((c) => c.trim() === '')) continue;
    if (columns === null) {
      const mapped = mapHeader(cells, options.mapping);
      if (!mapped.ok) {
        yield tally.found(
          finding(
            'NEEDS_MAPPING',
            { file, line: item.line },
            `the header does not say which column holds ${[...mapped.missing, ...mapped.ambiguous.map((a) => `${a.field} (several: ${a.columns.join(', ')})`)].join(', ')}; pass a column mapping`,
            {
              missing: mapped.missing.join(','),
              ambiguous: mapped.ambiguous.map((a) => `${a.field}:${a.columns.join('|')}`).join(';'),
              unknown: mapped.unknown.join(','),
              // the header as read (JSON array of cells): what a person maps to the fields, and saves for next time
              header: JSON.stringify(cells.slice(0, SIGNATURE_MAX_CELLS).map((c) => cleanCell(c).slice(0, SIGNATURE_MAX_CELL))),
            },
          ),
        );
        yield { type: 'meta', meta: { source: kind.source, file, columns: mapped.columns.map(({ field, column, index, from }) => ({ field, column, index, from })) } };
        yield { type: 'end', stats: tally.stats(0) };
        return;
      }
      columns = mapped.columns;
      headerLength = cells.length;
      ownLayout = cells[0]?.trim() === 'txn_id';
      yield { type: 'meta', meta: { source: kind.source, file, layout: `${kind.layoutPrefix ?? ''}${ownLayout ? 'opsdesk-ledger/v1' : 'recognised-header'}`, columns: columns.map(({ field, column, index, from }) => ({ field, column, index, from })) } };
      continue;
    }
    if (TRAILER.test(cells[0]?.trim() ?? '')) {
      trailer = { line: item.line, rows: parseCount(cells[1] ?? ''), sum: (cells[2] ?? '').trim() };
      continue;
    }
    if (tally.rows >= limits.maxRows) {
      yield tally.found(finding('TOO_MANY_ROWS', { file, line: item.line }, `more than ${limits.maxRows} rows; reading stopped`, { limit: limits.maxRows }));
      yield { type: 'end', stats: tally.stats(0) };
      return;
    }
    const r = new RowReader(limits, item.line);
    if (cells.length < headerLength || cells.slice(headerLength).some((c) => c.trim() !== '')) {
      r.error('BAD_ROW', null, `line ${item.line} has ${cells.length} cells, the header ${headerLength}; the row is rejected`, { cells: cells.length, expected: headerLength });
      for (const f of r.findings) yield tally.found(f);
      tally.rows++;
      tally.rejected++;
      continue;
    }
    const rec = blankRecord(kind.source, { file, line: item.line, raw: '' });
    rec.txnId = r.id(col(cells, 'txnId'), 'txnId');
    rec.channelOrderId = r.id(col(cells, 'channelOrderId'), 'channelOrderId');
    rec.merchantOrderId = r.id(col(cells, 'merchantOrderId'), 'merchantOrderId');
    rec.thirdPartyOrderId = r.id(col(cells, 'thirdPartyOrderId'), 'thirdPartyOrderId');
    rec.refundId = r.id(col(cells, 'refundId'), 'refundId');
    rec.card = r.id(col(cells, 'card'), 'card');
    rec.account = r.id(col(cells, 'account'), 'account');
    rec.terminal = r.id(col(cells, 'terminal'), 'terminal');
    rec.channel = r.text(col(cells, 'channel'), 'channel');
    const typeRaw = r.text(col(cells, 'type'), 'type');
    const type = foldType(typeRaw);
    if (typeRaw !== null && type === null && !unknownValues.has(`type:${typeRaw}`)) {
      unknownValues.add(`type:${typeRaw}`);
      r.warn('UNKNOWN_VALUE', 'type', `transaction type "${typeRaw}" (first on line ${item.line}) is not one this importer knows; read as "other"`, { value: typeRaw });
    }
    rec.type = type ?? 'other';
    const amount = r.money(col(cells, 'amount'), 'amount', { unit: unitOf('amount'), required: true });
    if (amount !== null) sum += BigInt(amount);
    const stated = foldDirection(r.text(col(cells, 'direction'), 'direction'));
    rec.amountFen = amount === null ? null : Math.abs(amount);
    rec.direction = amount !== null && amount < 0 ? 'out' : (stated ?? directionOfType(rec.type));
    if (rec.direction === 'none' && amount !== null && amount > 0 && rec.type === 'transfer') rec.direction = 'in';
    rec.feeFen = r.money(col(cells, 'fee'), 'fee', { unit: unitOf('fee') });
    rec.currency = r.text(col(cells, 'currency'), 'currency') ?? 'CNY';
    rec.balanceBeforeFen = r.money(col(cells, 'balanceBefore'), 'balanceBefore', { unit: unitOf('balanceBefore') });
    rec.balanceAfterFen = r.money(col(cells, 'balanceAfter'), 'balanceAfter', { unit: unitOf('balanceAfter') });
    const counter = r.text(col(cells, 'cardCounter'), 'cardCounter');
    if (counter !== null) {
      rec.cardCounter = parseCount(counter);
      if (rec.cardCounter === null) r.error('BAD_ROW', 'cardCounter', `card counter "${counter}" on line ${item.line} is not a whole number`, { value: counter });
    }
    rec.txnTime = r.time(col(cells, 'txnTime'), 'txnTime', limits.timeZone, true);
    rec.collectedAt = r.time(col(cells, 'collectedAt'), 'collectedAt', limits.timeZone);
    rec.offline = foldFlag(r.text(col(cells, 'offline'), 'offline'));
    const statusRaw = r.text(col(cells, 'status'), 'status');
    rec.statusRaw = statusRaw;
    rec.status = columns.some((c) => c.field === 'status') ? (foldStatus(statusRaw) ?? 'unknown') : 'success';
    if (rec.txnTime === null) rec.unmatchable = true;
    checkBalance(r, rec.balanceBeforeFen, rec.balanceAfterFen, rec.amountFen, rec.direction);
    checkDuplicate(tally, r, rec.txnId ?? null, `transaction id ${rec.txnId}`);
    settle(rec, r);
    for (const f of r.findings) yield tally.found(f);
    yield tally.record(rec, item.raw);
  }
}

/** balance before ± amount must equal balance after (a card-vs-database difference otherwise). */
function checkBalance(r: RowReader, before: number | null, after: number | null, amount: number | null, direction: 'in' | 'out' | 'none') {
  if (before === null || after === null || amount === null || direction === 'none') return;
  const expected = before + (direction === 'in' ? amount : -amount);
  if (expected !== after) {
    r.warn('BALANCE_BREAK', 'balanceAfter', `line ${r.line}: balance before ${formatFen(before)} ${direction === 'in' ? '+' : '−'} ${formatFen(amount)} = ${formatFen(expected)}, but balance after is ${formatFen(after)}`, {
      opening: before,
      amount,
      expected,
      closing: after,
    });
  }
}
