import { fieldProblem, invalidFields, type FieldProblem } from '../../../field-problems.ts';
import { LEVELS, type Level } from '../workflow/model.ts';

/**
 * Grading (SPEC C5.2): how widely a fault hurts (impact) and how soon it must be fixed (urgency) give its level,
 * 一级 / 二级 / 三级. The matrix is data an administrator edits; this file holds its default, its check and the look-up.
 * Raising the level afterwards (an important event, a VIP area) is the workflow's `escalate`.
 */

/** Most severe first, as the console lists them. */
export const IMPACTS = ['high', 'medium', 'low'] as const;
export type Impact = (typeof IMPACTS)[number];
export const URGENCIES = ['high', 'medium', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

export type GradingMatrix = Readonly<Record<Impact, Readonly<Record<Urgency, Level>>>>;

/**
 * ITIL's 3×3 priority matrix folded onto three levels along its diagonals: both high, or one high and one medium, is
 * 一级 (the seeds: "影响大量用户正常使用的关键业务故障"); high with low, or both medium, is 二级 ("影响部分用户或部分业务
 * 功能"); the rest is 三级 ("不影响业务正常运行的小故障"). Symmetric, so neither axis outweighs the other by default.
 */
export const DEFAULT_GRADING_MATRIX: GradingMatrix = Object.freeze({
  high: Object.freeze({ high: 1, medium: 1, low: 2 }),
  medium: Object.freeze({ high: 1, medium: 2, low: 3 }),
  low: Object.freeze({ high: 2, medium: 3, low: 3 }),
});

export const gradeOf = (matrix: GradingMatrix, impact: Impact, urgency: Urgency): Level => matrix[impact][urgency];

const isLevel = (value: unknown): value is Level => LEVELS.includes(value as Level);

/**
 * Every problem with a proposed matrix: each of the nine cells present and a level 1–3, nothing else, and no cell
 * less urgent than a cell with a milder impact or urgency (a worse fault never gets a lower level — the one rule that
 * keeps an edited matrix from grading a campus-wide outage below a broken printer).
 */
export function checkGradingMatrix(value: unknown, field = 'matrix'): FieldProblem[] {
  if (!isRecord(value)) return [fieldProblem(field, 'type', { type: 'object' })];
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(value)) {
    if (!IMPACTS.includes(key as Impact)) problems.push(fieldProblem(`${field}.${key}`, 'enum', { allowedValues: IMPACTS.join(', ') }));
  }
  for (const impact of IMPACTS) {
    const row = value[impact];
    if (row === undefined) {
      problems.push(fieldProblem(`${field}.${impact}`, 'required'));
      continue;
    }
    if (!isRecord(row)) {
      problems.push(fieldProblem(`${field}.${impact}`, 'type', { type: 'object' }));
      continue;
    }
    for (const key of Object.keys(row)) {
      if (!URGENCIES.includes(key as Urgency)) problems.push(fieldProblem(`${field}.${impact}.${key}`, 'enum', { allowedValues: URGENCIES.join(', ') }));
    }
    for (const urgency of URGENCIES) {
      const cell = row[urgency];
      if (cell === undefined) problems.push(fieldProblem(`${field}.${impact}.${urgency}`, 'required'));
      else if (!isLevel(cell)) problems.push(fieldProblem(`${field}.${impact}.${urgency}`, 'enum', { allowedValues: LEVELS.join(', ') }));
    }
  }
  if (problems.length > 0) return problems;
  const matrix = value as unknown as GradingMatrix;
  // Neighbours suffice: a cell no less urgent than the one above it and the one to its left is ordered against all.
  IMPACTS.forEach((impact, i) =>
    URGENCIES.forEach((urgency, u) => {
      const level = matrix[impact][urgency];
      const worseImpact = IMPACTS[i - 1];
      const worseUrgency = URGENCIES[u - 1];
      if (worseImpact !== undefined && matrix[worseImpact][urgency] > level) {
        problems.push(fieldProblem(`${field}.${worseImpact}.${urgency}`, 'gradingOrder', { milder: `${impact}.${urgency}`, level: matrix[worseImpact][urgency], milderLevel: level }));
      }
      if (worseUrgency !== undefined && matrix[impact][worseUrgency] > level) {
        problems.push(fieldProblem(`${field}.${impact}.${worseUrgency}`, 'gradingOrder', { milder: `${impact}.${urgency}`, level: matrix[impact][worseUrgency], milderLevel: level }));
      }
    }),
  );
  return problems;
}

/** The matrix as the service stores it, or a 400 naming every bad cell. */
export function parseGradingMatrix(value: unknown): GradingMatrix {
  const problems = checkGradingMatrix(value);
  if (problems.length > 0) throw invalidFields(problems);
  const matrix = value as GradingMatrix;
  return Object.freeze(Object.fromEntries(IMPACTS.map((impact) => [impact, Object.freeze(Object.fromEntries(URGENCIES.map((u) => [u, matrix[impact][u]])))]))) as GradingMatrix;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
