import { fieldProblem, type FieldProblem } from '../../field-problems.ts';
import { LEDGER_FIELDS, mapHeader, normaliseHeader, type ColumnMapping, type LedgerField } from './importers/index.ts';

/**
 * Saved column mappings, the pure part: which sources take one, and whether a mapping fits the header it is saved
 * for. A mapping is checked against its header signature when it is saved, so that applying it later cannot fail on
 * the mapping itself (only on a file whose header is not the one it was made for).
 */

/** Sources whose importer accepts a column mapping: the generic ledger (CSV, or an XLSX workbook's sheet). */
export const MAPPABLE_SOURCES = ['ledger'] as const;
export type MappableSource = (typeof MAPPABLE_SOURCES)[number];
export const isMappable = (source: string): source is MappableSource => (MAPPABLE_SOURCES as readonly string[]).includes(source);

/** A mapping as the API carries it: field → header name or 0-based index, plus `amountUnit`. */
export type MappingInput = Record<string, string | number>;

const FIELDS: ReadonlySet<string> = new Set(LEDGER_FIELDS);
const UNITS = ['yuan', 'fen'] as const;

/**
 * The problems of `input` as a mapping for a file whose header normalises to `signature`, each naming its field
 * (`mapping.<field>`), or the ColumnMapping it is when there are none. Refused: an unknown field, a unit that is not
 * one, an index past the header's end, a header name not in it, two fields on one column, no amount or time column,
 * and a mapping that with the header's own names still leaves a field unclear (no id column, two candidates).
 */
export function checkMapping(input: MappingInput, signature: readonly string[], at = 'mapping'): { ok: true; mapping: ColumnMapping } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const mapping: ColumnMapping = {};
  const owner = new Map<number, string>();
  for (const [key, value] of Object.entries(input)) {
    const field = `${at}.${key}`;
    if (key === 'amountUnit') {
      if (typeof value === 'string' && (UNITS as readonly string[]).includes(value)) mapping.amountUnit = value as 'yuan' | 'fen';
      else problems.push(fieldProblem(field, 'enum', { allowedValues: UNITS.join(', ') }));
      continue;
    }
    if (!FIELDS.has(key)) {
      problems.push(fieldProblem(field, 'enum', { allowedValues: [...LEDGER_FIELDS, 'amountUnit'].join(', ') }));
      continue;
    }
    const index = typeof value === 'number' ? value : signature.indexOf(normaliseHeader(value));
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 0 || value >= signature.length)) {
      problems.push(fieldProblem(field, 'maximum', { limit: signature.length - 1 }));
      continue;
    }
    if (index < 0) {
      problems.push(fieldProblem(field, 'columnMissing', { field: String(value), label: '' }));
      continue;
    }
    const first = owner.get(index);
    if (first !== undefined) {
      problems.push(fieldProblem(field, 'duplicateValue', { value: signature[index] || `#${index + 1}` }));
      continue;
    }
    owner.set(index, key);
    mapping[key as LedgerField] = value;
  }
  for (const required of ['amount', 'txnTime'] as const) {
    if (mapping[required] === undefined && !problems.some((p) => p.field === `${at}.${required}`)) problems.push(fieldProblem(`${at}.${required}`, 'required'));
  }
  if (problems.length > 0) return { ok: false, problems };
  // The header's own names fill the fields the mapping leaves out: the whole must say which column is which.
  const whole = mapHeader([...signature], mapping);
  if (!whole.ok) {
    for (const f of whole.missing) problems.push(fieldProblem(`${at}.${f}`, 'required'));
    for (const a of whole.ambiguous) problems.push(fieldProblem(`${at}.${a.field}`, 'columnRepeated', { field: a.field, first: a.columns[0] ?? '', second: a.columns[1] ?? '' }));
    return { ok: false, problems };
  }
  return { ok: true, mapping };
}

/** The header cells a mapping names by index or name, as "field=column" pairs: what a finding tells a person. */
export function describeMapping(mapping: ColumnMapping, header: readonly string[]): string {
  return LEDGER_FIELDS.filter((f) => mapping[f] !== undefined)
    .map((f) => {
      const v = mapping[f]!;
      return `${f}=${typeof v === 'number' ? (header[v] ?? `#${v + 1}`) : v}`;
    })
    .join('; ');
}
