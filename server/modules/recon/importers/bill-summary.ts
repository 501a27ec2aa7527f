import { finding, type Finding } from './findings.ts';
import { formatFen, parseCount, parseMoney } from './money.ts';

/**
 * Column sums kept while rows stream past, in bigint fen, for checking a bill's summary afterwards. A cell that
 * cannot be read is counted as unreadable so a mismatch can say the sum is incomplete rather than wrong.
 */
export class ColumnSums {
  readonly sums = new Map<string, bigint>();
  readonly unreadable = new Map<string, number>();
  add(column: string, cell: string | undefined) {
    const text = (cell ?? '').replace(/^`/, '').trim();
    if (text === '') return;
    const r = parseMoney(text);
    if (r.ok) this.sums.set(column, (this.sums.get(column) ?? 0n) + BigInt(r.fen));
    else this.unreadable.set(column, (this.unreadable.get(column) ?? 0) + 1);
  }
  get(column: string): bigint {
    return this.sums.get(column) ?? 0n;
  }
}

export interface Claim {
  /** the summary's own label, e.g. 总交易单数 */
  label: string;
  kind: 'count' | 'amount';
  claimedText: string;
  counted: bigint;
  line: number;
  /** cells that could not be read while summing, if any */
  unreadable?: number;
}

/** SUMMARY_MISMATCH for each claim whose figure differs from what was counted; BAD_AMOUNT for an unreadable claim. */
export function checkClaims(file: string, claims: Claim[]): Finding[] {
  const out: Finding[] = [];
  for (const c of claims) {
    const where = { file, line: c.line, field: c.label };
    const claimed = c.kind === 'count' ? parseCount(c.claimedText) : (() => {
      const r = parseMoney(c.claimedText);
      return r.ok ? r.fen : null;
    })();
    if (claimed === null) {
      out.push(finding('BAD_AMOUNT', where, `the summary's ${c.label} is "${c.claimedText}", not a figure`, { value: c.claimedText }));
      continue;
    }
    if (BigInt(claimed) === c.counted) continue;
    const show = (v: bigint | number) => (c.kind === 'count' ? String(v) : formatFen(v));
    out.push(
      finding(
        'SUMMARY_MISMATCH',
        where,
        `the summary's ${c.label} claims ${show(claimed)}, the rows give ${show(c.counted)}${c.unreadable ? ` (${c.unreadable} cells unreadable)` : ''}`,
        { label: c.label, kind: c.kind, claimed: show(claimed), counted: show(c.counted), ...(c.unreadable ? { unreadable: c.unreadable } : {}) },
      ),
    );
  }
  return out;
}
