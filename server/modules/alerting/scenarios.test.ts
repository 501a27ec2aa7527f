import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDemoEstate } from '../../demo.ts';
import { systemContext } from '../auth/index.ts';
import type { ScenarioSpec } from '../../simulator/scenarios.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { virtualTime } from '../../testing/virtual-time.ts';
import type { Alert } from './alerts/alert.schemas.ts';

/**
 * The simulator's scenarios through the HTTP ingest API, with the default rules, on the demo campus: the right alerts
 * at the right levels, and one parent for a switch that goes down. In virtual time (testing/virtual-time.ts).
 */
const START = Date.parse('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai: the canteens are busy
const SCENARIOS: ScenarioSpec[] = [
  // POS-C2-007 hangs off SW-C2-01 too: it is back before the switch fails, so its alert stays its own.
  { name: 'pos-silent', startOffsetSec: 120, durationSec: 5 * 60 },
  { name: 'payment-failure-spike', startOffsetSec: 120, durationSec: 14 * 60 },
  { name: 'ups-on-battery', startOffsetSec: 180, durationSec: 6 * 60 },
  { name: 'switch-down', startOffsetSec: 12 * 60, durationSec: 8 * 60 },
];

describeEachDatabase('the simulator’s scenarios raise the right alerts on %s', (dialect) => {
  let t: TestApp;
  const alerts: Alert[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(START);
    const system = systemContext('test');
    await loadDemoEstate(t.services, system);
    const admin = await t.loginAdmin();
    const token = (await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'sim', permissions: ['ingest:write'] } })).json().secret as string;

    const time = virtualTime(t, { start: START, token });
    const totals = await time.simulate({ durationSeconds: 27 * 60, scenarios: SCENARIOS });
    expect(totals.accepted).toBeGreaterThan(1000);
    // Two quiet minutes after the scenarios' ends, and the group waits passed.
    await time.passTime(t.clock.now() + 2 * 60_000);

    // Signed in again: half an hour of virtual time outlasts a session left idle.
    const reader = await t.loginAdmin();
    for (let cursor: string | null = ''; cursor !== null; ) {
      const res = await t.call(reader, { method: 'GET', url: `/api/v1/alerts?limit=200${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: Alert[]; nextCursor: string | null };
      alerts.push(...page.items);
      cursor = page.nextCursor;
    }
  }, 600_000);
  afterAll(async () => t.close());

  const named = (name: string) => alerts.filter((a) => a.name === name);

  it('pos-silent: the silent terminal raises a level-2 absence alert that resolves when it reports again', () => {
    const silent = named('terminal-silent').filter((a) => a.labels.device === 'POS-C2-007' && a.parentId === null);
    expect(silent).toHaveLength(1);
    expect(silent[0]).toMatchObject({ level: 2, state: 'resolved', source: 'rule' });
  });

  it('payment-failure-spike: the payment failure rate raises a level-1 alert per affected site', () => {
    const pay = named('payment-failure-rate');
    expect(pay.length).toBeGreaterThanOrEqual(1);
    for (const a of pay) expect(a).toMatchObject({ level: 1, source: 'rule', deviceId: null, threshold: 5, firedAt: expect.any(String) });
  });

  it('ups-on-battery: the UPS on battery raises a level-1 alert that resolves on mains', () => {
    const ups = named('ups-on-battery');
    expect(ups).toHaveLength(1);
    expect(ups[0]).toMatchObject({ level: 1, state: 'resolved', labels: expect.objectContaining({ device: 'UPS-CC-01' }) });
  });

  it('switch-down: one parent for the switch, the silent terminals behind it as its children', () => {
    const parents = alerts.filter((a) => a.source === 'topology');
    expect(parents).toHaveLength(1);
    expect(parents[0]).toMatchObject({ name: 'switch-down', level: 1, labels: expect.objectContaining({ device: 'SW-C2-01' }) });
    const children = alerts.filter((a) => a.parentId === parents[0]!.id);
    expect(children.length).toBeGreaterThanOrEqual(3);
    expect(children.every((c) => c.name === 'terminal-silent')).toBe(true);
    // No terminal behind the switch has an alert of its own outside the parent.
    const behind = new Set(children.map((c) => c.labels.device));
    expect(alerts.filter((a) => a.parentId === null && a.name === 'terminal-silent' && behind.has(a.labels.device ?? '') && a.createdAt >= parents[0]!.createdAt)).toEqual([]);
  });
});
