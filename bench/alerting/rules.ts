/**
 * The benchmark's rules: opsdesk's default rules (rules/default-rules.ts) and 20 threshold and ratio rules of a
 * campus's own, one of them the probe whose firing is timed. Each definition goes through the same reader the API
 * uses (rule-input.ts) and becomes its row through the same mapping (rule-rows.ts), then is inserted directly: what is
 * measured is evaluation, not the rules API.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { newId } from '../../server/ids.ts';
import { DEFAULT_RULES, defaultRules } from '../../server/modules/alerting/rules/default-rules.ts';
import { readDefinition } from '../../server/modules/alerting/rules/rule-input.ts';
import { definitionColumns } from '../../server/modules/alerting/rules/rule-rows.ts';
import type { RuleDefinition } from '../../server/modules/alerting/rules/rule.schemas.ts';

/** The probe: fires as soon as a probe device's last value in the minute is over 100 (window 1 min, for 0). */
export const PROBE_RULE = 'bench-probe';
export const PROBE_METRIC = 'bench.probe';
export const PROBE_THRESHOLD = 100;

/** The device types the default `terminal-silent` absence rule watches (the storm's children). */
export const FRONT_LINE_TYPES: readonly string[] = DEFAULT_RULES.find((r) => r.key === 'terminal-silent')?.scope?.deviceTypes ?? [];

const POS = ['pos'];
const SERVERS = ['server', 'database'];
const NETWORK = ['switch', 'router'];
const PAYMENTS = { channels: ['wechat', 'alipay', 'unionpay', 'bank'] };

/** The campus's own 20 rules. Background telemetry stays inside all of them; only the probe is meant to fire. */
export function benchRules(probeDevices: readonly string[]): RuleDefinition[] {
  const t = (key: string, metric: string, aggregate: 'avg' | 'min' | 'max' | 'sum' | 'count' | 'last', windowMinutes: number, operator: '>' | '<', threshold: number, deviceTypes: string[] | null, extra: Partial<RuleDefinition> = {}): RuleDefinition => ({
    key,
    name: key,
    condition: { kind: 'threshold', metric, aggregate, windowMinutes, operator, threshold },
    ...(deviceTypes && { scope: { deviceTypes } }),
    level: 3,
    ...extra,
  });
  return [
    { ...t(PROBE_RULE, PROBE_METRIC, 'last', 1, '>', PROBE_THRESHOLD, null, { level: 2 }), scope: { devices: [...probeDevices] } },
    t('pos-latency-high', 'pos.txn_latency_ms', 'avg', 5, '>', 2000, POS),
    t('pos-latency-spike', 'pos.txn_latency_ms', 'max', 1, '>', 5000, POS),
    t('uplink-saturated', 'switch.uplink_util_pct', 'avg', 5, '>', 90, NETWORK, { level: 2, forMinutes: 2 }),
    t('port-errors', 'switch.port_errors', 'sum', 10, '>', 500, NETWORK),
    t('gate-surge', 'gate.passes_per_min', 'avg', 5, '>', 200, ['gate']),
    t('ups-battery-low', 'ups.battery_pct', 'min', 5, '<', 50, ['ups'], { level: 1 }),
    t('ups-load-high', 'ups.load_pct', 'avg', 10, '>', 85, ['ups'], { level: 2 }),
    t('kiosk-paper-out', 'printer.paper_pct', 'last', 10, '<', 5, ['kiosk', 'recharge_kiosk']),
    t('app-latency-high', 'app.txn_latency_ms', 'avg', 5, '>', 1500, SERVERS, { level: 2 }),
    t('db-sessions-high', 'db.active_sessions', 'max', 5, '>', 900, SERVERS, { level: 2 }),
    // Heartbeat vitals of every device: one series per device and rule, 10,000 each.
    t('device-hot', 'tempC', 'max', 5, '>', 75, null, { level: 2 }),
    t('device-memory-full', 'memPct', 'avg', 10, '>', 95, null),
    t('network-cpu-high', 'cpu', 'avg', 5, '>', 85, NETWORK, { forMinutes: 1 }),
    t('pos-failed-payments', 'txn.failed', 'count', 10, '>', 20, POS, { level: 2 }),
    {
      key: 'pos-failure-rate',
      name: 'pos-failure-rate',
      condition: { kind: 'ratio', numerator: { statuses: ['failed'] }, denominator: {}, windowMinutes: 10, operator: '>', thresholdPct: 30, minCount: 20, by: 'device' },
      scope: { deviceTypes: POS },
      level: 2,
    },
    {
      key: 'channel-failure-rate',
      name: 'channel-failure-rate',
      condition: { kind: 'ratio', numerator: { ...PAYMENTS, statuses: ['failed'] }, denominator: PAYMENTS, windowMinutes: 5, operator: '>', thresholdPct: 10, minCount: 50, by: 'channel' },
      level: 1,
    },
    {
      key: 'refund-share-high',
      name: 'refund-share-high',
      condition: { kind: 'ratio', numerator: { types: ['refund'] }, denominator: {}, windowMinutes: 10, operator: '>', thresholdPct: 20, minCount: 50, by: 'site' },
      level: 3,
    },
    {
      key: 'card-failure-rate',
      name: 'card-failure-rate',
      condition: { kind: 'ratio', numerator: { channels: ['card'], statuses: ['failed'] }, denominator: { channels: ['card'] }, windowMinutes: 5, operator: '>', thresholdPct: 8, minCount: 30, by: 'site' },
      level: 2,
    },
    { ...t('site-login-failures', 'logins.failed', 'count', 10, '>', 200, null, { level: 2 }), condition: { kind: 'threshold', metric: 'logins.failed', aggregate: 'count', windowMinutes: 10, operator: '>', threshold: 200, by: 'site' } },
  ];
}

/**
 * The rule rows for a benchmark database: the defaults (as `ensureDefaults` would write them for this silence
 * threshold, so it adds none at start) and the bench rules, all enabled or all disabled.
 */
export async function insertRules(
  k: Kysely<Database>,
  options: { probeDevices: readonly string[]; enabled: boolean; silenceMinutes: number; own: boolean; adjust?: (def: RuleDefinition) => RuleDefinition },
  now: number,
): Promise<{ defaults: number; own: number }> {
  const defaults = defaultRules(options.silenceMinutes).map((d) => ({ def: d, builtin: 1 }));
  const own = options.own ? benchRules(options.probeDevices).map((d) => ({ def: d, builtin: 0 })) : [];
  await k.transaction().execute(async (trx) => {
    for (const { def, builtin } of [...defaults, ...own]) {
      const read = readDefinition(options.adjust ? options.adjust(def) : def, 'rule');
      if (!read.definition) throw new Error(`bench rule ${def.key} is not a valid definition: ${JSON.stringify(read.problems)}`);
      await trx
        .insertInto('alert_rules')
        .values({ id: newId(), ...definitionColumns(read.definition), enabled: options.enabled ? 1 : 0, builtin, broken: null, broken_at: null, version: 1, created_by: null, created_at: now, updated_at: now })
        .execute();
    }
  });
  return { defaults: defaults.length, own: own.length };
}
