/** Problems are numbered like incidents and shown as PRB-000123 (at least six digits, zero-padded). */
export const formatProblemNumber = (n: number): string => `PRB-${String(n).padStart(6, '0')}`;

/** PRB-000123, PRB123 or 123 → 123 (what people type to find a problem); anything else → null. */
export function parseProblemNumber(text: string): number | null {
  const m = /^\s*(?:PRB-?)?0*(\d{1,9})\s*$/i.exec(text);
  return m ? Number(m[1]) : null;
}
