import { Type, type Static } from '@sinclair/typebox';
import safeRegex from 'safe-regex2';
import { fieldProblem, type FieldProblem } from '../../field-problems.ts';
import { StringEnum } from '../../http/schemas.ts';

/**
 * Label matchers, as Alertmanager writes them: `name = value`, `!=`, `=~ regex`, `!~ regex`, the regex anchored at
 * both ends. Silences, inhibition, maintenance windows and rule scopes all select alerts or devices with these.
 */
export const MATCH_OPS = ['=', '!=', '=~', '!~'] as const;
export type MatchOp = (typeof MATCH_OPS)[number];

export const Matcher = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' }),
    op: StringEnum(MATCH_OPS),
    value: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type Matcher = Static<typeof Matcher>;
export const Matchers = Type.Array(Matcher, { maxItems: 20 });

export type Labels = Readonly<Record<string, string>>;

/** A matcher ready to test: its regex compiled once. */
export type CompiledMatcher = (labels: Labels) => boolean;

/**
 * Checks what the schema cannot: that a regex compiles and cannot take exponential time (safe-regex2's star-height
 * test: nested repetition such as `(a+)+` is refused). `field` is where the matchers sit in the request.
 */
export function matcherProblems(matchers: readonly Matcher[], field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  matchers.forEach((m, i) => {
    if (m.op !== '=~' && m.op !== '!~') return;
    const problem = regexProblem(m.value, `${field}.${i}.value`);
    if (problem) problems.push(problem);
  });
  return problems;
}

/** A pattern's problem (does not compile, or could take exponential time), or null. */
export function regexProblem(pattern: string, field: string): FieldProblem | null {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return fieldProblem(field, 'regexInvalid', { detail: (error as Error).message });
  }
  if (!safeRegex(pattern)) return fieldProblem(field, 'regexCatastrophic');
  return null;
}

export function compileMatcher(m: Matcher): CompiledMatcher {
  switch (m.op) {
    case '=':
      return (labels) => (labels[m.name] ?? '') === m.value;
    case '!=':
      return (labels) => (labels[m.name] ?? '') !== m.value;
    case '=~': {
      const re = new RegExp(`^(?:${m.value})$`, 'u');
      return (labels) => re.test(labels[m.name] ?? '');
    }
    case '!~': {
      const re = new RegExp(`^(?:${m.value})$`, 'u');
      return (labels) => !re.test(labels[m.name] ?? '');
    }
  }
}

/** All must match; no matchers match everything. */
export function compileMatchers(matchers: readonly Matcher[]): CompiledMatcher {
  const compiled = matchers.map(compileMatcher);
  return (labels) => compiled.every((test) => test(labels));
}

/** `site="canteen-2", device=~"POS-.*"`: how the console and logs show matchers. */
export const formatMatchers = (matchers: readonly Matcher[]): string => matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ');
