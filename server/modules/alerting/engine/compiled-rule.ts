import type { AlertRulesTable } from '../alerting.tables.ts';
import { compileMatchers, type CompiledMatcher } from '../matchers.ts';
import type { RuleCondition, RuleOverride, RuleScope } from '../rules/rule.schemas.ts';
import type { DeviceInfo } from './directory.ts';

/**
 * A rule made ready to judge: its condition, a scope test per device (remembered, since the same devices come back
 * in every batch) and its overrides compiled, its times in milliseconds.
 */
export interface CompiledRule {
  id: string;
  key: string;
  name: string;
  version: number;
  condition: RuleCondition;
  level: 1 | 2 | 3;
  forMs: number;
  keepFiringMs: number;
  groupBy: readonly string[];
  labels: Readonly<Record<string, string>>;
  /** whether the rule watches this device */
  watches(device: DeviceInfo): boolean;
  /** whether a site (by code) is in the rule's site list (rules without one watch every site) */
  watchesSite(siteCode: string | null): boolean;
  /** the threshold and level for a device (or, with none, the rule's own) */
  settingsFor(device: DeviceInfo | null): { threshold: number | null; level: 1 | 2 | 3 };
}

/** The labels a device is matched and labelled by: its own, then opsdesk's, which win. */
export const deviceLabels = (d: DeviceInfo): Record<string, string> => ({ ...d.labels, site: d.siteCode, subsystem: d.subsystem, device: d.code, device_type: d.type });

function scopeTest(scope: RuleScope): (device: DeviceInfo) => boolean {
  const sites = scope.sites?.length ? new Set(scope.sites) : null;
  const subsystems = scope.subsystems?.length ? new Set(scope.subsystems) : null;
  const types = scope.deviceTypes?.length ? new Set(scope.deviceTypes) : null;
  const devices = scope.devices?.length ? new Set(scope.devices) : null;
  const labels: CompiledMatcher | null = scope.labels?.length ? compileMatchers(scope.labels) : null;
  return (d) =>
    (!sites || sites.has(d.siteCode)) &&
    (!subsystems || subsystems.has(d.subsystem)) &&
    (!types || types.has(d.type)) &&
    (!devices || devices.has(d.code)) &&
    (!labels || labels(deviceLabels(d)));
}

/** The threshold a condition is held to: what an override's `threshold` replaces. */
export function baseThreshold(c: RuleCondition): number | null {
  switch (c.kind) {
    case 'threshold':
    case 'change':
      return c.threshold;
    case 'ratio':
      return c.thresholdPct;
    case 'baseline':
      return c.deviations;
    case 'absence':
      return c.minutes;
    default:
      return null;
  }
}

const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export function compileRule(row: AlertRulesTable): CompiledRule {
  const condition = JSON.parse(row.condition) as RuleCondition;
  const scope = parse<RuleScope>(row.scope, {});
  const overrides = parse<RuleOverride[]>(row.overrides, []).map((o) => ({ test: scopeTest(o.scope), override: o }));
  const inScope = scopeTest(scope);
  const remembered = new Map<string, boolean>();
  const sites = scope.sites?.length ? new Set(scope.sites) : null;
  const level = row.level as 1 | 2 | 3;
  const threshold = baseThreshold(condition);
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    version: row.version,
    condition,
    level,
    forMs: row.for_ms,
    keepFiringMs: row.keep_firing_ms,
    groupBy: parse<string[]>(row.group_by, ['alertname', 'site']),
    labels: parse<Record<string, string>>(row.labels, {}),
    watches(device) {
      let yes = remembered.get(device.id);
      if (yes === undefined) {
        yes = inScope(device);
        remembered.set(device.id, yes);
      }
      return yes;
    },
    watchesSite: (siteCode) => !sites || (siteCode !== null && sites.has(siteCode)),
    settingsFor(device) {
      if (device) {
        for (const { test, override } of overrides) {
          if (test(device)) return { threshold: override.threshold ?? threshold, level: override.level ?? level };
        }
      }
      return { threshold, level };
    },
  };
}

export function compare(value: number, operator: '>' | '>=' | '<' | '<=', threshold: number): boolean {
  switch (operator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}
