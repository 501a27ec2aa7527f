import type { Finding } from './findings.ts';
import type { NormalizedRecord, SourceKind } from './record.ts';

/** What an importer yields, in file order: a `meta` first, then records and findings, then one `end`. */
export type ImportEvent =
  | { type: 'meta'; meta: ImportMeta }
  | { type: 'record'; record: NormalizedRecord }
  | { type: 'finding'; finding: Finding }
  | { type: 'end'; stats: ImportStats };

export interface ImportMeta {
  source: SourceKind;
  file: string;
  /** the encoding the bytes were read with and why ('bom', 'utf8-valid', 'fallback-gb18030', 'caller') */
  encoding?: { name: Encoding; reason: 'bom' | 'utf8-valid' | 'fallback-gb18030' | 'caller' | 'format' };
  /** which column was taken for which field (delimited files), and whether the header or the caller's mapping said so */
  columns?: { field: string; column: string; index: number; from?: 'header' | 'mapping' }[];
  /** the layout variant recognised, e.g. 'wechat-trade/tab' or 'camt.053.001.08' */
  layout?: string;
}

export interface ImportStats {
  /** data rows seen (records + rejected rows) */
  rows: number;
  records: number;
  rejected: number;
  findings: number;
  bytes: number;
}

export type Encoding = 'utf8' | 'gb18030';

export interface ImportOptions {
  /** the name findings and provenance carry */
  fileName: string;
  /** overrides detection */
  encoding?: Encoding;
  /** IANA zone for local times that carry no offset; default Asia/Shanghai */
  timeZone?: string;
  /** default 64 KiB: a longer line is rejected with LINE_TOO_LONG */
  maxLineBytes?: number;
  /** default 2 GiB: the caller should pass what the upload allows */
  maxFileBytes?: number;
  /** default 50,000,000 */
  maxRows?: number;
}

export interface Limits {
  fileName: string;
  timeZone: string;
  maxLineBytes: number;
  maxFileBytes: number;
  maxRows: number;
  encoding?: Encoding;
}

export function limitsOf(options: ImportOptions): Limits {
  return {
    fileName: options.fileName,
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    maxLineBytes: options.maxLineBytes ?? 64 * 1024,
    maxFileBytes: options.maxFileBytes ?? 2 * 1024 ** 3,
    maxRows: options.maxRows ?? 50_000_000,
    ...(options.encoding ? { encoding: options.encoding } : {}),
  };
}

/** Anything bytes can be read from: a Node Readable is an AsyncIterable<Buffer>. */
export type ByteSource = AsyncIterable<Buffer | Uint8Array | string>;

export type Importer = (input: ByteSource, options: ImportOptions) => AsyncGenerator<ImportEvent>;
