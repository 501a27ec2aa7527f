/**
 * The rule editor's form values and their conversion to and from a rule definition (rule.schemas.ts): the form keeps
 * every field a kind may have and lists as arrays; the definition leaves out what is empty, so that "all sites" is
 * sent as no list rather than an empty one, and a number left blank is not sent as null.
 */
import type { Aggregate, AlertLevel, AlertRule, Matcher, Operator, RuleCondition, RuleDefinition, RuleKind, RuleOverride, RuleScope, TxnFilter } from '../../api/alerts';

export const RULE_KINDS: readonly RuleKind[] = ['threshold', 'ratio', 'absence', 'event', 'change', 'baseline', 'composite'];
export const AGGREGATES: readonly Aggregate[] = ['avg', 'min', 'max', 'sum', 'count', 'last'];
export const OPERATORS: readonly Operator[] = ['>', '>=', '<', '<='];
export const SERIES_BY = ['device', 'site', 'channel', 'account'] as const;
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const DIRECTIONS = ['below', 'above', 'both'] as const;
/** Heartbeat vitals and counts a threshold rule can watch besides the metrics devices report. */
export const BUILT_IN_METRICS = ['cpu', 'memPct', 'diskPct', 'tempC', 'onBattery', 'logins.failed', 'logins.all', 'txn.count', 'txn.failed'] as const;
export const RULE_KEY_PATTERN = /^[a-z0-9][a-z0-9_.-]*$/;

export interface ScopeValues {
  sites: string[];
  subsystems: string[];
  deviceTypes: string[];
  devices: string[];
  labels: Matcher[];
}

export interface OverrideValues {
  scope: ScopeValues;
  threshold?: number | null;
  level?: AlertLevel | null;
}

export interface RuleFormValues {
  key: string;
  name: string;
  nameEn: string;
  description: string;
  level: AlertLevel;
  enabled: boolean;
  /** The condition as the form holds it: every kind's fields may be present; only the chosen kind's are sent. */
  condition: Partial<Record<string, unknown>> & { kind: RuleKind };
  scope: ScopeValues;
  overrides: OverrideValues[];
  forMinutes: number | null;
  keepFiringMinutes: number | null;
  groupBy: string[];
  labels: { key: string; value: string }[];
}

/** What a new condition of a kind starts with: values that pass the server's checks, to be changed. */
export function defaultCondition(kind: RuleKind): RuleCondition {
  switch (kind) {
    case 'threshold':
      return { kind, metric: 'cpu', aggregate: 'avg', windowMinutes: 10, operator: '>', threshold: 90 };
    case 'ratio':
      return { kind, numerator: { statuses: ['failed'] }, denominator: {}, windowMinutes: 10, operator: '>', thresholdPct: 5, minCount: 20 };
    case 'absence':
      return { kind, minutes: 5 };
    case 'event':
      return { kind, severities: ['critical'] };
    case 'change':
      return { kind, metric: 'cpu', windowMinutes: 10, mode: 'percent', operator: '>', threshold: 50 };
    case 'baseline':
      return { kind, metric: 'cpu', windowMinutes: 15, learnWeeks: 4, direction: 'below', deviations: 3 };
    case 'composite':
      return { kind, rules: [], withinMinutes: 10 };
  }
}

const emptyScope = (): ScopeValues => ({ sites: [], subsystems: [], deviceTypes: [], devices: [], labels: [] });
const scopeValues = (scope: RuleScope | undefined): ScopeValues => ({
  sites: scope?.sites ?? [],
  subsystems: scope?.subsystems ?? [],
  deviceTypes: scope?.deviceTypes ?? [],
  devices: scope?.devices ?? [],
  labels: scope?.labels ?? [],
});

