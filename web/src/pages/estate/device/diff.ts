/** Unified-diff lines as the config tab shows them. */
import type { ConfigDiff } from '../../../api/types';

export type DiffLineKind = 'added' | 'removed' | 'context' | 'hunk';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  oldNo: number | null;
  newNo: number | null;
}

/** The hunks of a diff as numbered lines: a `@@ … @@` header per hunk, then each line with its old/new line number. */
export function diffLines(diff: Pick<ConfigDiff, 'hunks'>): DiffLine[] {
  const out: DiffLine[] = [];
  for (const hunk of diff.hunks) {
    out.push({
      kind: 'hunk',
      text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
      oldNo: null,
      newNo: null,
    });
    let oldNo = hunk.oldStart;
    let newNo = hunk.newStart;
    for (const line of hunk.lines) {
      const mark = line[0];
      const text = line.slice(1);
      if (mark === '+') out.push({ kind: 'added', text, oldNo: null, newNo: newNo++ });
      else if (mark === '-') out.push({ kind: 'removed', text, oldNo: oldNo++, newNo: null });
      else if (mark === '\\') continue; // "\ No newline at end of file"
      else out.push({ kind: 'context', text, oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return out;
}

export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  return {
    added: lines.filter((l) => l.kind === 'added').length,
    removed: lines.filter((l) => l.kind === 'removed').length,
  };
}
