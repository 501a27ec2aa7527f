/**
 * Money arrives in fen (integer hundredths of a yuan, SPEC §5.3). It is shown in yuan with integer arithmetic only:
 * dividing by 100 in floating point would print 0.07 as 0.07000000000000001 and round some amounts the wrong way.
 */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) return String(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const yuan = (abs - cents) / 100; // an exact multiple of 100: the division is exact
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${String(cents).padStart(2, '0')}`;
}

/**
 * A money field as it came from the server: a number of fen in yuan; anything else (a masked "****", a string a device
 * sent) as it is; nothing as null.
 */
export function formatMoneyField(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return formatFen(value);
  return String(value);
}