/** The form's values for a rule being edited, or for a new one. */
export function ruleToForm(rule: AlertRule | null): RuleFormValues {
  if (!rule) {
    return {
      key: '',
      name: '',
      nameEn: '',
      description: '',
      level: 2,
      enabled: true,
      condition: { ...defaultCondition('threshold') },
      scope: emptyScope(),
      overrides: [],
      forMinutes: 0,
      keepFiringMinutes: 0,
      groupBy: [],
      labels: [],
    };
  }
  return {
    key: rule.key,
    name: rule.name,
    nameEn: rule.nameEn ?? '',
    description: rule.description ?? '',
    level: rule.level,
    enabled: rule.enabled,
    condition: { ...rule.condition },
    scope: scopeValues(rule.scope),
    overrides: rule.overrides.map((o) => ({ scope: scopeValues(o.scope), threshold: o.threshold ?? null, level: o.level ?? null })),
    forMinutes: rule.forMinutes,
    keepFiringMinutes: rule.keepFiringMinutes,
    groupBy: rule.groupBy,
    labels: Object.entries(rule.labels).map(([key, value]) => ({ key, value })),
  };
}

const trimmed = (list: readonly (string | null | undefined)[] | undefined): string[] =>
  (list ?? []).map((s) => (s ?? '').trim()).filter((s) => s !== '');
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The scope with empty lists left out (an empty list would mean the same as none, but says it twice). */
export function scopeOf(values: Partial<ScopeValues> | undefined): RuleScope {
  const scope: RuleScope = {};
  const sites = trimmed(values?.sites);
  const subsystems = trimmed(values?.subsystems);
  const deviceTypes = trimmed(values?.deviceTypes);
  const devices = trimmed(values?.devices);
  const labels = (values?.labels ?? []).filter((m) => m && m.name?.trim()).map((m) => ({ name: m.name.trim(), op: m.op, value: m.value ?? '' }));
  if (sites.length) scope.sites = sites;
  if (subsystems.length) scope.subsystems = subsystems;
  if (deviceTypes.length) scope.deviceTypes = deviceTypes;
  if (devices.length) scope.devices = devices;
  if (labels.length) scope.labels = labels;
  return scope;
}

const txnFilter = (value: unknown): TxnFilter => {
  const v = (value ?? {}) as TxnFilter;
  const out: TxnFilter = {};
  const types = trimmed(v.types);
  const channels = trimmed(v.channels);
  const statuses = trimmed(v.statuses);
  if (types.length) out.types = types;
  if (channels.length) out.channels = channels;
  if (statuses.length) out.statuses = statuses;
  return out;
};

/** Only the chosen kind's fields, blanks left out. */
export function conditionOf(values: RuleFormValues['condition']): RuleCondition {
  const c = values as Record<string, unknown>;
  const num = (name: string) => c[name] as number;
  const optionalNumber = (name: string) => (isNumber(c[name]) ? { [name]: c[name] as number } : {});
  const optionalList = (name: string) => {
    const list = trimmed(c[name] as string[] | undefined);
    return list.length ? { [name]: list } : {};
  };
  const by = typeof c.by === 'string' && c.by ? { by: c.by } : {};
  switch (values.kind) {
    case 'threshold':
      return { kind: 'threshold', metric: String(c.metric ?? '').trim(), aggregate: c.aggregate as Aggregate, windowMinutes: num('windowMinutes'), operator: c.operator as Operator, threshold: num('threshold'), ...by } as RuleCondition;
    case 'ratio':
      return {
        kind: 'ratio',
        numerator: txnFilter(c.numerator),
        denominator: txnFilter(c.denominator),
        windowMinutes: num('windowMinutes'),
        operator: c.operator as Operator,
        thresholdPct: num('thresholdPct'),
        minCount: num('minCount'),
        ...by,
      } as RuleCondition;
    case 'absence':
      return { kind: 'absence', minutes: num('minutes') };
    case 'event': {
      const attributes = ((c.attributes as Matcher[] | undefined) ?? []).filter((m) => m && m.name?.trim());
      const pattern = typeof c.messagePattern === 'string' ? c.messagePattern.trim() : '';
      return {
        kind: 'event',
        ...optionalList('eventTypes'),
        ...optionalList('severities'),
        ...(attributes.length ? { attributes } : {}),
        ...(pattern ? { messagePattern: pattern } : {}),
        ...optionalList('resolveEventTypes'),
        ...optionalNumber('resolveAfterMinutes'),
      } as RuleCondition;
    }
    case 'change':
      return { kind: 'change', metric: String(c.metric ?? '').trim(), windowMinutes: num('windowMinutes'), mode: c.mode, operator: c.operator, threshold: num('threshold') } as RuleCondition;
    case 'baseline': {
      const hours = ((c.hours as (number | null)[][] | undefined) ?? []).filter((h) => h && isNumber(h[0]) && isNumber(h[1])) as number[][];
      return {
        kind: 'baseline',
        metric: String(c.metric ?? '').trim(),
        windowMinutes: num('windowMinutes'),
        learnWeeks: num('learnWeeks'),
        direction: c.direction,
        deviations: num('deviations'),
        ...optionalNumber('minDropPct'),
        ...optionalNumber('minNormal'),
        ...(hours.length ? { hours } : {}),
      } as RuleCondition;
    }
    case 'composite':
      return { kind: 'composite', rules: trimmed(c.rules as string[]), withinMinutes: num('withinMinutes'), ...by } as RuleCondition;
  }
}

