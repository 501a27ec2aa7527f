/**
 * Field problems on nested forms. The server names a problem by its place in the request body — `settings.webhookUrl`,
 * `contacts.1.value`, `layers.0.rotation.participants.2`, `steps.1.targets.0.userId` — while formErrors.ts puts
 * problems on top-level fields only. Here each problem goes to the deepest field of the form that holds it (the
 * field itself, else the list or group around it), and what no field holds is handed back to be said another way.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { describeError, describeProblem } from './errors';

export type NamePath = (string | number)[];

export interface PathProblem {
  path: NamePath;
  text: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** "body.settings.webhookUrl" → ['settings', 'webhookUrl']; "contacts.0.value" → ['contacts', 0, 'value']. */
export function namePathOf(field: string): NamePath {
  const bare = field.replace(/^\//, '').replace(/^(body|querystring|params|headers)(?=[./]|$)[./]?/, '');
  return bare
    .split(/[./]/)
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The problems of a refusal that name a field (VALIDATION_FAILED's list, or a domain error's `details.field`), worded. */
export function pathProblems(t: TFunction, error: unknown): PathProblem[] {
  if (!(error instanceof ApiError)) return [];
  if (Array.isArray(error.details)) {
    return (error.details as unknown[]).flatMap((item) => {
      if (!isRecord(item) || typeof item.field !== 'string' || typeof item.message !== 'string') return [];
      const text = describeProblem(t, {
        message: item.message,
        ...(typeof item.code === 'string' && { code: item.code }),
        ...(isRecord(item.params) && { params: item.params as Record<string, string | number> }),
      });
      return [{ path: namePathOf(item.field), text }];
    });
  }
  if (isRecord(error.details) && typeof error.details.field === 'string') return [{ path: namePathOf(error.details.field), text: describeError(t, error) }];
  return [];
}

export const pathKey = (path: NamePath): string => JSON.stringify(path);

/**
 * Puts each problem on the deepest registered field that holds its path (`registered`: the form's field names as
 * pathKey). `rename` maps a body path to the form's own where they differ (e.g. a map sent as an object but edited as
 * rows); returning null drops the problem to `left`. Several problems on one field are all shown.
 */
export function placeProblems(
  problems: readonly PathProblem[],
  registered: ReadonlySet<string>,
  rename: (path: NamePath) => NamePath | null = (path) => path,
): { placed: { name: NamePath; errors: string[] }[]; left: PathProblem[] } {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const left: PathProblem[] = [];
  for (const problem of problems) {
    const renamed = rename(problem.path);
    let target: NamePath | null = null;
    for (let n = renamed?.length ?? 0; n > 0 && renamed; n--) {
      const prefix = renamed.slice(0, n);
      if (registered.has(pathKey(prefix))) {
        target = prefix;
        break;
      }
    }
    if (!target) {
      left.push(problem);
      continue;
    }
    const key = pathKey(target);
    const entry = byField.get(key) ?? { name: target, errors: [] };
    if (!entry.errors.includes(problem.text)) entry.errors.push(problem.text);
    byField.set(key, entry);
  }
  return { placed: [...byField.values()], left };
}
