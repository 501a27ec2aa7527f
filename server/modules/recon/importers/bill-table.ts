import { cleanCell } from './cells.ts';
import { guessDelimiter } from './csv-fields.ts';
import type { ByteSource, Limits } from './events.ts';
import type { Finding } from './findings.ts';
import { readRows } from './rows.ts';

/**
 * The shape channel bills share: some preamble lines, a header row, data rows, then summary or footer lines. This
 * finds the header by its column names, hands out data rows with cells keyed by header name, and gives back the
 * preamble and trailing lines for the importer to check its summary against the rows.
 */
export type BillItem =
  | { kind: 'encoding'; encoding: { name: 'utf8' | 'gb18030'; reason: 'bom' | 'utf8-valid' | 'fallback-gb18030' | 'caller' | 'format' } }
  | { kind: 'header'; line: number; names: string[]; delimiter: string }
  | { kind: 'row'; line: number; cells: string[]; raw: string; get: (name: string) => string | undefined }
  | { kind: 'rejected'; line: number }
  /** a line before the header, cleaned */
  | { kind: 'preamble'; line: number; cells: string[]; raw: string }
  /** a line after the rows ended (summary, footer) */
  | { kind: 'trailer'; line: number; cells: string[]; raw: string }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'end'; bytes: number; stopped: boolean; headerFound: boolean };

export interface BillShape {
  /** true for the header row */
  isHeader: (cells: string[]) => boolean;
  /** true for the first line after the data rows (a summary label row, a footer) */
  endsRows: (cells: string[], raw: string) => boolean;
  /** stop looking for a header after this many lines (UNKNOWN_LAYOUT then) */
  maxPreambleLines?: number;
}

export async function* readBill(input: ByteSource, limits: Limits, shape: BillShape): AsyncGenerator<BillItem> {
  let header: string[] | null = null;
  let index = new Map<string, number>();
  let delimiter = ',';
  let readDelimiter = ',';
  let ended = false;
  let preamble = 0;
  for await (const item of readRows(input, limits, (first) => (readDelimiter = delimiter = guessDelimiter(first)))) {
    if (item.kind === 'end') {
      yield { kind: 'end', bytes: item.bytes, stopped: item.stopped, headerFound: header !== null };
      return;
    }
    if (item.kind !== 'row') {
      yield item;
      continue;
    }
    const cells = item.cells.map(cleanCell);
    if (header === null) {
      // The delimiter is guessed from the first line, which may be a preamble; the header line decides it again.
      const again = guessDelimiter(item.raw);
      const hc = again !== readDelimiter ? item.raw.split(again).map(cleanCell) : cells;
      if (shape.isHeader(hc)) {
        delimiter = again;
        header = hc;
        index = new Map(header.map((h, i) => [h, i] as const).reverse());
        yield { kind: 'header', line: item.line, names: header, delimiter };
      } else {
        yield { kind: 'preamble', line: item.line, cells, raw: item.raw };
        if (++preamble > (shape.maxPreambleLines ?? 40)) {
          yield { kind: 'end', bytes: 0, stopped: true, headerFound: false };
          return;
        }
      }
      continue;
    }
    if (!ended && shape.endsRows(cells, item.raw)) ended = true;
    if (ended) {
      yield { kind: 'trailer', line: item.line, cells, raw: item.raw };
      continue;
    }
    if (cells.every((c) => c === '')) continue;
    const row = delimiter === readDelimiter ? item.cells : item.raw.split(delimiter);
    yield { kind: 'row', line: item.line, cells: row, raw: item.raw, get: (name) => { const i = index.get(name); return i === undefined ? undefined : row[i]; } };
  }
}
