import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { cellLabel, cellProblems, orderProblems } from './gradingMatrix';
import { formToSettings, rewordGradingProblems, settingsToForm } from './settingsForm';
import type { GradingMatrix, IncidentSettings } from './settingsApi';

const DEFAULT: GradingMatrix = { high: { high: 1, medium: 1, low: 2 }, medium: { high: 1, medium: 2, low: 3 }, low: { high: 2, medium: 3, low: 3 } };
const withCell = (impact: 'high' | 'medium' | 'low', urgency: 'high' | 'medium' | 'low', level: number): GradingMatrix => ({ ...DEFAULT, [impact]: { ...DEFAULT[impact], [urgency]: level } });

describe('the grading matrix grid', () => {
  it('finds nothing wrong with the default, nor with an all-level-2 matrix', () => {
    expect(orderProblems(DEFAULT)).toEqual([]);
    const flat = { high: { high: 2, medium: 2, low: 2 }, medium: { high: 2, medium: 2, low: 2 }, low: { high: 2, medium: 2, low: 2 } };
    expect(orderProblems(flat)).toEqual([]);
  });

  it('names the worse cell graded milder than its milder neighbours, as the server does', () => {
    // High impact × medium urgency made 三级: milder than medium × medium (二级) below it and high × low (二级) beside it.
    const matrix = withCell('high', 'medium', 3);
    expect(orderProblems(matrix)).toEqual([
      { cell: 'high.medium', milder: 'high.low', level: 3, milderLevel: 2 },
      { cell: 'high.medium', milder: 'medium.medium', level: 3, milderLevel: 2 },
    ]);
    expect(cellProblems(matrix, 'high.medium')).toHaveLength(2);
    expect(cellProblems(matrix, 'high.high')).toEqual([]);
  });

  it('blames the neighbour, not the edited cell, when a milder cell is raised above it', () => {
    // Low × low made 一级: both cells next to it (worse than it) are now milder.
    const problems = orderProblems(withCell('low', 'low', 1));
    expect(problems.map((p) => p.cell).sort()).toEqual(['low.medium', 'medium.low']);
    expect(problems.every((p) => p.milder === 'low.low' && p.milderLevel === 1)).toBe(true);
  });

  it('words a cell, and rewords the server’s milder cell in its problems', () => {
    const word = (axis: string, value: string) => `${axis}:${value}`;
    expect(cellLabel('medium.high', word)).toBe('impact:medium × urgency:high');
    const error = new ApiError(400, 'VALIDATION_FAILED', 'bad', [
      { field: 'grading.high.medium', code: 'gradingOrder', params: { milder: 'medium.medium', level: 3, milderLevel: 2 }, message: 'x' },
      { field: 'workflow.autoCloseAfterDays', code: 'maximum', params: { limit: 90 }, message: 'y' },
    ]);
    const reworded = rewordGradingProblems(error, (c) => cellLabel(c, word)) as ApiError;
    expect(reworded).toBeInstanceOf(ApiError);
    expect((reworded.details as { params: Record<string, unknown> }[])[0]!.params).toEqual({ milder: 'impact:medium × urgency:medium', level: 3, milderLevel: 2 });
    expect((reworded.details as unknown[])[1]).toEqual((error.details as unknown[])[1]);
    const other = new Error('offline');
    expect(rewordGradingProblems(other, String)).toBe(other);
  });

  it('sends the whole settings document back at the version read', () => {
    const settings: IncidentSettings = {
      grading: DEFAULT,
      workflow: { autoCloseAfterDays: 7, reopenWindowDays: 7, pausingWaitReasons: ['parts', 'customer'], major: { communicationEveryMinutes: 30, reviewRequired: true } },
      intake: { fromAlerts: { levels: [2, 1], ruleIds: [' r1 ', ''] } },
      version: 4,
    };
    const form = settingsToForm(settings);
    form.grading.low.low = 2;
    expect(settings.grading.low.low).toBe(3);
    expect(formToSettings(form, settings.version)).toEqual({
      grading: { ...DEFAULT, low: { high: 2, medium: 3, low: 2 } },
      workflow: { ...settings.workflow, pausingWaitReasons: ['customer', 'parts'] },
      intake: { fromAlerts: { levels: [1, 2], ruleIds: ['r1'] } },
      version: 4,
    });
  });
});

describe('refusals with lists in their details', () => {
  it('joins each list so the translation names them', async () => {
    const { joinDetailLists } = await import('./settingsForm');
    const error = new ApiError(409, 'CAUSE_CATEGORY_IN_USE', 'in use', { codes: ['hardware', 'power'], other: 3 });
    expect((joinDetailLists(error, '、') as ApiError).details).toEqual({ codes: 'hardware、power', other: 3 });
    const plain = new ApiError(409, 'X', 'x');
    expect(joinDetailLists(plain, '、')).toBe(plain);
  });
});
