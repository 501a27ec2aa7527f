import { describe, expect, it } from 'vitest';
import type { BatchSignals } from '../../../events/index.ts';
import { HEARTBEAT_VITALS } from '../../ingest/index.ts';
import { validateEnvelope, type ValidEnvelope } from '../../ingest/envelope.validate.ts';
import { createSignalsBuilder } from '../../ingest/signals.ts';
import type { AlertRulesTable } from '../alerting.tables.ts';
import { compileRule } from './compiled-rule.ts';
import type { DeviceInfo, Directory } from './directory.ts';
import { createSeriesStore, indexRules, observeSignals } from './observe.ts';
import { MINUTE } from './windows.ts';

/**
 * Heartbeat vitals travel as one row per heartbeat (ingest/signals.ts) instead of one sample row per vital and minute:
 * the evaluator must fold them into exactly the buckets the sample rows gave — and still read batches stored before,
 * which carry vitals as sample rows.
 */
const NOW = Date.parse('2026-11-23T02:00:00Z');

function device(code: string, type: string): DeviceInfo {
  return { id: `id-${code}`, code, name: code, siteId: 'site-1', siteCode: 'lib', zone: 'Asia/Shanghai', subsystem: 'core', type, labels: {}, upstreamId: null, maintenance: false, health: 'up', lastSeenAt: null };
}

function directoryOf(devices: DeviceInfo[]): Directory {
  const byCode = new Map(devices.map((d) => [d.code, d]));
  return {
    loadedAt: NOW,
    byCode: (code) => byCode.get(code),
    byId: (id) => devices.find((d) => d.id === id),
    siteCode: () => 'lib',
    siteZone: () => 'Asia/Shanghai',
    siteIdOf: () => 'site-1',
    downstream: () => [],
    siteDevices: () => devices,
    all: () => devices.values(),
  };
}

function thresholdRule(id: string, metric: string, deviceTypes?: string[]) {
  const row: AlertRulesTable = {
    id,
    key: id,
    name: id,
    name_en: null,
    description: null,
    kind: 'threshold',
    condition: JSON.stringify({ kind: 'threshold', metric, aggregate: 'avg', windowMinutes: 5, operator: '>', threshold: 90 }),
    scope: JSON.stringify(deviceTypes ? { deviceTypes } : {}),
    overrides: '[]',
    level: 2,
    for_ms: 0,
    keep_firing_ms: 0,
    group_by: '["alertname"]',
    labels: '{}',
    enabled: 1,
    builtin: 0,
  } as AlertRulesTable;
  return compileRule(row);
}

const envelope = (item: Record<string, unknown>): ValidEnvelope => {
  const checked = validateEnvelope(item, { now: NOW, maxFutureMs: 60_000, maxAgeMs: 86_400_000 });
  if (!checked.ok) throw new Error(JSON.stringify(checked.error));
  return checked.value;
};
let n = 0;
const beat = (code: string, ts: number, data: Record<string, unknown>) => envelope({ id: `hb-${++n}-xxxxxxxx`, kind: 'heartbeat', ts: new Date(ts).toISOString(), device: code, site: 'lib', data: { status: 'ok', ...data } });
const metric = (code: string, ts: number, name: string, value: number) => envelope({ id: `m-${++n}-xxxxxxxx`, kind: 'metric', ts: new Date(ts).toISOString(), device: code, site: 'lib', data: { name, value } });

/** The signals as ingest built them before vitals rows: one sample row per device, vital and minute, last by time. */
function asSampleRows(items: ValidEnvelope[]): BatchSignals {
  const devices: string[] = [];
  const rows = new Map<string, { row: BatchSignals['samples'][number]; lastTs: number }>();
  for (const e of items) {
    if (!devices.includes(e.device)) devices.push(e.device);
    const d = devices.indexOf(e.device);
    const minute = Math.floor(e.tsMs / MINUTE) * MINUTE;
    const values: [string, number][] =
      e.kind === 'metric'
        ? [[e.data.name as string, e.data.value as number]]
        : HEARTBEAT_VITALS.flatMap((v) => (typeof e.data[v] === 'number' ? [[v, e.data[v] as number] as [string, number]] : typeof e.data[v] === 'boolean' ? [[v, e.data[v] ? 1 : 0] as [string, number]] : []));
    for (const [name, value] of values) {
      const key = `${d}/${name}/${minute}`;
      const seen = rows.get(key);
      if (!seen) {
        rows.set(key, { row: [d, name, minute, 1, value, value, value, value], lastTs: e.tsMs });
        continue;
      }
      const r = seen.row;
      r[3] += 1;
      r[4] += value;
      r[5] = Math.min(r[5], value);
      r[6] = Math.max(r[6], value);
      if (e.tsMs >= seen.lastTs) {
        r[7] = value;
        seen.lastTs = e.tsMs;
      }
    }
  }
  return { devices, samples: [...rows.values()].map((r) => r.row), txns: [], logins: [], events: [] };
}

