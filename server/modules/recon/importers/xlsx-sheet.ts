import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { toBuffer } from './bytes.ts';
import type { ByteSource } from './events.ts';
import { finding, type Finding } from './findings.ts';
import { decodeEntryName, nextEntry, unsafeEntryName } from './zip-entries.ts';

/**
 * One worksheet of an XLSX workbook, row by row, without holding the workbook in memory and without trusting it.
 *
 * An XLSX is a ZIP of XML parts. The upload is spooled to a private temporary file (its directory is at its end);
 * yauzl reads the central directory, and every entry is checked before a byte of it is inflated: at most
 * `maxEntries`, no unsafe name, no encryption, each at most `maxEntryBytes` and all together at most `maxTotalBytes`
 * uncompressed as declared — and yauzl stops an entry that inflates past its declared size, so a zip bomb is refused
 * (ZIP_REFUSED) however it lies. The parts are then read by name in the order they are needed (workbook, its
 * relationships, styles, shared strings, the sheet) and parsed with saxes, streamed; a DOCTYPE or entity in any part
 * is refused (XML_DOCTYPE), nothing is expanded or fetched. Held in memory: the shared strings (their part is capped
 * at `maxSharedStringsBytes`), the date styles, and one chunk's rows. exceljs (the module's XLSX writer) was not used
 * to read: its streaming reader inflates entries by their local headers without a bound, and hands numbers over as
 * binary floats, where the sheet stores the decimal text this reader keeps.
 */
export interface XlsxLimits {
  maxZipBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxSharedStringsBytes: number;
  /** the workbook, relationships and styles parts */
  maxSmallPartBytes: number;
  /** a cell past this column (1-based) makes its row a BAD_ROW */
  maxColumns: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  maxZipBytes: 2 * 1024 ** 3,
  maxEntries: 1000,
  maxEntryBytes: 1024 ** 3,
  maxTotalBytes: 2 * 1024 ** 3,
  maxSharedStringsBytes: 256 * 1024 ** 2,
  maxSmallPartBytes: 16 * 1024 ** 2,
  maxColumns: 1024,
};

/** A cell as the sheet stores it: its type, its text (a number's decimal text as written), whether its style is a date. */
export interface XCell {
  /** n number, s text (shared, inline or a formula's string), b boolean, e error, d ISO date, f formula (never evaluated) */
  kind: 'n' | 's' | 'b' | 'e' | 'd' | 'f';
  text: string;
  date: boolean;
}

export type SheetItem =
  | { kind: 'sheet'; name: string; sheets: string[]; date1904: boolean }
  | { kind: 'row'; line: number; cells: (XCell | null)[]; chars: number }
  /** a row refused while reading (too wide); its finding came just before */
  | { kind: 'rejected'; line: number }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'end'; bytes: number; stopped: boolean };

class Refused extends Error {}

async function spool(input: ByteSource, file: string, max: number): Promise<number> {
  let total = 0;
  async function* bounded() {
    for await (const chunk of input) {
      const b = toBuffer(chunk);
      total += b.length;
      if (total > max) throw new Refused(`larger than ${max} bytes`);
      yield b;
    }
  }
  await pipeline(bounded, createWriteStream(file, { mode: 0o600 }));
  return total;
}

