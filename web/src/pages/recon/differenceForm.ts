/** The resolution dialog's values and the body they make; amounts typed in yuan become exact integer fen. */
import type { Difference, Resolution, ResolveBody } from './reconApi';
import { NEEDS_CHECKER } from './reconValues';

const YUAN = /^([+-]?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * "12.3" → 1230, "-0.05" → −5, "8" → 800: string arithmetic only (no floating point between the field and the API).
 * Anything else (three decimals, letters, an empty field) is null.
 */
export function parseYuan(text: string): number | null {
  const m = YUAN.exec(text.trim().replace(/[,，\s]/g, ''));
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -fen : fen;
}

/** 1230 → "12.30", −5 → "-0.05": the field's starting text (no currency sign, no grouping). */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** What an adjustment or write-off books unless the person says otherwise: the server's own default (delta, else the amount). */
export const defaultBookedFen = (d: Pick<Difference, 'deltaFen' | 'amountFen'>) => d.deltaFen ?? d.amountFen;

export interface ResolveValues {
  resolution: Resolution;
  note: string;
  /** yuan, only for adjust and write-off */
  amount?: string;
}

export function resolveBody(values: ResolveValues, version: number): ResolveBody {
  const body: ResolveBody = { version, resolution: values.resolution, note: values.note.trim() };
  if (NEEDS_CHECKER.has(values.resolution) && values.amount !== undefined && values.amount.trim() !== '') {
    const fen = parseYuan(values.amount);
    if (fen !== null) body.amountFen = fen;
  }
  return body;
}
