import type { TObject, TSchema } from '@sinclair/typebox';
import type { FieldProblem } from '../../../field-problems.ts';
import { createValidatorCompiler } from '../../../http/validation.ts';
import { CONDITION_SCHEMAS, RULE_KINDS, RuleDefinition } from './rule.schemas.ts';

/**
 * Reads a rule definition as sent — an API body or one entry of a rule document — against RuleDefinition, with the
 * same validator every request body goes through (strict types, unknown fields dropped, no NUL, no infinity).
 *
 * The condition is checked against its own kind's schema only (if kind = ratio then RatioCondition), as RuleCondition's
 * discriminator does for request bodies, but with an unknown kind refused as an `enum` naming the kinds: one problem
 * per real fault, in the words every form already shows.
 */

type AjvIssue = { instancePath: string; schemaPath: string; keyword: string; params: Record<string, unknown>; message?: string };
type Validate = ((data: unknown) => boolean) & { errors?: AjvIssue[] | null };

const branches: readonly TObject[] = CONDITION_SCHEMAS;

/** The condition as "kind is one of these, and the schema of that kind". */
const ConditionByKind = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string', enum: [...RULE_KINDS] } },
  allOf: branches.map((branch) => ({
    if: { type: 'object', required: ['kind'], properties: { kind: { const: (branch.properties.kind as TSchema & { const: string }).const } } },
    then: branch,
  })),
};

const CheckedDefinition = { ...RuleDefinition, properties: { ...RuleDefinition.properties, condition: ConditionByKind } };

const validate = createValidatorCompiler()({ schema: CheckedDefinition, httpPart: 'body', method: 'POST', url: 'alert rule definition' } as never) as Validate;

/** Ajv's params a person can read, as the error handler keeps them (http/error-handler.ts). */
function readableParams(params: Record<string, unknown>): Record<string, string | number> | undefined {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) out[key] = value.join(', ');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A union of plain values (level 1 | 2 | 3, text | null) fails with one issue per alternative and one for the union:
 * said once, as what is allowed. Issues inside the kind-picked condition (`if`) and of other unions stay as they are.
 */
function tidy(issues: AjvIssue[]): AjvIssue[] {
  let out = issues.filter((i) => i.keyword !== 'if' && i.keyword !== 'anyOf');
  for (const union of issues.filter((i) => i.keyword === 'anyOf')) {
    const inside = out.filter((i) => i.schemaPath.startsWith(`${union.schemaPath}/`));
    const plain = inside.length > 0 && inside.every((i) => i.instancePath === union.instancePath);
    if (!plain) continue;
    out = out.filter((i) => !inside.includes(i));
    if (inside.every((i) => i.keyword === 'const')) {
      const allowed = inside.map((i) => String(i.params.allowedValue)).join(', ');
      out.push({ ...union, keyword: 'enum', params: { allowedValues: allowed }, message: `must be one of ${allowed}` });
    } else if (inside.every((i) => i.keyword === 'type')) {
      const types = inside.map((i) => String(i.params.type)).join(', ');
      out.push({ ...union, keyword: 'type', params: { type: types }, message: `must be ${types}` });
    } else {
      out.push(...inside);
    }
  }
  return out;
}

/** "condition.windowMinutes", "body.scope.labels.0.value": the issue's place, under `prefix` when there is one. */
function fieldOf(issue: AjvIssue, prefix: string): string {
  const missing = issue.params.missingProperty;
  const path = `${issue.instancePath}${typeof missing === 'string' ? `/${missing}` : ''}`.replace(/^\//, '').replace(/\//g, '.');
  return [prefix, path].filter(Boolean).join('.') || prefix || 'rule';
}

export type DefinitionRead = { definition: RuleDefinition; problems: [] } | { definition: null; problems: FieldProblem[] };

/**
 * The definition, checked, or what is wrong with it field by field. Like Fastify's validation of a body, it drops
 * unknown fields from the value it is given (which is not copied first: a hostile body nested thousands deep would
 * overflow the stack of structuredClone, while the validator stops at the first level that has the wrong type).
 * `prefix` is where the definition sits in the request ("body" for the API; "" in a document's results, which name
 * each rule already).
 */
export function readDefinition(value: unknown, prefix: string): DefinitionRead {
  if (validate(value)) return { definition: value as RuleDefinition, problems: [] };
  const problems = tidy(validate.errors ?? []).map((issue): FieldProblem => {
    const params = readableParams(issue.params);
    return { field: fieldOf(issue, prefix), code: issue.keyword, ...(params && { params }), message: issue.message ?? 'is invalid' };
  });
  return { definition: null, problems };
}