/** Built-in number formats that show a date or time (Excel's 14–22, 45–47, and the CJK ones 27–36, 50–58). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code shows a date when, outside quoted text, escapes and [colour]/[locale] sections, it has d m y h or s. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** `B12` → column index 1 (0-based); null when the reference is not one. */
function columnOf(ref: string): number | null {
  const m = /^([A-Z]{1,3})\d*$/.exec(ref);
  if (!m) return null;
  let n = 0;
  for (const ch of m[1]!) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const attr = (tag: SaxesTagPlain, name: string): string | undefined => {
  const v = tag.attributes[name];
  return typeof v === 'string' ? v : undefined;
};
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Streams an entry through a saxes parser. `onChunk` runs after each chunk's events so the caller can hand on what
 * they produced; a DOCTYPE, an entity or malformed XML ends it with a finding.
 */
async function* parseEntry(
  stream: Readable,
  file: string,
  part: string,
  maxBytes: number,
  wire: (parser: SaxesParser) => void,
  drain: () => SheetItem[] = () => [],
): AsyncGenerator<SheetItem, boolean> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let failure: Finding | null = null;
  parser.on('doctype', () => {
    failure ??= finding('XML_DOCTYPE', { file, line: null }, `the workbook part ${part} declares a DOCTYPE; DTDs and entities are refused, nothing was expanded or fetched`, { part });
  });
  parser.on('error', (e) => {
    const reason = e.message.split('\n')[0]!.slice(0, 200);
    failure ??= finding(/entity/i.test(reason) ? 'XML_DOCTYPE' : 'XML_MALFORMED', { file, line: null }, `the workbook part ${part} cannot be read: ${reason}`, { part, reason });
  });
  wire(parser);
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      bytes += b.length;
      if (bytes > maxBytes) {
        yield { kind: 'finding', finding: finding('ZIP_REFUSED', { file }, `the workbook part ${part} expands past ${maxBytes} bytes`, { reason: 'too large', entry: part, limit: maxBytes }) };
        stream.destroy();
        return false;
      }
      parser.write(decoder.decode(b, { stream: true }));
      if (failure) {
        stream.destroy();
        yield { kind: 'finding', finding: failure };
        return false;
      }
      yield* drain();
    }
    parser.close();
  } catch (e) {
    if (!failure) {
      const reason = e instanceof Error ? e.message.slice(0, 200) : String(e);
      yield { kind: 'finding', finding: finding('ZIP_REFUSED', { file }, `the workbook part ${part} could not be read to its end: ${reason}`, { reason, entry: part }) };
      return false;
    }
  }
  if (failure) {
    yield { kind: 'finding', finding: failure };
    return false;
  }
  yield* drain();
  return true;
}

/**
 * The rows of one worksheet (the first in the workbook's order, or the one named `sheet`), each cell typed as the
 * sheet stores it. Yields `sheet` first (which one was read, and the workbook's sheet names), then rows in sheet
 * order with their 1-based row numbers, then `end`; a refusal is a file-level finding followed by `end`.
 */
