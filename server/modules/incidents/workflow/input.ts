import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import { blank } from '../problems.ts';
import { LEVELS, WAITING_REASONS, type Level, type WaitingReason } from './model.ts';
import { KEY_LIMIT, TEXT_LIMIT } from './requests.ts';

/**
 * Checks of a request's values. The route's schema catches most of this first; these run too because jobs and the
 * mail intake call the workflow directly, and because "present" here means "not blank", which a schema cannot say.
 */

export function requiredText(field: string, value: unknown, limit = TEXT_LIMIT): FieldProblem[] {
  if (blank(value)) return [fieldProblem(field, 'required')];
  return optionalText(field, value, limit);
}

export function optionalText(field: string, value: unknown, limit = TEXT_LIMIT): FieldProblem[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') return [fieldProblem(field, 'type', { type: 'string' })];
  return value.length > limit ? [fieldProblem(field, 'maxLength', { limit })] : [];
}

export function assigneeProblems(value: unknown): FieldProblem[] {
  if (typeof value !== 'object' || value === null) return [fieldProblem('assignee', 'required')];
  const assignee = value as Record<string, unknown>;
  if (assignee.kind === 'user') return requiredText('assignee.userId', assignee.userId, KEY_LIMIT);
  if (assignee.kind === 'team') return requiredText('assignee.teamId', assignee.teamId, KEY_LIMIT);
  return [fieldProblem('assignee.kind', 'enum', { allowedValues: 'user, team' })];
}

export const waitingReasonProblems = (value: unknown): FieldProblem[] =>
  WAITING_REASONS.includes(value as WaitingReason) ? [] : [fieldProblem('reason', 'enum', { allowedValues: WAITING_REASONS.join(', ') })];

export const levelProblems = (value: unknown): FieldProblem[] =>
  LEVELS.includes(value as Level) ? [] : [fieldProblem('level', 'enum', { allowedValues: LEVELS.join(', ') })];

/** A phone's position: optional, but when given it must be on Earth. */
export function locationProblems(value: unknown): FieldProblem[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) return [fieldProblem('location', 'type', { type: 'object' })];
  const location = value as Record<string, unknown>;
  return [
    ...bounded('location.latitude', location.latitude, -90, 90, true),
    ...bounded('location.longitude', location.longitude, -180, 180, true),
    ...bounded('location.accuracyMeters', location.accuracyMeters, 0, 100_000, false),
  ];
}

function bounded(field: string, value: unknown, min: number, max: number, required: boolean): FieldProblem[] {
  if (value === undefined) return required ? [fieldProblem(field, 'required')] : [];
  if (typeof value !== 'number' || !Number.isFinite(value)) return [fieldProblem(field, 'type', { type: 'number' })];
  if (value < min) return [fieldProblem(field, 'minimum', { limit: min })];
  if (value > max) return [fieldProblem(field, 'maximum', { limit: max })];
  return [];
}

/** Free text as kept: without the blanks around it. */
export const tidy = (value: string): string => value.trim();
export const tidyOptional = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());
