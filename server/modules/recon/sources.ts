import type { Encoding, Finding, FindingCode, Importer, ImportMeta, ImportStats } from './importers/index.ts';
import { importers } from './importers/index.ts';

/**
 * The sources as the API and the CLI name them, and the importer each one runs. The names are the card centre's words
 * (a WeChat bill is `wechat`), not the importers' (`wechat-trade`), so that the importers can grow layouts without
 * the API changing.
 */
export const FILE_SOURCES = ['ledger', 'wechat', 'wechat-fundflow', 'alipay', 'mt940', 'camt', 'unionpay', 'wechat-personal', 'alipay-personal', 'balances'] as const;
export type FileSource = (typeof FILE_SOURCES)[number];

/**
 * `live` is not a file: opsdesk's own transactions (what the terminals, kiosks and gates reported, and the records
 * back-filled after an outage), snapshotted for a span into a record file like an import (`live-source.ts`).
 */
export const LIVE_SOURCE = 'live';
export const SOURCES = [...FILE_SOURCES, LIVE_SOURCE] as const;
export type Source = (typeof SOURCES)[number];
export const isFileSource = (source: Source): source is FileSource => source !== LIVE_SOURCE;

const IMPORTER_OF: Record<FileSource, string> = {
  ledger: 'ledger-csv',
  wechat: 'wechat-trade',
  'wechat-fundflow': 'wechat-fundflow',
  alipay: 'alipay-merchant',
  mt940: 'mt940',
  camt: 'camt',
  unionpay: 'unionpay-settlement',
  'wechat-personal': 'wechat-personal',
  'alipay-personal': 'alipay-personal',
  // not in the importers' registry: the account daily settlement holds balances, not transactions (balances.service.ts reads it)
  balances: 'balance-csv',
};

export const isSource = (value: unknown): value is Source => (SOURCES as readonly unknown[]).includes(value);

export function importerOf(source: FileSource): Importer {
  const importer = importers.get(IMPORTER_OF[source]);
  if (!importer) throw new Error(`no importer registered as ${IMPORTER_OF[source]}`);
  return importer;
}

/** What a caller may say the encoding is: GBK is read as GB18030, its superset. */
export const ENCODINGS = ['utf8', 'gbk', 'gb18030'] as const;
export type EncodingName = (typeof ENCODINGS)[number];
export const encodingOf = (name: EncodingName | undefined): Encoding | undefined => (name === undefined ? undefined : name === 'utf8' ? 'utf8' : 'gb18030');

/**
 * Findings that make a file unusable as a whole: the file is not what it claims, was cut short or refused. An import
 * with one of these at error severity stores its findings and no records (all or nothing per file); row-level
 * rejects (BAD_AMOUNT, BAD_ROW, …) only drop their row.
 */
export const FILE_FATAL: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'UNKNOWN_LAYOUT',
  'NEEDS_MAPPING',
  'TRUNCATED',
  'FILE_TOO_LARGE',
  'TOO_MANY_ROWS',
  'XML_DOCTYPE',
  'XML_MALFORMED',
  'XML_TOO_DEEP',
  'ZIP_REFUSED',
]);

/** A UTF-16 file is refused as a whole (BAD_ENCODING without a line); a bad line only loses its row. */
export const isFileFatal = (f: { code: FindingCode; severity: string; line: number | null }): boolean =>
  f.severity === 'error' && (FILE_FATAL.has(f.code) || (f.code === 'BAD_ENCODING' && f.line === null));

/** What an import keeps of its findings while it reads: counts of all, and the findings it stores. */
export interface FindingTally {
  total: number;
  counts: Record<string, number>;
  fatal: boolean;
  kept: Finding[];
}

/**
 * What reading one file through its importer gave, as an import stores it: the meta, the findings' tally, the span
 * of transaction times it can feed (a settlement: its first and last business day as local midnight) and Σ amounts.
 */
export interface ImportReading extends FindingTally {
  meta: ImportMeta | null;
  stats: ImportStats | null;
  minTxn: number | null;
  maxTxn: number | null;
  amount: bigint;
}

export const emptyReading = (): ImportReading => ({ meta: null, stats: null, kept: [], total: 0, counts: {}, fatal: false, minTxn: null, maxTxn: null, amount: 0n });

/**
 * One finding into the tally: counted; kept if file-level (summary mismatches too: they feed the job's differences),
 * else while fewer than `cap` row-level ones are kept (`rowLevel` counts them across the file).
 */
export function tallyFinding(tally: FindingTally, f: Finding, rowLevel: { kept: number }, cap: number): void {
  tally.total++;
  tally.counts[f.code] = (tally.counts[f.code] ?? 0) + 1;
  if (isFileFatal(f)) tally.fatal = true;
  if (f.line === null || f.code === 'SUMMARY_MISMATCH' || isFileFatal(f)) tally.kept.push(f);
  else if (rowLevel.kept < cap) {
    rowLevel.kept++;
    tally.kept.push(f);
  }
}
