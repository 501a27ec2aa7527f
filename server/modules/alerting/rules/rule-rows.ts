import { createRequire } from 'node:module';
import { toIso } from '../../../clock.ts';
import { fromJsonText } from '../../../db/types.ts';
import type { AlertLevel, AlertRulesTable } from '../alerting.tables.ts';
import { CONDITION_SCHEMAS, DEFAULT_GROUP_BY, type AlertRule, type RuleCondition, type RuleDefinition, type RuleKind, type RuleOverride, type RuleScope } from './rule.schemas.ts';

/**
 * Between the table's row (snake_case, JSON text, milliseconds) and the rule as the API, rule documents and the
 * evaluator see it (camelCase, objects, minutes). The JSON columns hold canonical JSON (RFC 8785: keys sorted, no
 * spaces), so that two definitions that mean the same are the same text: that is how applying a document tells an
 * unchanged rule from an edited one.
 */

const MINUTE = 60_000;

/** A stored rule with its JSON parsed: what the evaluator and the backtest work from. */
export interface ParsedRule {
  id: string;
  key: string;
  name: string;
  nameEn: string | null;
  kind: RuleKind;
  condition: RuleCondition;
  scope: RuleScope;
  overrides: RuleOverride[];
  level: AlertLevel;
  forMs: number;
  keepFiringMs: number;
  groupBy: string[];
  labels: Record<string, string>;
  enabled: boolean;
  builtin: boolean;
  broken: string | null;
  version: number;
  updatedAt: number;
}

/** Parses a row's JSON columns. Throws (SyntaxError) on text that is not JSON: the evaluator marks such a rule broken. */
export function parseRule(row: AlertRulesTable): ParsedRule {
  const condition = fromJsonText<RuleCondition>(row.condition);
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    nameEn: row.name_en,
    kind: condition.kind,
    condition,
    scope: fromJsonText<RuleScope>(row.scope),
    overrides: fromJsonText<RuleOverride[]>(row.overrides),
    level: row.level as AlertLevel,
    forMs: Number(row.for_ms),
    keepFiringMs: Number(row.keep_firing_ms),
    groupBy: fromJsonText<string[]>(row.group_by),
    labels: fromJsonText<Record<string, string>>(row.labels),
    enabled: row.enabled === 1,
    builtin: row.builtin === 1,
    broken: row.broken,
    version: row.version,
    updatedAt: Number(row.updated_at),
  };
}

/** Each kind's fields in the order its schema declares them: kind, metric, aggregate, window, operator, threshold… */
const FIELD_ORDER = new Map(
  CONDITION_SCHEMAS.map((branch) => [branch.properties.kind.const as string, Object.keys(branch.properties)]),
);

/** The condition in its schema's order: canonical JSON sorts the keys, people read `kind` first and `metric` next. */
function inSchemaOrder(condition: RuleCondition): RuleCondition {
  const order = FIELD_ORDER.get(condition.kind) ?? [];
  const fields = condition as Record<string, unknown>;
  const known = order.filter((name) => name in fields).map((name) => [name, fields[name]]);
  const other = Object.keys(fields).filter((name) => !order.includes(name)).map((name) => [name, fields[name]]);
  return Object.fromEntries([...known, ...other]) as RuleCondition;
}

export function toRuleView(row: AlertRulesTable): AlertRule {
  const rule = parseRule(row);
  return {
    id: rule.id,
    key: rule.key,
    name: rule.name,
    nameEn: rule.nameEn,
    description: row.description,
    condition: inSchemaOrder(rule.condition),
    scope: rule.scope,
    overrides: rule.overrides,
    level: rule.level,
    forMinutes: rule.forMs / MINUTE,
    keepFiringMinutes: rule.keepFiringMs / MINUTE,
    groupBy: rule.groupBy,
    labels: rule.labels,
    enabled: rule.enabled,
    builtin: rule.builtin,
    broken: rule.broken,
    version: rule.version,
    createdAt: toIso(Number(row.created_at)),
    updatedAt: toIso(rule.updatedAt),
  };
}

/** The rule as an entry of a rule document: what applying it back would write, defaults and empty parts left out. */
export function toDefinition(row: AlertRulesTable): RuleDefinition {
  const rule = parseRule(row);
  return {
    key: rule.key,
    name: rule.name,
    ...(rule.nameEn !== null && { nameEn: rule.nameEn }),
    ...(row.description !== null && { description: row.description }),
    condition: inSchemaOrder(rule.condition),
    scope: rule.scope,
    ...(rule.overrides.length > 0 && { overrides: rule.overrides }),
    level: rule.level,
    forMinutes: rule.forMs / MINUTE,
    keepFiringMinutes: rule.keepFiringMs / MINUTE,
    groupBy: rule.groupBy,
    ...(Object.keys(rule.labels).length > 0 && { labels: rule.labels }),
    enabled: rule.enabled,
  };
}

/** The columns a definition decides; the others (id, builtin, version, times, broken) are the store's. */
export type DefinitionColumns = Pick<
  AlertRulesTable,
  'key' | 'name' | 'name_en' | 'description' | 'kind' | 'condition' | 'scope' | 'overrides' | 'level' | 'for_ms' | 'keep_firing_ms' | 'group_by' | 'labels'
>;

// As audit.chain.ts loads it: the package's CommonJS default export does not type-check as an ES import.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (value: unknown) => string | undefined;
const canonical = (value: unknown): string => canonicalize(value) ?? 'null';

/** Empty lists in a scope mean "all", as does leaving them out: stored without them, so both read the same. */
function normalScope(scope: RuleScope | undefined): RuleScope {
  const out: Record<string, unknown> = {};
  for (const [name, list] of Object.entries(scope ?? {})) if (Array.isArray(list) && list.length > 0) out[name] = list;
  return out as RuleScope;
}

/** A checked definition as the columns to store; absent optional parts take their defaults. */
export function definitionColumns(def: RuleDefinition): DefinitionColumns {
  return {
    key: def.key,
    name: def.name,
    name_en: def.nameEn ?? null,
    description: def.description ?? null,
    kind: def.condition.kind,
    condition: canonical(def.condition),
    scope: canonical(normalScope(def.scope)),
    overrides: canonical((def.overrides ?? []).map((o) => ({ ...o, scope: normalScope(o.scope) }))),
    level: def.level,
    for_ms: Math.round((def.forMinutes ?? 0) * MINUTE),
    keep_firing_ms: Math.round((def.keepFiringMinutes ?? 0) * MINUTE),
    group_by: canonical(def.groupBy ?? DEFAULT_GROUP_BY),
    labels: canonical(def.labels ?? {}),
  };
}

const DEFINITION_COLUMNS = ['key', 'name', 'name_en', 'description', 'kind', 'condition', 'scope', 'overrides', 'level', 'for_ms', 'keep_firing_ms', 'group_by', 'labels'] as const;

/** Whether storing these columns (and this enabled switch) would change nothing. */
export function sameDefinition(row: AlertRulesTable, columns: DefinitionColumns, enabled: boolean): boolean {
  // Numbers compared as numbers: a driver may hand back a bigint column as text.
  const same = (a: unknown, b: unknown) => a === b || (typeof b === 'number' && a !== null && Number(a) === b);
  return DEFINITION_COLUMNS.every((c) => same(row[c], columns[c])) && Number(row.enabled) === (enabled ? 1 : 0);
}

/** The keys a composite rule's condition names (none for the other kinds). */
export function compositeRefs(condition: RuleCondition): readonly string[] {
  return condition.kind === 'composite' ? condition.rules : [];
}
