import { describe, expect, it } from 'vitest';
import { diffLines, diffStats } from './diff';

describe('diffLines', () => {
  it('numbers old and new lines and marks additions and removals', () => {
    const lines = diffLines({
      hunks: [
        {
          oldStart: 1,
          oldLines: 3,
          newStart: 1,
          newLines: 3,
          lines: [' {', '-  "port": 8080', '+  "port": 8443', ' }', '\\ No newline at end of file'],
        },
      ],
    });
    expect(lines).toEqual([
      { kind: 'hunk', text: '@@ -1,3 +1,3 @@', oldNo: null, newNo: null },
      { kind: 'context', text: '{', oldNo: 1, newNo: 1 },
      { kind: 'removed', text: '  "port": 8080', oldNo: 2, newNo: null },
      { kind: 'added', text: '  "port": 8443', oldNo: null, newNo: 2 },
      { kind: 'context', text: '}', oldNo: 3, newNo: 3 },
    ]);
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
  });

  it('gives nothing for identical versions', () => {
    expect(diffLines({ hunks: [] })).toEqual([]);
  });
});
