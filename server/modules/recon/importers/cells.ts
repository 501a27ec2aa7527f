/**
 * Cell text as bills write it, made clean without changing what it means: WeChat prefixes every value with a
 * backtick so that spreadsheets keep ids as text, Alipay and WeChat personal bills end ids with a tab for the same
 * reason, and columns are padded with spaces. Ids stay strings: nothing here turns a cell into a number.
 */
export function cleanCell(cell: string): string {
  let s = cell.replace(/^\uFEFF/, '').trim();
  if (s.startsWith('`')) s = s.slice(1).trim();
  return s;
}

/** An empty-meaning cell ('', '/', '-', '--') as null. */
export function textOrNull(cell: string | undefined): string | null {
  if (cell === undefined) return null;
  const s = cleanCell(cell);
  return s === '' || s === '/' || s === '-' || s === '--' ? null : s;
}

/**
 * A spreadsheet that opened a bill turned a long numeric id into scientific notation (4.00123E+27) the real id
 * cannot be recovered from the cell.
 */
export function isMangledId(id: string): boolean {
  return /^\d+(?:\.\d+)?[eE]\+?\d+$/.test(id);
}

/**
 * A cell that a spreadsheet would run as a formula (=cmd|' /C calc'!A0, +1+1, @SUM(…)). It is kept as text here
 * (importing is not executing) and reported, so that any later export neutralises it.
 */
export function looksLikeFormula(cell: string): boolean {
  return /^[=@]/.test(cell) || /^[+-]\s*[A-Za-z(]/.test(cell) || /^[\t\r]/.test(cell);
}
