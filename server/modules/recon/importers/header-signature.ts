import { limitsOf, type ByteSource, type ImportOptions } from './events.ts';
import { guessDelimiter } from './csv-fields.ts';
import { normaliseHeader } from './header-map.ts';
import { readRows } from './rows.ts';

/** Header cells a signature keeps: a wider header is not a ledger anyone maps by hand. */
export const SIGNATURE_MAX_CELLS = 200;
/** Characters of one normalised header cell a signature keeps. */
export const SIGNATURE_MAX_CELL = 200;

/**
 * A ledger layout's signature: its header cells normalised as the recogniser compares them (case, bracket widths,
 * spaces, underscores and dashes do not count), trailing empty cells dropped (an export's closing comma). Two files
 * with the same signature are the same layout, so a column mapping saved for one applies to the other.
 */
export function headerSignature(header: readonly string[]): string[] {
  const cells = header.slice(0, SIGNATURE_MAX_CELLS).map((h) => normaliseHeader(h).slice(0, SIGNATURE_MAX_CELL));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/**
 * The first non-blank row of a delimited ledger (its header), read as the ledger importer reads it, or null when the
 * file has none before its end. Only the first lines are read: the stream is closed as soon as the header is seen.
 */
export async function readLedgerHeader(input: ByteSource, options: Pick<ImportOptions, 'fileName' | 'encoding'>): Promise<string[] | null> {
  const limits = limitsOf(options);
  for await (const item of readRows(input, limits, guessDelimiter)) {
    if (item.kind === 'end') return null;
    if (item.kind !== 'row') continue;
    if (item.cells.every((c) => c.trim() === '')) continue;
    return item.cells;
  }
  return null;
}
