/**
 * The grading matrix as the settings page edits it: impact (rows) × urgency (columns) → level 1–3, 1 most severe.
 * The server refuses a matrix where a worse impact or urgency gets a milder level than its neighbour, naming the cell
 * (grading/matrix.ts); the same check runs here as the cells change so the grid shows the problem before saving.
 */
import type { GradingMatrix } from './settingsApi';

export const IMPACTS = ['high', 'medium', 'low'] as const;
export const URGENCIES = ['high', 'medium', 'low'] as const;
export type Impact = (typeof IMPACTS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type CellKey = `${Impact}.${Urgency}`;

/** The server's gradingOrder problem: the cell graded `level` is milder than the milder neighbour `milder` at `milderLevel`. */
export interface OrderProblem {
  cell: CellKey;
  milder: CellKey;
  level: number;
  milderLevel: number;
}

/**
 * Each cell graded milder (a higher number) than a neighbour with a milder impact or urgency — exactly the problems
 * the server names, on the same cells. Neighbours suffice: order against them orders the whole grid.
 */
export function orderProblems(matrix: GradingMatrix): OrderProblem[] {
  const problems: OrderProblem[] = [];
  IMPACTS.forEach((impact, i) =>
    URGENCIES.forEach((urgency, u) => {
      const level = matrix[impact][urgency];
      const worseImpact = IMPACTS[i - 1];
      const worseUrgency = URGENCIES[u - 1];
      if (worseImpact !== undefined && matrix[worseImpact][urgency] > level) {
        problems.push({ cell: `${worseImpact}.${urgency}`, milder: `${impact}.${urgency}`, level: matrix[worseImpact][urgency], milderLevel: level });
      }
      if (worseUrgency !== undefined && matrix[impact][worseUrgency] > level) {
        problems.push({ cell: `${impact}.${worseUrgency}`, milder: `${impact}.${urgency}`, level: matrix[impact][worseUrgency], milderLevel: level });
      }
    }),
  );
  return problems;
}

/** The problems of one cell. */
export const cellProblems = (matrix: GradingMatrix, cell: CellKey): OrderProblem[] => orderProblems(matrix).filter((p) => p.cell === cell);

/** A cell's name in the reader's words, given how impact and urgency are worded: "影响中 × 紧急高". */
export function cellLabel(cell: string, word: (axis: 'impact' | 'urgency', value: string) => string): string {
  const [impact = '', urgency = ''] = cell.split('.');
  return `${word('impact', impact)} × ${word('urgency', urgency)}`;
}