function buildSignals(items: ValidEnvelope[]): BatchSignals {
  const builder = createSignalsBuilder();
  for (const e of items) builder.add(e);
  return builder.build()!;
}

/** Every series' buckets after observing these batches in order, by rule and series key. */
function bucketsAfter(batches: BatchSignals[]) {
  const srv = device('SRV-1', 'server');
  const gate = device('GATE-1', 'gate');
  const index = indexRules([thresholdRule('cpu-all', 'cpu'), thresholdRule('disk-servers', 'diskPct', ['server']), thresholdRule('battery', 'onBattery'), thresholdRule('queue', 'ticket.queue_len')]);
  const store = createSeriesStore();
  for (const signals of batches) observeSignals(signals, index, directoryOf([srv, gate]), store);
  const out: Record<string, unknown> = {};
  for (const [id, s] of store.series) if (s.data.kind === 'buckets') out[id] = Object.fromEntries([...s.data.buckets.buckets].sort((a, b) => a[0] - b[0]));
  return out;
}

describe('heartbeat vitals in batch signals', () => {
  const base = Math.floor((NOW - 10 * MINUTE) / MINUTE) * MINUTE;
  // Two devices, several heartbeats a minute, out of order, two at one instant, booleans, missing vitals, and a metric
  // event named like a vital.
  const first = [
    beat('SRV-1', base + 40_000, { cpu: 95, diskPct: 80, memPct: 50 }),
    beat('SRV-1', base + 10_000, { cpu: 20, diskPct: 81 }),
    beat('GATE-1', base + 5_000, { cpu: 97, onBattery: true }),
    beat('SRV-1', base + 40_000, { cpu: 91 }),
    metric('SRV-1', base + 50_000, 'cpu', 99),
    metric('GATE-1', base + 20_000, 'ticket.queue_len', 7),
    beat('GATE-1', base + MINUTE + 1_000, { onBattery: false, tempC: 41 }),
    beat('SRV-1', base + MINUTE + 30_000, {}),
    beat('SRV-1', base + 30_000, { diskPct: 70 }),
  ];
  const second = [beat('SRV-1', base + 55_000, { cpu: 10 }), beat('SRV-1', base + MINUTE + 2_000, { cpu: 30, diskPct: 85 })];

  it('are one row per heartbeat that reported any, oldest first, and no sample rows', () => {
    const signals = buildSignals(first);
    expect(signals.samples.map((s) => s[1])).toEqual(['ticket.queue_len']);
    const srv = signals.devices.indexOf('SRV-1');
    const gate = signals.devices.indexOf('GATE-1');
    expect(signals.vitals).toEqual([
      [gate, base + 5_000, 97, null, null, null, 1],
      [srv, base + 10_000, 20, null, 81, null, null],
      [srv, base + 30_000, null, null, 70, null, null],
      [srv, base + 40_000, 95, 50, 80, null, null],
      [srv, base + 40_000, 91, null, null, null, null],
      [srv, base + 50_000, 99, null, null, null, null],
      [gate, base + MINUTE + 1_000, null, null, null, 41, 0],
    ]);
  });

  it('fold into the same buckets as one sample row per vital and minute did, batch after batch', () => {
    expect(bucketsAfter([buildSignals(first)])).toEqual(bucketsAfter([asSampleRows(first)]));
    // A minute's last is its latest heartbeat's (40 s), though the batch listed an earlier one (30 s) after it.
    expect((bucketsAfter([buildSignals(first)])['disk-servers\u0000SRV-1'] as Record<number, unknown>)[base]).toEqual({ count: 3, sum: 231, min: 70, max: 81, last: 80 });
    const now = bucketsAfter([buildSignals(first), buildSignals(second)]);
    expect(now).toEqual(bucketsAfter([asSampleRows(first), asSampleRows(second)]));
    // What that is: SRV-1's cpu in the first minute — 20, 95, 91 (the later of two at one instant), 99 — then 10.
    expect((now['cpu-all\u0000SRV-1'] as Record<number, unknown>)[base]).toEqual({ count: 5, sum: 315, min: 10, max: 99, last: 10 });
    // Scope still applies: the gate's disk is nobody's, its cpu and battery are.
    expect(Object.keys(now).sort()).toEqual(['battery\u0000GATE-1', 'cpu-all\u0000GATE-1', 'cpu-all\u0000SRV-1', 'disk-servers\u0000SRV-1', 'queue\u0000GATE-1']);
  });

  it('a batch with no heartbeat vitals carries no vitals rows', () => {
    expect(buildSignals([metric('GATE-1', base, 'ticket.queue_len', 3)]).vitals).toBeUndefined();
  });
});
