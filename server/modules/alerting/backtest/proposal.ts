import { ConflictError } from '../../../errors.ts';
import { invalidFields, type FieldProblem } from '../../../field-problems.ts';
import type { Executor } from '../../../db/types.ts';
import type { Actor } from '../../auth/index.ts';
import { siteRecords } from '../../sites/index.ts';
import type { AlertRulesTable } from '../alerting.tables.ts';
import { compileRule, type CompiledRule } from '../engine/compiled-rule.ts';
import { indexRules } from '../engine/observe.ts';
import { isAlwaysKnownMetric, REPORTED_METRIC_DAYS } from '../rules/known-metrics.ts';
import { compositeProblems, definitionProblems, type RuleCheckContext } from '../rules/rule-checks.ts';
import { readDefinition } from '../rules/rule-input.ts';
import { compositeRefs, definitionColumns, parseRule } from '../rules/rule-rows.ts';
import type { RuleDefinition } from '../rules/rule.schemas.ts';
import { alertRulesRepository } from '../rules/rules.repository.ts';

const DAY = 86_400_000;
/** The id a proposal is replayed under: never a stored rule's (those are ULIDs). */
export const PROPOSED_ID = 'proposed';

/**
 * A proposed definition checked as the rules service checks one before saving it (rule-input.ts for its shape,
 * rule-checks.ts for names that must exist, patterns that must compile, composites that must not loop), each problem
 * naming its field under `body.proposed`. One difference: a user limited to some sites may try a rule that names no
 * sites (the rules service makes them name theirs only when saving, so that nobody watches what they cannot see); the
 * backtest reads their sites' devices alone anyway.
 */
export async function checkedProposal(
  db: Executor,
  actor: Actor,
  raw: unknown,
  options: { silenceMinutes: number; now: number; rules: readonly AlertRulesTable[] },
): Promise<RuleDefinition> {
  const read = readDefinition(raw, 'body.proposed');
  if (!read.definition) throw invalidFields(read.problems);
  const def = read.definition;
  const since = options.now - REPORTED_METRIC_DAYS * DAY;
  const check: RuleCheckContext = {
    silenceMinutes: options.silenceMinutes,
    siteCodes: new Set((await siteRecords.allVisible(db, actor.siteIds)).map((s) => s.code)),
    scoped: false,
    knownMetric: (metric) => (isAlwaysKnownMetric(metric) ? Promise.resolve(true) : alertRulesRepository.metricReportedSince(db, metric, since)),
  };
  const graph = new Map<string, readonly string[]>();
  for (const row of options.rules) {
    try {
      graph.set(row.key, compositeRefs(parseRule(row).condition));
    } catch {
      graph.set(row.key, []);
    }
  }
  const problems: FieldProblem[] = [...(await definitionProblems(def, check)), ...compositeProblems(def, graph)].map((p) => ({ ...p, field: `body.proposed.${p.field}` }));
  if (problems.length > 0) throw invalidFields(problems);
  return def;
}

/** The proposal as a rule ready to judge, as if stored. */
export function compileProposal(def: RuleDefinition): CompiledRule {
  return ready(compileRule({ id: PROPOSED_ID, ...definitionColumns(def), enabled: 1, builtin: 0, broken: null, broken_at: null, version: 0, created_by: null, created_at: 0, updated_at: 0 }));
}

/** A stored rule ready to judge; one that cannot be (its stored JSON or pattern is broken) is a 409, not a 500. */
export function compileStored(row: AlertRulesTable): CompiledRule {
  try {
    return ready(compileRule(row));
  } catch (error) {
    throw new ConflictError(`The rule ${row.key} cannot be evaluated as stored: ${(error as Error).message}`, 'RULE_UNREADABLE', { rule: row.key });
  }
}

/** Throws what the evaluator would mark the rule broken for (a pattern that does not compile). */
function ready(rule: CompiledRule): CompiledRule {
  indexRules([rule], (_rule, error) => {
    throw error;
  });
  return rule;
}