export async function* readXlsxSheet(input: ByteSource, options: { fileName: string; sheet?: string; limits?: Partial<XlsxLimits> }): AsyncGenerator<SheetItem> {
  const limits = { ...XLSX_LIMITS, ...options.limits };
  const file = options.fileName;
  const refuse = (reason: string, entry?: string): SheetItem => ({
    kind: 'finding',
    finding: finding('ZIP_REFUSED', { file }, `the workbook is refused: ${entry ? `entry ${entry}: ` : ''}${reason}`, { reason, ...(entry ? { entry } : {}) }),
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'opsdesk-xlsx-'));
  const spooled = path.join(dir, 'upload.xlsx');
  let zip: yauzl.ZipFile | null = null;
  let bytes = 0;
  try {
    try {
      bytes = await spool(input, spooled, limits.maxZipBytes);
    } catch (e) {
      if (e instanceof Refused) {
        yield { kind: 'finding', finding: finding('FILE_TOO_LARGE', { file }, `the file is larger than ${limits.maxZipBytes} bytes; reading stopped`, { limit: limits.maxZipBytes }) };
        yield { kind: 'end', bytes: limits.maxZipBytes, stopped: true };
        return;
      }
      throw e;
    }
    try {
      zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.open(spooled, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))),
      );
    } catch (e) {
      yield refuse(e instanceof Error ? e.message : String(e));
      yield { kind: 'end', bytes, stopped: true };
      return;
    }
    if (zip.entryCount > limits.maxEntries) {
      yield refuse(`it holds ${zip.entryCount} entries; at most ${limits.maxEntries}`);
      yield { kind: 'end', bytes, stopped: true };
      return;
    }
    // Every entry is checked before any is inflated.
    const entries = new Map<string, yauzl.Entry>();
    let total = 0;
    const z = zip;
    for (;;) {
      const entry = await nextEntry(z).catch((e: unknown) => new Refused(e instanceof Error ? e.message : String(e)));
      if (entry === null) break;
      if (entry instanceof Refused) {
        yield refuse(entry.message);
        yield { kind: 'end', bytes, stopped: true };
        return;
      }
      const name = decodeEntryName(entry.fileName as unknown as Buffer, entry.generalPurposeBitFlag);
      const problem =
        unsafeEntryName(name) ??
        (entry.isEncrypted() ? 'it is encrypted' : null) ??
        (entry.uncompressedSize > limits.maxEntryBytes ? `it expands to ${entry.uncompressedSize} bytes; at most ${limits.maxEntryBytes}` : null) ??
        ((total += entry.uncompressedSize) > limits.maxTotalBytes ? `the entries expand to more than ${limits.maxTotalBytes} bytes together` : null);
      if (problem) {
        yield refuse(problem, name);
        yield { kind: 'end', bytes, stopped: true };
        return;
      }
      entries.set(name.replace(/^\//, ''), entry);
    }
    const open = (name: string) => z.openReadStreamPromise(entries.get(name)!);

    // The workbook: its sheets in order, their relationship ids, the date system.
    const sheets: { name: string; rid: string }[] = [];
    let date1904 = false;
    if (!entries.has('xl/workbook.xml')) {
      yield { kind: 'finding', finding: finding('UNKNOWN_LAYOUT', { file }, 'not an XLSX workbook: it has no xl/workbook.xml', {}) };
      yield { kind: 'end', bytes, stopped: true };
      return;
    }
    const wbOk = yield* parseEntry(await open('xl/workbook.xml'), file, 'xl/workbook.xml', limits.maxSmallPartBytes, (p) =>
      p.on('opentag', (tag) => {
        const n = local(tag.name);
        if (n === 'sheet') sheets.push({ name: attr(tag, 'name') ?? '', rid: attr(tag, 'r:id') ?? Object.entries(tag.attributes).find(([k]) => local(k) === 'id')?.[1]?.toString() ?? '' });
        if (n === 'workbookPr') date1904 = /^(1|true)$/i.test(attr(tag, 'date1904') ?? '');
      }),
    );
    if (!wbOk) return void (yield { kind: 'end', bytes, stopped: true });
    const chosen = options.sheet === undefined ? sheets[0] : sheets.find((s) => s.name === options.sheet);
    if (!chosen) {
      const names = sheets.map((s) => s.name).join(', ');
      yield {
        kind: 'finding',
        finding: finding('UNKNOWN_LAYOUT', { file }, options.sheet === undefined ? 'the workbook has no worksheet' : `the workbook has no sheet named "${options.sheet}" (it has: ${names})`, { sheet: options.sheet ?? '', sheets: names }),
      };
      yield { kind: 'end', bytes, stopped: true };
      return;
    }
    // Where the sheet's part is: the workbook's relationships, else the usual name.
    const targets = new Map<string, string>();
    if (entries.has('xl/_rels/workbook.xml.rels')) {
      const ok = yield* parseEntry(await open('xl/_rels/workbook.xml.rels'), file, 'xl/_rels/workbook.xml.rels', limits.maxSmallPartBytes, (p) =>
        p.on('opentag', (tag) => {
          if (local(tag.name) === 'Relationship') targets.set(attr(tag, 'Id') ?? '', attr(tag, 'Target') ?? '');
        }),
      );
      if (!ok) return void (yield { kind: 'end', bytes, stopped: true });
    }
    const target = targets.get(chosen.rid);
    const sheetPart = target ? (target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`)) : `xl/worksheets/sheet${sheets.indexOf(chosen) + 1}.xml`;
    if (!entries.has(sheetPart)) {
      yield { kind: 'finding', finding: finding('UNKNOWN_LAYOUT', { file }, `the sheet "${chosen.name}" has no part (${sheetPart})`, { sheet: chosen.name }) };
      yield { kind: 'end', bytes, stopped: true };
      return;
    }
    yield { kind: 'sheet', name: chosen.name, sheets: sheets.map((s) => s.name), date1904 };

    // Styles: which cell formats (cellXfs, by index) show dates.
    const dateStyles = new Set<number>();
    if (entries.has('xl/styles.xml')) {
      const custom = new Map<number, string>();
      let inXfs = false;
      let xf = 0;
      const ok = yield* parseEntry(await open('xl/styles.xml'), file, 'xl/styles.xml', limits.maxSmallPartBytes, (p) => {
        p.on('opentag', (tag) => {
          const n = local(tag.name);
          if (n === 'numFmt') custom.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? '');
          else if (n === 'cellXfs') inXfs = true;
          else if (n === 'xf' && inXfs) {
            const id = Number(attr(tag, 'numFmtId') ?? 0);
            if (DATE_FORMAT_IDS.has(id) || (custom.has(id) && isDateFormat(custom.get(id)!))) dateStyles.add(xf);
            xf++;
          }
        });
        p.on('closetag', (tag) => {
          if (local(tag.name) === 'cellXfs') inXfs = false;
        });
      });
      if (!ok) return void (yield { kind: 'end', bytes, stopped: true });
    }

    // Shared strings: the text of each <si> (runs joined; phonetic guides left out).
    const shared: string[] = [];
    if (entries.has('xl/sharedStrings.xml')) {
      let text = '';
      let inT = false;
      let phonetic = 0;
      const ok = yield* parseEntry(await open('xl/sharedStrings.xml'), file, 'xl/sharedStrings.xml', limits.maxSharedStringsBytes, (p) => {
        p.on('opentag', (tag) => {
          const n = local(tag.name);
          if (n === 'si') text = '';
          else if (n === 'rPh') phonetic++;
          else if (n === 't' && phonetic === 0) inT = true;
        });
        p.on('text', (t) => {
          if (inT) text += t;
        });
        p.on('closetag', (tag) => {
          const n = local(tag.name);
          if (n === 't') inT = false;
          else if (n === 'rPh') phonetic--;
          else if (n === 'si') shared.push(text);
        });
      });
      if (!ok) return void (yield { kind: 'end', bytes, stopped: true });
    }

    // The sheet, row by row.
    const out: SheetItem[] = [];
    let row: { line: number; cells: (XCell | null)[]; chars: number; wide: boolean } | null = null;
    let lastLine = 0;
    let cell: { col: number; type: string; style: number; value: string; formula: string | null; inline: string } | null = null;
    let nextCol = 0;
    let into: 'v' | 'f' | 'is' | null = null;
    const finishCell = () => {
      if (!row || !cell) return;
      const c = cell;
      cell = null;
      let x: XCell;
      if (c.formula !== null) x = { kind: 'f', text: `=${c.formula}`, date: false };
      else if (c.type === 's') x = { kind: 's', text: shared[Number(c.value)] ?? '', date: false };
      else if (c.type === 'inlineStr') x = { kind: 's', text: c.inline, date: false };
      else if (c.type === 'str') x = { kind: 's', text: c.value, date: false };
      else if (c.type === 'b') x = { kind: 'b', text: c.value.trim() === '1' ? 'TRUE' : 'FALSE', date: false };
      else if (c.type === 'e') x = { kind: 'e', text: c.value, date: false };
      else if (c.type === 'd') x = { kind: 'd', text: c.value, date: true };
      else if (c.value.trim() === '') return;
      else x = { kind: 'n', text: c.value.trim(), date: dateStyles.has(c.style) };
      if (c.col >= limits.maxColumns) {
        row.wide = true;
        return;
      }
      row.chars += x.text.length;
      while (row.cells.length < c.col) row.cells.push(null);
      row.cells[c.col] = x;
    };
    const drain = () => out.splice(0, out.length);
    const sheetOk = yield* parseEntry(
      await open(sheetPart),
      file,
      sheetPart,
      limits.maxEntryBytes,
      (p) => {
        p.on('opentag', (tag) => {
          const n = local(tag.name);
          if (n === 'row') {
            const r = Number(attr(tag, 'r'));
            lastLine = Number.isInteger(r) && r > lastLine ? r : lastLine + 1;
            row = { line: lastLine, cells: [], chars: 0, wide: false };
            nextCol = 0;
          } else if (n === 'c' && row) {
            const ref = attr(tag, 'r');
            const col = ref === undefined ? nextCol : (columnOf(ref) ?? nextCol);
            nextCol = col + 1;
            cell = { col, type: attr(tag, 't') ?? 'n', style: Number(attr(tag, 's') ?? 0), value: '', formula: null, inline: '' };
          } else if (cell && (n === 'v' || n === 'f')) {
            into = n;
            if (n === 'f') cell.formula = '';
          } else if (cell && n === 'is') into = 'is';
        });
        p.on('text', (t) => {
          if (!cell || into === null) return;
          if (into === 'v') cell.value += t;
          else if (into === 'f') cell.formula += t;
          else cell.inline += t;
        });
        p.on('closetag', (tag) => {
          const n = local(tag.name);
          if (n === 'v' || n === 'f' || n === 'is') into = null;
          else if (n === 'c') finishCell();
          else if (n === 'row' && row) {
            const r = row;
            row = null;
            if (r.wide) {
              out.push({ kind: 'finding', finding: finding('BAD_ROW', { file, line: r.line }, `row ${r.line} has cells past column ${limits.maxColumns}; the row is rejected`, { limit: limits.maxColumns }) });
              out.push({ kind: 'rejected', line: r.line });
            } else out.push({ kind: 'row', line: r.line, cells: r.cells, chars: r.chars });
          }
        });
      },
      drain,
    );
    yield { kind: 'end', bytes, stopped: !sheetOk };
  } finally {
    zip?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
