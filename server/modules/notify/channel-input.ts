import type { TObject } from '@sinclair/typebox';
import type { FieldProblem } from '../../field-problems.ts';
import { createValidatorCompiler } from '../../http/validation.ts';

type AjvIssue = { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string };
type Validate = ((data: unknown) => boolean) & { errors?: AjvIssue[] | null };

const compile = createValidatorCompiler();
const compiled = new WeakMap<TObject, Validate>();

/**
 * Checks a channel's settings against its plug-in's schema with the validator request bodies go through (strict
 * types, unknown fields dropped, no NUL, no infinity), naming each problem as `settings.<field>` in the words the
 * console already shows for a refused body.
 */
export function settingsProblems(schema: TObject, settings: Record<string, unknown>): FieldProblem[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = compile({ schema, httpPart: 'body', method: 'POST', url: 'channel settings' } as never) as Validate;
    compiled.set(schema, validate);
  }
  if (validate(settings)) return [];
  return (validate.errors ?? []).map((issue) => {
    const missing = issue.params.missingProperty;
    const path = `${issue.instancePath}${typeof missing === 'string' ? `/${missing}` : ''}`.replace(/^\//, '').replace(/\//g, '.');
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(issue.params)) if (typeof value === 'string' || typeof value === 'number') params[key] = value;
    return { field: path ? `settings.${path}` : 'settings', code: issue.keyword, ...(Object.keys(params).length > 0 && { params }), message: issue.message ?? 'is not valid' };
  });
}
