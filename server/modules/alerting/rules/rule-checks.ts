import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import { matcherProblems, regexProblem } from '../matchers.ts';
import { isLoginMetric } from './known-metrics.ts';
import type { RuleDefinition, RuleScope } from './rule.schemas.ts';

/**
 * What a rule definition must satisfy beyond its schema (SPEC C3.1–C3.2): names that exist (metrics, sites, the rules
 * a composite combines), regular expressions that compile and cannot run away, and settings that can mean something.
 * Each problem names its field relative to the rule (`condition.metric`, `scope.sites.2`); the caller adds where the
 * rule sits in the request.
 */

export interface RuleCheckContext {
  /** devices count as silent after this many minutes (OPSDESK_DEVICE_SILENCE_SECONDS, rounded up) */
  silenceMinutes: number;
  /** the site codes the caller may name: every site for a caller who sees them all, otherwise theirs */
  siteCodes: ReadonlySet<string>;
  /** a caller limited to some sites: their rules must name sites, all of them theirs */
  scoped: boolean;
  knownMetric(metric: string): Promise<boolean>;
}

const at = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

function scopeProblems(scope: RuleScope | undefined, field: string, ctx: RuleCheckContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // An unknown code and one outside the caller's sites read the same: a scoped user learns nothing of other sites.
  (scope?.sites ?? []).forEach((code, i) => {
    if (!ctx.siteCodes.has(code)) problems.push(fieldProblem(`${field}.sites.${i}`, 'unknownSite', { site: code }));
  });
  if (scope?.labels) problems.push(...matcherProblems(scope.labels, `${field}.labels`));
  return problems;
}

/** Where the metric a condition watches must have been seen (none for ratio, absence, event and composite). */
const metricOf = (def: RuleDefinition): string | null => ('metric' in def.condition ? def.condition.metric : null);

/** Everything but the composite's references, which depend on the other rules (compositeProblems). */
export async function definitionProblems(def: RuleDefinition, ctx: RuleCheckContext): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const c = def.condition;

  const metric = metricOf(def);
  if (metric !== null && !(await ctx.knownMetric(metric))) problems.push(fieldProblem('condition.metric', 'unknownMetric', { metric }));

  if (c.kind === 'threshold' && c.by === 'account' && !isLoginMetric(c.metric)) {
    problems.push(fieldProblem('condition.by', 'enum', { allowedValues: 'device, site, channel (account only for logins.* counts)' }));
  }
  if (c.kind === 'ratio' && c.by === 'account') problems.push(fieldProblem('condition.by', 'enum', { allowedValues: 'site, device, channel' }));
  if (c.kind === 'absence' && c.minutes < ctx.silenceMinutes) problems.push(fieldProblem('condition.minutes', 'absenceBelowSilence', { minutes: ctx.silenceMinutes }));
  if (c.kind === 'baseline') {
    (c.hours ?? []).forEach(([from, to], i) => {
      if (from !== undefined && to !== undefined && !(from < to)) problems.push(fieldProblem(`condition.hours.${i}`, 'timeRangeOrder', { start: String(from), end: String(to) }));
    });
  }
  if (c.kind === 'event') {
    if (c.attributes) problems.push(...matcherProblems(c.attributes, 'condition.attributes'));
    if (c.messagePattern !== undefined) {
      const problem = regexProblem(c.messagePattern, 'condition.messagePattern');
      if (problem) problems.push(problem);
    }
  }

  if (ctx.scoped && (def.scope?.sites ?? []).length === 0) problems.push(fieldProblem('scope.sites', 'required'));
  problems.push(...scopeProblems(def.scope, 'scope', ctx));
  (def.overrides ?? []).forEach((o, i) => problems.push(...scopeProblems(o.scope, at(`overrides.${i}`, 'scope'), ctx)));
  return problems;
}

/**
 * A composite's references: each must be another rule that exists, named once, and following them must never lead
 * back to this rule. `rules` maps every rule's key, as they will stand, to the keys it combines (none for the other
 * kinds); this rule's own entry is ignored.
 */
export function compositeProblems(def: RuleDefinition, rules: ReadonlyMap<string, readonly string[]>): FieldProblem[] {
  if (def.condition.kind !== 'composite') return [];
  const problems: FieldProblem[] = [];
  const refs = def.condition.rules;
  refs.forEach((ref, i) => {
    const field = `condition.rules.${i}`;
    const first = refs.indexOf(ref);
    // Ajv's own words for a repeated item, as a schema with uniqueItems would say it.
    if (first < i) problems.push({ field, code: 'uniqueItems', params: { i, j: first }, message: `must NOT have duplicate items (items ## ${first} and ${i} are identical)` });
    else if (ref === def.key) problems.push(fieldProblem(field, 'upstreamLoop', { path: `${ref} → ${ref}` }));
    else if (!rules.has(ref)) problems.push(fieldProblem(field, 'unknownRule', { rule: ref }));
  });
  if (problems.length > 0) return problems;

  const loop = loopBack(def.key, refs, rules);
  if (loop) problems.push(fieldProblem('condition.rules', 'upstreamLoop', { path: loop.join(' → ') }));
  return problems;
}

/** A path from `start` through the references back to `start`, or null when there is none. */
function loopBack(start: string, refs: readonly string[], rules: ReadonlyMap<string, readonly string[]>): string[] | null {
  const seen = new Set<string>();
  const walk = (key: string, path: string[]): string[] | null => {
    if (key === start) return [...path, key];
    if (seen.has(key)) return null;
    seen.add(key);
    for (const next of rules.get(key) ?? []) {
      const found = walk(next, [...path, key]);
      if (found) return found;
    }
    return null;
  };
  for (const ref of refs) {
    const found = walk(ref, [start]);
    if (found) return found;
  }
  return null;
}
