/**
 * File-level and row-level findings. Each is named by a stable code (translated in the console through
 * `recon.findings.<CODE>`), says where (file, line, field) and carries the figures that explain it, so that a
 * difference list can show "the summary claims 20 rows, the file holds 1" without re-reading the file.
 */
export type FindingCode =
  /** the summary/footer rows disagree with the rows (count or sum) */
  | 'SUMMARY_MISMATCH'
  /** a bill or statement that should carry a summary has none */
  | 'SUMMARY_MISSING'
  /** opening balance + entries ≠ closing balance (statement), or balance before + amount ≠ balance after (ledger row) */
  | 'BALANCE_BREAK'
  /** the file ends in the middle of a statement, a row or a document */
  | 'TRUNCATED'
  /** an id that a spreadsheet turned into a number (4.00123E+27): the real id is lost, the record is unmatchable */
  | 'MANGLED_ID'
  /** an amount that cannot be read exactly (more than 2 decimals, exponent, not a number) */
  | 'BAD_AMOUNT'
  /** an amount that does not fit in a safe integer of fen */
  | 'AMOUNT_OUT_OF_RANGE'
  | 'BAD_DATE'
  /** the same key (or the same line) appears again */
  | 'DUPLICATE_ROW'
  /** the file is not in any layout this importer knows */
  | 'UNKNOWN_LAYOUT'
  /** the header could not be mapped to the fields without help: pass a column mapping */
  | 'NEEDS_MAPPING'
  /** a saved column mapping was applied (named by the caller, or found by the file's header): which, and how (warning) */
  | 'MAPPING_APPLIED'
  /** a row has a different number of cells than the header */
  | 'BAD_ROW'
  | 'LINE_TOO_LONG'
  /** the file is larger than the caller allowed; reading stopped */
  | 'FILE_TOO_LARGE'
  /** more rows than the caller allowed; reading stopped */
  | 'TOO_MANY_ROWS'
  /** a cell starts with = + - @ followed by something formula-like: kept as text, to be neutralised on export */
  | 'FORMULA_CELL'
  /** a line that is not valid in the encoding the file was read with */
  | 'BAD_ENCODING'
  /** a DOCTYPE, an entity or an external reference in XML: refused, nothing expanded or fetched */
  | 'XML_DOCTYPE'
  | 'XML_MALFORMED'
  | 'XML_TOO_DEEP'
  /** a ZIP archive that is damaged, too large, has too many entries, or an unsafe entry name */
  | 'ZIP_REFUSED'
  /** a value that this importer does not know (unknown type or status): kept raw, reported once per value */
  | 'UNKNOWN_VALUE';

export interface Finding {
  code: FindingCode;
  /** 'error' rejects the row or the file; 'warning' keeps the row but it must be looked at */
  severity: 'error' | 'warning';
  file: string;
  /** 1-based; null for a finding about the whole file */
  line: number | null;
  field: string | null;
  /** English, for logs and the CLI; the console translates `code` with `params` */
  message: string;
  params: Record<string, string | number>;
}

export function finding(
  code: FindingCode,
  where: { file: string; line?: number | null; field?: string | null },
  message: string,
  params: Record<string, string | number> = {},
  severity: 'error' | 'warning' = 'error',
): Finding {
  return { code, severity, file: where.file, line: where.line ?? null, field: where.field ?? null, message, params };
}
