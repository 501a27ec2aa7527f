import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { describeError, describeProblem, errorField, fieldProblems } from './errors';

/**
 * Puts a server's answer on the matching form fields: VALIDATION_FAILED's per-field list, a domain error's
 * `details.field` (USERNAME_TAKEN, INVALID_CURRENT_PASSWORD…), or `fieldFor[code]` for codes without a field
 * (WEAK_PASSWORD). Returns true when at least one field got the message, so no extra toast is needed.
 */
export function applyServerErrors<V>(
  form: FormInstance<V>,
  t: TFunction,
  error: unknown,
  fieldFor: Partial<Record<string, string>> = {},
): boolean {
  if (!(error instanceof ApiError)) return false;
  const known = new Set(Object.keys(form.getFieldsValue() as object));
  const entries: { name: string; errors: string[] }[] = [];
  for (const problem of fieldProblems(error)) {
    if (known.has(problem.field)) entries.push({ name: problem.field, errors: [describeProblem(t, problem)] });
  }
  const target = errorField(error) ?? fieldFor[error.code] ?? null;
  if (target && known.has(target)) entries.push({ name: target, errors: [describeError(t, error)] });
  if (entries.length === 0) return false;
  form.setFields(entries as Parameters<FormInstance<V>['setFields']>[0]);
  return true;
}
