/**
 * One CSV/TSV line to cells (RFC 4180 quoting), tolerant of what bills do around quotes: `"3985734"\t,` (a tab
 * after the closing quote) and padding spaces. `open` says the line ended inside a quoted cell, so the caller joins
 * the next line (a quoted newline) before splitting again.
 */
export function splitFields(line: string, delimiter: string): { cells: string[]; open: boolean } {
  const cells: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    // skip leading blanks before a quote only; unquoted cells keep their text (cleanCell trims later)
    let j = i;
    while (j < n && (line[j] === ' ' || (line[j] === '\t' && delimiter !== '\t'))) j++;
    if (j < n && line[j] === '"') {
      let text = '';
      let k = j + 1;
      for (;;) {
        const q = line.indexOf('"', k);
        if (q === -1) return { cells, open: true };
        text += line.slice(k, q);
        if (line[q + 1] === '"') {
          text += '"';
          k = q + 2;
          continue;
        }
        k = q + 1;
        break;
      }
      // whatever trails the closing quote up to the delimiter (tabs, spaces) is dropped
      const d = line.indexOf(delimiter, k);
      const rest = d === -1 ? line.slice(k) : line.slice(k, d);
      cells.push(rest.trim() === '' ? text : text + rest);
      if (d === -1) return { cells, open: false };
      i = d + delimiter.length;
    } else {
      const d = line.indexOf(delimiter, i);
      cells.push(d === -1 ? line.slice(i) : line.slice(i, d));
      if (d === -1) return { cells, open: false };
      i = d + delimiter.length;
    }
  }
}

/** Tab when the line has more tabs than commas (the older WeChat bill), else comma. */
export function guessDelimiter(line: string): ',' | '\t' {
  const tabs = line.split('\t').length;
  const commas = line.split(',').length;
  return tabs > commas ? '\t' : ',';
}
