import { fieldProblem, type FieldProblem } from '../../field-problems.ts';

/** Text that must hold something other than blanks. */
export const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

/** Integer in [min, max], or the problems saying why not. */
export function integerProblems(field: string, value: unknown, min: number, max: number): FieldProblem[] {
  if (typeof value !== 'number' || !Number.isInteger(value)) return [fieldProblem(field, 'type', { type: 'integer' })];
  if (value < min) return [fieldProblem(field, 'minimum', { limit: min })];
  if (value > max) return [fieldProblem(field, 'maximum', { limit: max })];
  return [];
}