/** The definition the form describes, as the API takes it (create, replace, backtest's `proposed`). */
export function formToDefinition(values: RuleFormValues): RuleDefinition {
  const overrides: RuleOverride[] = (values.overrides ?? []).map((o) => ({
    scope: scopeOf(o.scope),
    ...(isNumber(o.threshold) ? { threshold: o.threshold } : {}),
    ...(o.level ? { level: o.level } : {}),
  }));
  const labels: Record<string, string> = {};
  for (const row of values.labels ?? []) {
    const key = row?.key?.trim();
    if (key) labels[key] = row.value ?? '';
  }
  return {
    key: values.key.trim(),
    name: values.name.trim(),
    nameEn: values.nameEn?.trim() || null,
    description: values.description?.trim() || null,
    condition: conditionOf(values.condition),
    scope: scopeOf(values.scope),
    overrides,
    level: values.level,
    forMinutes: isNumber(values.forMinutes) ? values.forMinutes : 0,
    keepFiringMinutes: isNumber(values.keepFiringMinutes) ? values.keepFiringMinutes : 0,
    ...(trimmed(values.groupBy).length ? { groupBy: trimmed(values.groupBy) } : {}),
    labels,
    enabled: values.enabled,
  };
}

/** Whether a kind has a threshold that an override can replace (thresholdPct for ratios, deviations for baselines). */
export const hasThreshold = (kind: RuleKind): boolean => kind === 'threshold' || kind === 'ratio' || kind === 'change' || kind === 'baseline';

/** A rule's threshold as the overrides and the backtest speak of it. */
export function thresholdOf(condition: RuleCondition): number | null {
  switch (condition.kind) {
    case 'threshold':
    case 'change':
      return condition.threshold;
    case 'ratio':
      return condition.thresholdPct;
    case 'baseline':
      return condition.deviations;
    default:
      return null;
  }
}

/** A server's field problem placed on the form: the path of the field in the form, and the problem as sent. */
export interface PlacedProblem {
  name: (string | number)[];
  field: string;
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

/** `body/condition/threshold` or `/overrides/0/threshold` → ['condition', 'threshold'] / ['overrides', 0, 'threshold']. */
export function formPath(field: string): (string | number)[] {
  const bare = field.replace(/^\//, '').replace(/^body(?:[./]|$)/, '');
  return bare
    .split(/[./]/)
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The per-field problems of a refused rule (VALIDATION_FAILED's list), each with where it sits in the form. */
export function placedProblems(details: unknown): PlacedProblem[] {
  if (!Array.isArray(details)) return [];
  const out: PlacedProblem[] = [];
  for (const item of details as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { field, code, params, message } = item as Record<string, unknown>;
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    out.push({
      name: formPath(field),
      field,
      message,
      ...(typeof code === 'string' && { code }),
      ...(typeof params === 'object' && params !== null && { params: params as Record<string, string | number> }),
    });
  }
  return out;
}
