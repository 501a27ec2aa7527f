import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { DomainError, InvalidError } from '../../errors.ts';
import { codedFieldProblem, fieldProblem, type CodedProblem } from '../../field-problems.ts';
import { checkZip, ZipRefused } from './imports.zip-guard.ts';

/**
 * Reads an uploaded spreadsheet (CSV or XLSX) into rows of trimmed text cells, each with the line a person sees in
 * the file (header = line 1 when it is the first line). Nothing here knows about sites or devices.
 */
export type FileFormat = 'csv' | 'xlsx' | 'xls';

export interface UploadedFile {
  format: FileFormat;
  bytes: Buffer;
}

export interface SheetRow {
  line: number;
  cells: string[];
}

export interface Sheet {
  header: SheetRow;
  rows: SheetRow[];
}

export interface ReadLimits {
  /** data rows, not counting the header */
  maxRows: number;
}

/** What an XLSX may expand to in memory; a real sheet of 20,000 devices is a few MiB. */
const XLSX_LIMITS = { maxExpandedBytes: 64 * 1_048_576, maxEntries: 2000 };

/**
 * 400 IMPORT_UNREADABLE. Its details are one field problem on "file" (code and values, e.g. the line of an unclosed
 * quote) so the console can say why in the reader's language; a bare string becomes `fileUnreadable` with it as detail.
 */
export function unreadable(reason: string | CodedProblem): InvalidError {
  const problem = typeof reason === 'string' ? fieldProblem('file', 'fileUnreadable', { detail: reason }) : codedFieldProblem('file', reason);
  return new InvalidError(`The file cannot be read: ${problem.message}`, [problem], 'IMPORT_UNREADABLE');
}

/**
 * What csv-parse's refusal means for a person. An unclosed quote swallows the rest of the file, so csv-parse notices
 * only at the end: the line that matters is where the quote opened, just after the last record read whole.
 */
function csvProblem(error: unknown, text: string): CodedProblem {
  // `bytes`: how far the last whole record reached (csv-parse's `bytes_records` is a running sum, not a position).
  const e = error as { code?: string; lines?: number; bytes?: number; message?: string };
  if (e.code === 'CSV_QUOTE_NOT_CLOSED' && typeof e.bytes === 'number') {
    const read = Buffer.from(text, 'utf8').subarray(0, e.bytes).toString('utf8');
    const rest = text.slice(read.length);
    const blankLinesBetween = /^\n*/.exec(rest)![0].length;
    return { code: 'csvQuoteNotClosed', params: { line: read.split('\n').length + blankLinesBetween } };
  }
  return { code: 'csvMalformed', params: { line: e.lines ?? 0, detail: (e.message ?? 'malformed CSV').slice(0, 200) } };
}
/** `rows`: as many as were counted before reading stopped, so at least that many (an XLSX is not read past the limit). */
const tooLarge = (rows: number, max: number) =>
  new DomainError(413, 'IMPORT_TOO_LARGE', `The file has more than ${max} rows; at most ${max} can be imported at once — split it`, { rows, maxRows: max });

/** Decides the format from the bytes, for uploads whose content type does not say (or says octet-stream). */
export function sniffFormat(bytes: Buffer): FileFormat {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  // The OLE2 compound file of Excel 97–2003 .xls.
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
  return 'csv';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Which of GBK (simplified, what Excel and WPS write on a mainland Windows) and Big5 (traditional: Taiwan, Hong Kong)
 * the bytes of a non-UTF-8 file are in. Both decode almost any bytes without error, so the choice is by what the
 * text would be: Big5 never uses lead bytes 0x81–0xA0; its common characters put a trail byte of 0x40–0x7E, or a
 * lead byte of 0xA4–0xAF, into most pairs, and both are rare in GBK text (the first only in rare characters, the
 * second is kana, Greek, Cyrillic and box drawing). Clear either way is decided; in between is neither.
 */
export function chineseEncoding(bytes: Buffer): 'gbk' | 'big5' | 'unclear' {
  let pairs = 0;
  let big5Like = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    const lead = bytes[i]!;
    if (lead < 0x81 || lead === 0xff) continue;
    const trail = bytes[i + 1]!;
    if (lead <= 0xa0) return 'gbk';
    pairs++;
    if ((trail >= 0x40 && trail <= 0x7e) || (lead >= 0xa4 && lead <= 0xaf)) big5Like++;
    i++;
  }
  if (pairs === 0 || big5Like <= pairs * 0.1) return 'gbk';
  if (big5Like >= pairs * 0.3) return 'big5';
  return 'unclear';
}

