import { describe, expect, it } from 'vitest';
import { checkGradingMatrix, DEFAULT_GRADING_MATRIX, gradeOf, IMPACTS, parseGradingMatrix, URGENCIES } from './matrix.ts';

const edit = (impact: string, urgency: string, level: unknown) => ({ ...DEFAULT_GRADING_MATRIX, [impact]: { ...DEFAULT_GRADING_MATRIX[impact as 'high'], [urgency]: level } });

describe('grading matrix', () => {
  it('by default grades along the diagonals: 一级 for high with high or medium, 三级 for low with medium or low', () => {
    const levels = IMPACTS.map((impact) => URGENCIES.map((urgency) => gradeOf(DEFAULT_GRADING_MATRIX, impact, urgency)));
    expect(levels).toEqual([
      [1, 1, 2],
      [1, 2, 3],
      [2, 3, 3],
    ]);
    expect(checkGradingMatrix(DEFAULT_GRADING_MATRIX)).toEqual([]);
  });

  it('accepts an edited matrix that keeps the order, e.g. every high impact at level 1', () => {
    const edited = edit('high', 'low', 1);
    expect(checkGradingMatrix(edited)).toEqual([]);
    expect(gradeOf(parseGradingMatrix(edited), 'high', 'low')).toBe(1);
  });

  it('refuses a level that is not 1, 2 or 3, and a missing or unknown cell, naming each', () => {
    expect(checkGradingMatrix(edit('medium', 'low', 4))).toEqual([
      { field: 'matrix.medium.low', code: 'enum', params: { allowedValues: '1, 2, 3' }, message: 'must be one of 1, 2, 3' },
    ]);
    expect(checkGradingMatrix(edit('medium', 'low', '3')).map((p) => p.code)).toEqual(['enum']);
    const { low: _low, ...noLow } = DEFAULT_GRADING_MATRIX.medium;
    expect(checkGradingMatrix({ ...DEFAULT_GRADING_MATRIX, medium: noLow, critical: {} })).toEqual([
      { field: 'matrix.critical', code: 'enum', params: { allowedValues: 'high, medium, low' }, message: 'must be one of high, medium, low' },
      { field: 'matrix.medium.low', code: 'required', message: 'is required' },
    ]);
    expect(checkGradingMatrix([1, 2, 3]).map((p) => p.code)).toEqual(['type']);
    expect(checkGradingMatrix({ ...DEFAULT_GRADING_MATRIX, low: null }).map((p) => `${p.field} ${p.code}`)).toEqual(['matrix.low type']);
  });

  it('refuses a matrix that grades a worse fault less urgently than a milder one', () => {
    // High impact, high urgency at level 3 while medium impact, high urgency stays at level 1.
    const problems = checkGradingMatrix(edit('high', 'high', 3));
    expect(problems).toContainEqual({
      field: 'matrix.high.high',
      code: 'gradingOrder',
      params: { milder: 'medium.high', level: 3, milderLevel: 1 },
      message: 'gives level 3, less urgent than level 1 for the milder medium.high: a more severe impact or urgency never lowers the level',
    });
    expect(problems.every((p) => p.field === 'matrix.high.high')).toBe(true);
    expect(checkGradingMatrix(edit('low', 'medium', 1)).map((p) => p.field)).toEqual(['matrix.medium.medium', 'matrix.low.high']);
  });

  it('parses into a frozen copy without the caller’s extra fields, or throws a 400 naming the cells', () => {
    const parsed = parseGradingMatrix(JSON.parse(JSON.stringify(DEFAULT_GRADING_MATRIX)));
    expect(parsed).toEqual(DEFAULT_GRADING_MATRIX);
    expect(Object.isFrozen(parsed.high)).toBe(true);
    expect(() => parseGradingMatrix(edit('low', 'low', 0))).toThrow(expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' }));
  });
});
