/** The form's values, pure: yuan typed by a person → fen (by digits, never through a float), fen → yuan for display. */

/** "12.5", "¥1,200" → fen; null when it is not an amount with at most two decimals. */
export function yuanToFen(text: string): number | null {
  const cleaned = text.trim().replace(/^[¥￥]/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 120050 → "1,200.50". */
export function fenToYuan(fen: number): string {
  const yuan = Math.trunc(fen / 100).toLocaleString('en');
  return `${yuan}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;
}

/** A datetime-local value ("2026-11-10T10:30") as an ISO instant, read in the browser's zone; null when empty or bad. */
export function localToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
