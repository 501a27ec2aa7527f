import type { FieldProblem } from '../../field-problems.ts';

/**
 * Field problems for the checks field-problems.ts has no code for yet. They reuse Ajv's keywords and values
 * (`minimum` with `limit`, `type` with `type`…), which the console already words (`problem.<keyword>`), so a domain
 * refusal reads like a schema refusal. `gradingOrder` is new: see the module README ("Still to build").
 */
export const keywordProblem = (field: string, code: 'minimum' | 'maximum' | 'type', params: Record<string, string | number>, message: string): FieldProblem => ({
  field,
  code,
  params,
  message,
});

/** The cell at `field` grades a fault less urgently than the milder fault in `milder` does. */
export const gradingOrderProblem = (field: string, milder: string, level: number, milderLevel: number): FieldProblem => ({
  field,
  code: 'gradingOrder',
  params: { milder, level, milderLevel },
  message: `gives level ${level}, less urgent than level ${milderLevel} for the milder ${milder}: a more severe impact or urgency never lowers the level`,
});

/** Text that must hold something other than blanks. */
export const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

/** Integer in [min, max], or the problems saying why not. */
export function integerProblems(field: string, value: unknown, min: number, max: number): FieldProblem[] {
  if (typeof value !== 'number' || !Number.isInteger(value)) return [keywordProblem(field, 'type', { type: 'integer' }, 'must be integer')];
  if (value < min) return [keywordProblem(field, 'minimum', { comparison: '>=', limit: min }, `must be >= ${min}`)];
  if (value > max) return [keywordProblem(field, 'maximum', { comparison: '<=', limit: max }, `must be <= ${max}`)];
  return [];
}
