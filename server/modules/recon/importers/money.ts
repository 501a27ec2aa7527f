/**
 * Money from text to integer fen by string arithmetic only: a float never sees an amount, so '0.1' + '0.2' stays
 * 30 fen. Accepts what bills and ledgers write ('12.3', '-0.01', '1,234.50', '¥12.00', '(5.00)', '+3', '.5') and
 * refuses what cannot be exact ('12.345', '1.2E+3', '12..3') with a reason, never a rounded number.
 */
export type MoneyResult = { ok: true; fen: number } | { ok: false; reason: 'empty' | 'exponent' | 'too_many_decimals' | 'not_a_number' | 'out_of_range' };

export interface MoneyOptions {
  /** 'fen' when the header says the column is in fen (交易金额(分)) */
  unit?: 'yuan' | 'fen';
  /** decimal comma (MT940, European statements): '1.234,56' */
  decimalComma?: boolean;
}

const SYMBOLS = /^(?:¥|￥|CNY|RMB)\s*|\s*(?:元|CNY|RMB)$/giu;
const GROUPED_DOT = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const GROUPED_COMMA = /^\d{1,3}(?:\.\d{3})+(?:,\d*)?$/;
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

export function parseMoney(input: string, options: MoneyOptions = {}): MoneyResult {
  // Fast paths for the plain cells that make up almost every row; integers only, well inside 2^53.
  if (options.unit === 'fen' && /^\d{1,15}$/.test(input)) return { ok: true, fen: Number(input) };
  if (options.unit !== 'fen' && !options.decimalComma) {
    const m = /^(\d{1,13})\.(\d\d)$/.exec(input);
    if (m) return { ok: true, fen: Number(m[1]) * 100 + Number(m[2]) };
  }
  let s = input.trim().replace(SYMBOLS, '').trim();
  if (s === '') return { ok: false, reason: 'empty' };
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = negative !== s.startsWith('-');
    s = s.slice(1).trim();
  }
  s = s.replace(SYMBOLS, '').trim();
  if (/^[\d.,]*[eE][+-]?\d+$/.test(s)) return { ok: false, reason: 'exponent' };
  if (options.decimalComma) {
    if (GROUPED_COMMA.test(s)) s = s.replace(/\./g, '');
    s = s.replace(',', '.');
    if (s.includes(',')) return { ok: false, reason: 'not_a_number' };
  } else if (s.includes(',')) {
    if (!GROUPED_DOT.test(s)) return { ok: false, reason: 'not_a_number' };
    s = s.replace(/,/g, '');
  }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return { ok: false, reason: 'not_a_number' };
  const whole = m[1] || '0';
  let frac = (m[2] ?? '').replace(/0+$/, '');
  const unit = options.unit ?? 'yuan';
  const places = unit === 'yuan' ? 2 : 0;
  if (frac.length > places) return { ok: false, reason: 'too_many_decimals' };
  frac = frac.padEnd(places, '0');
  const fen = BigInt(whole) * (unit === 'yuan' ? 100n : 1n) + (frac ? BigInt(frac) : 0n);
  if (fen > MAX) return { ok: false, reason: 'out_of_range' };
  const n = Number(fen);
  return { ok: true, fen: negative && n !== 0 ? -n : n };
}

/** Integer fen back to a yuan string ('-0.01'), for messages and exports. */
export function formatFen(fen: number | bigint): string {
  const b = BigInt(fen);
  const neg = b < 0n;
  const abs = neg ? -b : b;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A count such as '20' or the '20.0' WeChat writes in its summaries; null unless it is a whole number. */
export function parseCount(input: string): number | null {
  const m = /^\s*(\d{1,15})(?:\.0*)?\s*$/.exec(input);
  return m ? Number(m[1]) : null;
}

/** Adds fen safely: sums of many rows may leave the safe range, so totals are bigints. */
export function addFen(total: bigint, fen: number | null): bigint {
  return fen === null ? total : total + BigInt(fen);
}
