import { describe, expect, it } from 'vitest';
import { createBody } from './ProblemFields';
import { moveBlockedByRootCause, parseStates, PROBLEM_MOVES } from './problemStates';

describe('problem states', () => {
  it('offer the moves the server allows, none from closed', () => {
    expect(PROBLEM_MOVES.open).toEqual(['known_error', 'resolved']);
    expect(PROBLEM_MOVES.resolved).toEqual(['closed', 'open']);
    expect(PROBLEM_MOVES.closed).toEqual([]);
  });

  it('hold a move to known_error or resolved until the root cause is written', () => {
    expect(moveBlockedByRootCause('known_error', '  ')).toBe(true);
    expect(moveBlockedByRootCause('resolved', null)).toBe(true);
    expect(moveBlockedByRootCause('resolved', '固件缺陷')).toBe(false);
    expect(moveBlockedByRootCause('closed', '')).toBe(false);
    expect(moveBlockedByRootCause('open', undefined)).toBe(false);
  });

  it('read the list filter from the URL, dropping what is not a state', () => {
    expect(parseStates('open, known_error,bogus')).toEqual(['open', 'known_error']);
    expect(parseStates(null)).toEqual([]);
  });

  it('leave blank optional text out of a new problem', () => {
    expect(createBody({ title: ' 读卡模块批量老化 ', description: '', rootCause: '  ', workaround: '重启读卡器', ownerId: null })).toEqual({
      title: '读卡模块批量老化',
      description: '',
      workaround: '重启读卡器',
    });
  });
});
