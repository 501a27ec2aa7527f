import { cleanCell, isMangledId, looksLikeFormula, textOrNull } from './cells.ts';
import type { ImportEvent, ImportStats, Limits } from './events.ts';
import { finding, type Finding, type FindingCode } from './findings.ts';
import { formatFen, parseMoney, type MoneyOptions } from './money.ts';
import { capRaw, type NormalizedRecord } from './record.ts';
import { parseDateTime } from './time.ts';

/**
 * Reads one row's cells into record fields, collecting a named finding for every cell it cannot read exactly and
 * marking the record unmatchable when an id or the amount is lost. Shared by all importers so that the same bad
 * cell gives the same finding whatever the source.
 */
export class RowReader {
  readonly findings: Finding[] = [];
  /** an amount or time that the record needs was unreadable */
  unmatchable = false;
  readonly lostIds: string[] = [];
  constructor(
    private readonly limits: Limits,
    readonly line: number,
  ) {}

  private add(code: FindingCode, field: string, message: string, params: Record<string, string | number> = {}, severity: 'error' | 'warning' = 'error') {
    this.findings.push(finding(code, { file: this.limits.fileName, line: this.line, field }, message, params, severity));
  }

  text(cell: string | undefined, field: string): string | null {
    const s = textOrNull(cell);
    if (s !== null && looksLikeFormula(s)) this.add('FORMULA_CELL', field, `${field} on line ${this.line} looks like a spreadsheet formula; kept as text`, { value: s.slice(0, 64) }, 'warning');
    return s;
  }

  /** An id: never a number; a mangled one is reported, dropped and listed in lostIds. */
  id(cell: string | undefined, field: string): string | null {
    const s = this.text(cell, field);
    if (s !== null && isMangledId(s)) {
      this.add('MANGLED_ID', field, `${field} on line ${this.line} is "${s}": a spreadsheet turned the id into a number and the real id is lost`, { value: s });
      this.lostIds.push(field);
      return null;
    }
    return s;
  }

  /** Signed fen, or null with BAD_AMOUNT / AMOUNT_OUT_OF_RANGE. Empty cells are null without a finding unless required. */
  money(cell: string | undefined, field: string, options: MoneyOptions & { required?: boolean } = {}): number | null {
    const s = cell === undefined ? '' : cleanCell(cell);
    if (s === '' || s === '/' || s === '-') {
      if (options.required) {
        this.add('BAD_AMOUNT', field, `${field} on line ${this.line} is empty`, { value: '' });
        this.unmatchable = true;
      }
      return null;
    }
    const r = parseMoney(s, options);
    if (r.ok) return r.fen;
    if (r.reason === 'out_of_range') this.add('AMOUNT_OUT_OF_RANGE', field, `${field} on line ${this.line} is "${s}", beyond what can be held exactly`, { value: s });
    else this.add('BAD_AMOUNT', field, `${field} on line ${this.line} is "${s}": ${r.reason.replace(/_/g, ' ')}`, { value: s, reason: r.reason });
    if (options.required) this.unmatchable = true;
    return null;
  }

  time(cell: string | undefined, field: string, zone: string, required = false): number | null {
    const s = cell === undefined ? '' : cleanCell(cell);
    if (s === '' || s === '/') {
      if (required) this.add('BAD_DATE', field, `${field} on line ${this.line} is empty`, { value: '' });
      return null;
    }
    const t = parseDateTime(s, zone);
    if (t === null) this.add('BAD_DATE', field, `${field} on line ${this.line} is "${s}", not a date and time this importer reads`, { value: s });
    return t;
  }

  warn(code: FindingCode, field: string | null, message: string, params: Record<string, string | number> = {}) {
    this.findings.push(finding(code, { file: this.limits.fileName, line: this.line, field }, message, params, 'warning'));
  }

  error(code: FindingCode, field: string | null, message: string, params: Record<string, string | number> = {}) {
    this.findings.push(finding(code, { file: this.limits.fileName, line: this.line, field }, message, params));
  }
}

const ID_FIELDS = ['txnId', 'channelOrderId', 'merchantOrderId', 'thirdPartyOrderId', 'refundId', 'merchantRefundId'] as const;

/**
 * Copies what the reader learnt onto the record: lost ids, and unmatchable when the amount or time was unreadable or
 * when ids were lost and none is left to match on.
 */
export function settle(record: NormalizedRecord, reader: RowReader) {
  record.lostIds = [...reader.lostIds];
  const anyId = ID_FIELDS.some((f) => record[f] !== null);
  record.unmatchable ||= reader.unmatchable || (reader.lostIds.length > 0 && !anyId);
}

/** Sets amountFen and direction from a signed amount when the source has no separate direction column. */
export function signedAmount(record: NormalizedRecord, fen: number | null, positive: 'in' | 'out' = 'in') {
  if (fen === null) return;
  record.amountFen = Math.abs(fen);
  const flip = positive === 'in' ? 'out' : 'in';
  record.direction = fen === 0 ? record.direction : fen > 0 ? positive : flip;
}

/** Counts what an importer emitted and keeps duplicate detection bounded. */
export class Tally {
  rows = 0;
  records = 0;
  rejected = 0;
  findings = 0;
  private readonly keys = new Map<string, number>();
  private keyLimitHit = false;
  constructor(private readonly maxKeys = 1_000_000) {}

  record(record: NormalizedRecord, raw: string): ImportEvent {
    this.rows++;
    this.records++;
    record.provenance.raw = capRaw(raw);
    return { type: 'record', record };
  }

  found(f: Finding): ImportEvent {
    this.findings++;
    return { type: 'finding', finding: f };
  }

  /** The first line a key was seen on, or null (and remembers this one). Bounded: past maxKeys, checking stops. */
  seen(key: string, line: number): number | null | 'limit' {
    const first = this.keys.get(key);
    if (first !== undefined) return first;
    if (this.keys.size >= this.maxKeys) {
      if (this.keyLimitHit) return null;
      this.keyLimitHit = true;
      return 'limit';
    }
    this.keys.set(key, line);
    return null;
  }

  stats(bytes: number): ImportStats {
    return { rows: this.rows, records: this.records, rejected: this.rejected, findings: this.findings, bytes };
  }
}

/** DUPLICATE_ROW when `key` was seen before; the record is kept (a real bill can hold true duplicates) but flagged. */
export function checkDuplicate(tally: Tally, reader: RowReader, key: string | null, what: string) {
  if (key === null) return;
  const first = tally.seen(key, reader.line);
  if (first === 'limit') reader.warn('DUPLICATE_ROW', null, 'too many rows to keep checking for duplicates here; the matching stage checks the rest', {});
  else if (first !== null) reader.warn('DUPLICATE_ROW', null, `line ${reader.line} repeats ${what} first seen on line ${first}`, { firstLine: first, key });
}

export { formatFen };
