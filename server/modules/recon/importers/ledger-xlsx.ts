import { limitsOf, type ByteSource, type ImportEvent } from './events.ts';
import { finding } from './findings.ts';
import { mapHeader } from './header-map.ts';
import { importLedgerRows, type LedgerOptions } from './ledger-csv.ts';
import type { RowItem } from './rows.ts';
import { readXlsxSheet, type XCell, type XlsxLimits } from './xlsx-sheet.ts';

/**
 * A ledger as an XLSX workbook (generic one-card or payment exports, saved from Excel or WPS): the first worksheet, or
 * the one named `sheet`, read streamed by `xlsx-sheet.ts` and handed to the ledger's own row logic
 * (`importLedgerRows`), so the header is recognised or mapped (NEEDS_MAPPING, a saved mapping) exactly as for a CSV.
 * What differs is only how a typed cell becomes the text a CSV would have held (`cellText`).
 */
export interface LedgerXlsxOptions extends LedgerOptions {
  /** the worksheet to read; default the first */
  sheet?: string;
  xlsxLimits?: Partial<XlsxLimits>;
}

const DAY_MS = 86_400_000;
/** Excel's day 0 in the 1900 date system is 1899-12-30 (its 1900-02-29 is a day that never was); 1904 starts 1462 days later. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** Excel keeps 15 significant digits; a whole number of 16 or more digits may have lost its last ones. */
const MAX_EXACT_DIGITS = 15;

/**
 * A number cell's text as the sheet stores it (`<v>12.3</v>`), made what Excel shows: a whole number of up to 15
 * digits stays as written (an id kept as a number is intact); one of 16 or more digits — what Excel does to a card
 * number or an order id typed into a cell, zeroing its last digits — becomes exponent notation (`6.21700001234568E+15`),
 * which the importer reports as MANGLED_ID for an id and refuses as an amount; any other number is rounded to Excel's
 * 15 significant digits (`12.300000000000001` → `12.3`) and stays a decimal text, which parseMoney turns into fen by
 * string arithmetic (no float is multiplied).
 */
export function numberText(stored: string): string {
  const v = stored.trim();
  if (/^-?\d+$/.test(v)) {
    const digits = v.replace(/^-?0*/, '');
    return digits.length <= MAX_EXACT_DIGITS ? v : Number(v).toExponential(MAX_EXACT_DIGITS - 1).toUpperCase();
  }
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  if (Number.isInteger(n) && Math.abs(n) >= 10 ** MAX_EXACT_DIGITS) return n.toExponential(MAX_EXACT_DIGITS - 1).toUpperCase();
  const shown = String(Number(n.toPrecision(MAX_EXACT_DIGITS)));
  return shown.replace('e', 'E');
}

/** An Excel date serial (days, the fraction the time of day) as wall-clock text `YYYY-MM-DD HH:mm:ss`, to the second. */
export function serialText(stored: string, date1904: boolean): string | null {
  const n = Number(stored);
  if (!Number.isFinite(n) || n < 0 || n > 2_958_466) return null;
  const ms = Math.round(((date1904 ? EPOCH_1904 : EPOCH_1900) + n * DAY_MS) / 1000) * 1000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The text of a typed cell: a date-formatted number, or a number in a time column (txnTime, collectedAt), is a date
 * serial; other numbers by numberText; a formula is its formula text (`=…`, never evaluated and its cached result not
 * trusted: FORMULA_CELL, and an amount or id from it is refused); booleans TRUE/FALSE; text, ISO dates and errors as
 * they are.
 */
export function cellText(cell: XCell | null, timeColumn: boolean, date1904: boolean): string {
  if (cell === null) return '';
  if (cell.kind === 'n') return (cell.date || timeColumn ? serialText(cell.text, date1904) : null) ?? numberText(cell.text);
  return cell.text;
}

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

export async function* importLedgerXlsx(input: ByteSource, options: LedgerXlsxOptions): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  async function* rows(): AsyncGenerator<RowItem> {
    let date1904 = false;
    let timeColumns: Set<number> | null = null;
    const sheet = readXlsxSheet(input, { fileName: file, ...(options.sheet !== undefined ? { sheet: options.sheet } : {}), limits: { maxZipBytes: limits.maxFileBytes, ...options.xlsxLimits } });
    for await (const item of sheet) {
      if (item.kind === 'sheet') date1904 = item.date1904;
      else if (item.kind === 'finding') yield item;
      else if (item.kind === 'rejected') yield item;
      else if (item.kind === 'end') yield { kind: 'end', bytes: item.bytes, endedWithNewline: true, stopped: item.stopped };
      else {
        if (item.chars > limits.maxLineBytes) {
          yield { kind: 'finding', finding: finding('LINE_TOO_LONG', { file, line: item.line }, `row ${item.line} holds ${item.chars} characters, more than ${limits.maxLineBytes}; the row is rejected`, { bytes: item.chars, limit: limits.maxLineBytes }) };
          yield { kind: 'rejected', line: item.line };
          continue;
        }
        let cells: string[];
        if (timeColumns === null) {
          cells = item.cells.map((c) => cellText(c, false, date1904));
          if (cells.every((c) => c.trim() === '')) continue;
          // The header, as the ledger logic will read it: which columns hold times, so that serials there are dates.
          const mapped = mapHeader(cells, options.mapping);
          timeColumns = new Set(mapped.columns.filter((c) => c.field === 'txnTime' || c.field === 'collectedAt').map((c) => c.index));
        } else {
          const times = timeColumns;
          cells = item.cells.map((c, i) => cellText(c, times.has(i), date1904));
        }
        yield { kind: 'row', line: item.line, cells, raw: cells.map(csvCell).join(',') };
      }
    }
  }
  yield* importLedgerRows(rows(), options, { source: 'ledger-xlsx', trailer: false, layoutPrefix: 'xlsx:' });
}

/** The header (first non-blank row) of a ledger workbook's sheet, as the importer reads it, or null. */
export async function readLedgerXlsxHeader(input: ByteSource, options: Pick<LedgerXlsxOptions, 'fileName' | 'sheet' | 'maxFileBytes'>): Promise<string[] | null> {
  const sheet = readXlsxSheet(input, { fileName: options.fileName, ...(options.sheet !== undefined ? { sheet: options.sheet } : {}), ...(options.maxFileBytes ? { limits: { maxZipBytes: options.maxFileBytes } } : {}) });
  try {
    for await (const item of sheet) {
      if (item.kind === 'end' || item.kind === 'finding') return null;
      if (item.kind !== 'row') continue;
      const cells = item.cells.map((c) => cellText(c, false, false));
      if (cells.some((c) => c.trim() !== '')) return cells;
    }
    return null;
  } finally {
    await sheet.return(undefined);
  }
}

/** A ZIP's first bytes (`PK\x03\x04`): an XLSX, where a ledger CSV never starts so. */
export const isZipMagic = (head: Buffer): boolean => head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