/**
 * Text of a CSV file: UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 when they start with its BOM,
 * otherwise GBK or Big5 (chineseEncoding). Valid UTF-8 is very unlikely from GBK or Big5 text of any length, so the
 * order is safe. A file that could be either is refused rather than shown garbled.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes, 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes, 'utf-16be');
  try {
    return utf8.decode(bytes);
  } catch {
    const encoding = chineseEncoding(bytes);
    if (encoding === 'unclear') throw unreadable({ code: 'encodingUnclear' });
    return iconv.decode(bytes, encoding);
  }
}

/** A cell as text: no BOM, no surrounding whitespace (tabs that exports add to keep Excel from reformatting numbers, full-width spaces). */
export const cleanCell = (text: string): string => text.replace(/\uFEFF/g, '').trim();

const isBlank = (cells: string[]) => cells.every((c) => c === '');

function toSheet(rows: SheetRow[], limits: ReadLimits): Sheet {
  const nonBlank = rows.filter((r) => !isBlank(r.cells));
  const [header, ...data] = nonBlank;
  if (!header) throw unreadable({ code: 'fileEmpty' });
  if (data.length > limits.maxRows) throw tooLarge(data.length, limits.maxRows);
  return { header, rows: data };
}

export function readCsv(bytes: Buffer, limits: ReadLimits): Sheet {
  // One line-end convention, so that csv-parse counts lines the way a person does.
  const text = decodeText(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  // Excel's "Unicode text" is tab-separated; everything else we accept is comma-separated.
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With info: true each record comes with where it was read; csv-parse's types do not model that option.
    records = parse(text, { delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    throw unreadable(csvProblem(error, text));
  }
  return toSheet(
    records.map(({ record, info }) => ({
      // csv-parse reports the line a record ends on; a quoted cell spanning lines moves its start up.
      line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
      cells: record.map(cleanCell),
    })),
    limits,
  );
}

/** Excel shows at most 15 significant digits; so does this (0.1 + 0.2 is "0.3", an integer code stays whole). */
function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(Number(value.toPrecision(15)));
}

/** A date cell as YYYY-MM-DD (exceljs gives midnight UTC of the sheet's date), or the instant when it has a time. */
function dateText(value: Date): string {
  if (Number.isNaN(value.getTime())) return '';
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/**
 * The text of an XLSX cell. Numbers become their text (a code is never a number), formulas give the result Excel
 * cached (or the formula itself as text when there is none: it is never evaluated), rich text its plain text.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: string; sharedFormula?: string; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return v.result !== undefined ? cellText(v.result) : `=${v.formula ?? v.sharedFormula ?? ''}`;
    if (v.text !== undefined) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return '';
}

/**
 * Reads the first worksheet row by row with exceljs's streaming reader, stopping as soon as the rows pass the limit:
 * loading the whole workbook first held the server for seconds on a large file before the limit was even looked at.
 */
export async function readXlsx(bytes: Buffer, limits: ReadLimits): Promise<Sheet> {
  try {
    checkZip(bytes, XLSX_LIMITS);
  } catch (error) {
    if (error instanceof ZipRefused) throw unreadable({ code: 'xlsxUnusable', params: { detail: error.message } });
    throw error;
  }
  const { default: ExcelJS } = await import('exceljs'); // on first use: it takes ~0.4 s to load
  // Styles are read so that date cells come as dates; hyperlinks and other entries are not needed.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const rows: SheetRow[] = [];
  let sawWorksheet = false;
  let nonBlank = 0;
  try {
    // The first worksheet in the file; the others are not read at all.
    for await (const worksheet of reader) {
      sawWorksheet = true;
      for await (const row of worksheet) {
        const cells: string[] = [];
        for (let col = 1; col <= row.cellCount; col++) cells.push(cleanCell(cellText(row.getCell(col).value)));
        if (isBlank(cells)) continue;
        // The header and maxRows data rows are the most that may come; one more and the rest is never read.
        if (++nonBlank > limits.maxRows + 1) throw tooLarge(limits.maxRows + 1, limits.maxRows);
        rows.push({ line: row.number, cells });
      }
      break;
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unreadable({ code: 'xlsxUnusable', params: { detail: error instanceof Error ? error.message.slice(0, 200) : 'unknown problem' } });
  }
  if (!sawWorksheet) throw unreadable({ code: 'noWorksheet' });
  return toSheet(rows, limits);
}

/** Reads an upload in the format it came as; old .xls files get a clear answer instead of garbage. */
export async function readSheet(file: UploadedFile, limits: ReadLimits): Promise<Sheet> {
  if (file.bytes.length === 0) throw unreadable({ code: 'fileEmpty' });
  if (file.format === 'xls') throw unreadable({ code: 'xlsNotAccepted' });
  return file.format === 'xlsx' ? readXlsx(file.bytes, limits) : readCsv(file.bytes, limits);
}
