/** Turns anything thrown by an API call into a message for the user, in the user's language. */
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** A problem with one field as the server states it: `code` and `params` to translate, `message` in English. */
export interface FieldProblem {
  field: string;
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

/** A field problem in the reader's language (`problem.<code>`), or the server's English when the code is new to us. */
export function describeProblem(t: TFunction, problem: Omit<FieldProblem, 'field'>): string {
  if (!problem.code) return problem.message;
  return t(`problem.${problem.code}`, { ...problem.params, defaultValue: problem.message });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "body.password" → "password": the server names the part of the request before the field. */
function formField(field: string): string {
  const bare = field.replace(/^\//, '').replace(/^(body|querystring|params|headers)[./]/, '');
  return bare.split(/[./]/)[0] ?? bare;
}

/** Field-level problems: VALIDATION_FAILED's list, or a domain error's `details.field` (USERNAME_TAKEN…). */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  if (Array.isArray(error.details)) {
    const out: FieldProblem[] = [];
    for (const item of error.details as unknown[]) {
      if (isRecord(item) && typeof item.field === 'string' && typeof item.message === 'string') {
        out.push({
          field: formField(item.field),
          message: item.message,
          ...(typeof item.code === 'string' && { code: item.code }),
          ...(isRecord(item.params) && { params: item.params as Record<string, string | number> }),
        });
      }
    }
    return out;
  }
  return [];
}

/** The form field a domain error points at through `details.field`, if any. */
export function errorField(error: unknown): string | null {
  if (!(error instanceof ApiError) || !isRecord(error.details)) return null;
  return typeof error.details.field === 'string' ? formField(error.details.field) : null;
}

export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof ApiError) || !isRecord(error.details)) return null;
  const value = error.details.retryAfterSeconds;
  return typeof value === 'number' ? value : null;
}

export function weakPasswordReasons(error: unknown): string[] {
  if (!(error instanceof ApiError) || !isRecord(error.details)) return [];
  const reasons = error.details.reasons;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [];
}

/** Plain values from `details`, offered to the translation as {{placeholders}} (e.g. {{userCount}}). */
function detailValues(error: ApiError): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (!isRecord(error.details)) return out;
  for (const [key, value] of Object.entries(error.details)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

export function describeError(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) {
    return t('error.UNKNOWN', { message: error instanceof Error ? error.message : String(error) });
  }
  const base = t(`error.${error.code}`, {
    ...detailValues(error),
    defaultValue: error.message,
    seconds: retryAfterSeconds(error) ?? '?',
  });
  if (error.code === 'WEAK_PASSWORD') {
    const reasons = weakPasswordReasons(error).map((r) => t(`password.reason.${r}`, { defaultValue: r }));
    return reasons.length > 0 ? `${base}: ${reasons.join(t('common.listSeparator'))}` : base;
  }
  if (error.code === 'VALIDATION_FAILED') {
    const problems = fieldProblems(error).map((p) => `${p.field}: ${describeProblem(t, p)}`);
    return problems.length > 0 ? `${base} (${problems.join('; ')})` : base;
  }
  return base;
}
