/** Turns anything thrown by an API call into a message for the user, in the user's language. */
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

export interface FieldProblem {
  field: string;
  message: string;
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
        out.push({ field: formField(item.field), message: item.message });
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
    const problems = fieldProblems(error).map((p) => `${p.field}: ${p.message}`);
    return problems.length > 0 ? `${base} (${problems.join('; ')})` : base;
  }
  return base;
}
