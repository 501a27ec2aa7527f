import { describe, expect, it } from 'vitest';
import { defaultMetric, defaultRange } from './metricDefaults';

describe('what the charts tab opens on', () => {
  it('the business metric of the device’s type, not CPU', () => {
    expect(defaultMetric('pos', ['cpu', 'memPct', 'pos.txn_latency_ms'])).toBe('pos.txn_latency_ms');
    expect(defaultMetric('gate', ['cpu', 'gate.passes_per_min'])).toBe('gate.passes_per_min');
    expect(defaultMetric('ups', ['onBattery', 'ups.load_pct', 'ups.battery_pct'])).toBe('ups.battery_pct');
  });

  it('else any metric that is not a heartbeat vital, else the first one', () => {
    expect(defaultMetric('door', ['cpu', 'door.opens'])).toBe('door.opens');
    expect(defaultMetric('pos', ['cpu', 'memPct'])).toBe('cpu');
    expect(defaultMetric('pos', [])).toBeUndefined();
  });

  it('the smallest range covering the device’s life, at most a day', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
    expect(defaultRange(ago(30), now)).toBe('1h');
    expect(defaultRange(ago(60), now)).toBe('1h');
    expect(defaultRange(ago(61), now)).toBe('6h');
    expect(defaultRange(ago(7 * 60), now)).toBe('24h');
    expect(defaultRange(ago(30 * 24 * 60), now)).toBe('24h');
  });
});
