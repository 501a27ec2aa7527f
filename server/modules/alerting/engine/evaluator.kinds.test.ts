import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import type { AlertsTable } from '../alerting.tables.ts';
import type { RuleDefinition } from '../rules/rule.schemas.ts';

/**
 * The kinds and behaviours evaluator.test.ts leaves out: change, baseline, composite, overrides, flapping, silences
 * and people's acknowledgement — each through the HTTP API, the outbox and the evaluator, with the clock moved by hand.
 */
describeEachDatabase('alert rules of every kind on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Monday 2026-11-23 10:00 in Shanghai.
    t.clock.set(Date.parse('2026-11-23T02:00:00Z'));
    admin = await t.loginAdmin();
    bearer = { authorization: `Bearer ${(await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'gw', permissions: ['ingest:write'] } })).json().secret}` };
    for (const code of ['lib', 'gym']) {
      const siteId = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code, name: code } })).json().id as string;
      for (const [device, type, subsystem] of [[`GATE-${code}`, 'gate', 'access'], [`SRV-${code}`, 'server', 'core']] as const) {
        const res = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: device, name: device, type, subsystem, siteId } });
        expect(res.statusCode, res.body).toBe(200);
      }
    }
  });
  afterAll(async () => t.close());

  async function rule(def: RuleDefinition): Promise<string> {
    // Signed in afresh: the tests move the clock past a session's idle timeout.
    admin = await t.loginAdmin();
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/alert-rules', payload: def });
    expect(res.statusCode, res.body).toBe(200);
    await settle();
    return res.json().id as string;
  }
  async function settle(): Promise<void> {
    await t.services.alertEvaluator.appendTick();
    await t.services.events.drain();
  }
  const post = async (items: unknown[]) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { ...bearer, 'content-type': 'application/json' }, payload: JSON.stringify(items) });
    expect(res.statusCode, res.body).toBe(200);
    await t.services.events.drain();
  };
  const metric = (device: string, name: string, value: number, site = 'lib') => ({ id: newId(), kind: 'metric', ts: new Date(t.clock.now() - 500).toISOString(), device, site, data: { name, value } });
  const beat = (device: string, data: Record<string, unknown>, site = 'lib') => ({ id: newId(), kind: 'heartbeat', ts: new Date(t.clock.now() - 500).toISOString(), device, site, data: { status: 'ok', ...data } });
  const alertsOf = (ruleId: string): Promise<AlertsTable[]> => t.db.kysely.selectFrom('alerts').selectAll().where('rule_id', '=', ruleId).orderBy('created_at').execute();

  it('change: a fall of more than half from ten minutes before', async () => {
    const id = await rule({ key: 'queue-collapse', name: 'queue', level: 3, condition: { kind: 'change', metric: 'ticket.queue_len', windowMinutes: 10, mode: 'percent', operator: '<', threshold: -50 } });
    await post([metric('GATE-lib', 'ticket.queue_len', 40)]);
    t.clock.advance(10 * 60_000);
    await post([metric('GATE-lib', 'ticket.queue_len', 30)]);
    expect(await alertsOf(id)).toEqual([]);
    t.clock.advance(60_000);
    await post([metric('GATE-lib', 'ticket.queue_len', 40)]);
    t.clock.advance(10 * 60_000);
    await post([metric('GATE-lib', 'ticket.queue_len', 10)]);
    const [alert] = await alertsOf(id);
    expect(alert).toMatchObject({ state: 'firing', value: -75 });
  });

  it('baseline: a gate far below its normal for this hour of the week, learned from the roll-ups of earlier weeks', async () => {
    // Four earlier Mondays, 09:30–10:30 local: about 30 passes a minute, give or take.
    const rows = [];
    for (let week = 1; week <= 4; week++) {
      for (let m = -30; m < 30; m++) {
        const minute = t.clock.now() - week * 7 * 86_400_000 + m * 60_000;
        const value = 30 + ((m * 7 + week) % 5) - 2;
        rows.push({ device_code: 'GATE-lib', metric: 'gate.passes_per_min', minute: minute - (minute % 60_000), count: 1, sum: value, min: value, max: value, last: value });
      }
    }
    await t.db.kysely.insertInto('metric_rollups').values(rows).execute();
    const id = await rule({
      key: 'gate-drop',
      name: 'gate drop',
      level: 1,
      condition: { kind: 'baseline', metric: 'gate.passes_per_min', windowMinutes: 5, learnWeeks: 4, direction: 'below', deviations: 3, minDropPct: 60, minNormal: 5 },
      scope: { deviceTypes: ['gate'] },
    });
    await post([metric('GATE-lib', 'gate.passes_per_min', 29)]);
    expect(await alertsOf(id)).toEqual([]);
    t.clock.advance(60_000);
    await post([metric('GATE-lib', 'gate.passes_per_min', 2)]);
    t.clock.advance(60_000);
    await post([metric('GATE-lib', 'gate.passes_per_min', 1)]);
    t.clock.advance(60_000);
    await post([metric('GATE-lib', 'gate.passes_per_min', 0)]);
    const [alert] = await alertsOf(id);
    expect(alert).toMatchObject({ state: 'firing', level: 1 });
    expect(JSON.parse(alert!.detail).values).toMatchObject({ normal: expect.any(Number), direction: 'below' });
    expect(JSON.parse(alert!.detail).values.normal).toBeGreaterThan(25);
  });

  it('baseline on a heartbeat vital: learned from the stored heartbeats, which are never rolled up', async () => {
    const rows = [];
    for (let week = 1; week <= 2; week++) {
      for (let m = -30; m < 30; m++) {
        const ts = t.clock.now() - week * 7 * 86_400_000 + m * 60_000;
        rows.push({ id: newId(), kind: 'heartbeat', ts, received_at: ts, device_code: 'SRV-gym', site_code: 'gym', source: 'http', labels: null, data: JSON.stringify({ status: 'ok', cpu: 20 + (m % 3) }) });
      }
    }
    await t.db.kysely.insertInto('events').values(rows).execute();
    const id = await rule({
      key: 'cpu-unusual',
      name: 'cpu unusual',
      level: 3,
      condition: { kind: 'baseline', metric: 'cpu', windowMinutes: 2, learnWeeks: 2, direction: 'above', deviations: 4 },
      scope: { devices: ['SRV-gym'] },
    });
    await post([beat('SRV-gym', { cpu: 21 }, 'gym')]);
    expect(await alertsOf(id)).toEqual([]);
    t.clock.advance(60_000);
    await post([beat('SRV-gym', { cpu: 85 }, 'gym')]);
    t.clock.advance(60_000);
    await post([beat('SRV-gym', { cpu: 88 }, 'gym')]);
    const [alert] = await alertsOf(id);
    expect(alert).toMatchObject({ state: 'firing' });
    expect(JSON.parse(alert!.detail).values.normal).toBeCloseTo(20, 0);
  });

  it('overrides: another threshold and level for part of the scope; composite: two rules firing at one site', async () => {
    const disk = await rule({
      key: 'disk',
      name: 'disk',
      level: 3,
      condition: { kind: 'threshold', metric: 'diskPct', aggregate: 'max', windowMinutes: 5, operator: '>', threshold: 90 },
      overrides: [{ scope: { sites: ['gym'] }, threshold: 70, level: 1 }],
    });
    const mem = await rule({ key: 'mem', name: 'mem', level: 3, condition: { kind: 'threshold', metric: 'memPct', aggregate: 'max', windowMinutes: 5, operator: '>', threshold: 90 } });
    const both = await rule({ key: 'disk-and-mem', name: 'both', level: 2, condition: { kind: 'composite', rules: ['disk', 'mem'], withinMinutes: 10 } });
    await post([beat('SRV-lib', { diskPct: 80, memPct: 95 }), beat('SRV-gym', { diskPct: 80 }, 'gym')]);
    await settle();
    const disks = await alertsOf(disk);
    expect(disks.map((a) => [JSON.parse(a.labels).device, a.level, a.threshold])).toEqual([['SRV-gym', 1, 70]]);
    expect(await alertsOf(both)).toEqual([]);
    t.clock.advance(60_000);
    await post([beat('SRV-gym', { diskPct: 81, memPct: 96 }, 'gym')]);
    await settle();
    const composite = await alertsOf(both);
    expect(composite).toHaveLength(1);
    expect(composite[0]).toMatchObject({ state: 'firing', level: 2, device_id: null });
    expect(JSON.parse(composite[0]!.labels)).toMatchObject({ site: 'gym' });
    expect((await alertsOf(mem)).length).toBe(2);
  });

  it('flapping: an alert that fires over and over is kept open and quiet instead of resolving and firing again', async () => {
    const id = await rule({ key: 'temp', name: 'temp', level: 3, condition: { kind: 'threshold', metric: 'tempC', aggregate: 'last', windowMinutes: 1, operator: '>', threshold: 60 } });
    for (let i = 0; i < 6; i++) {
      t.clock.advance(60_000);
      await post([beat('SRV-lib', { tempC: 70 })]);
      t.clock.advance(60_000);
      await post([beat('SRV-lib', { tempC: 40 })]);
    }
    const rows = await alertsOf(id);
    const open = rows.filter((a) => a.state !== 'resolved');
    expect(open).toHaveLength(1);
    expect(open[0]!.flapping).toBe(1);
    // Far fewer rows than flips: once flapping, it stopped resolving.
    expect(rows.length).toBeLessThanOrEqual(6);
    const timeline = await t.db.kysely.selectFrom('alert_events').select(['kind', 'detail']).where('alert_id', '=', open[0]!.id).execute();
    expect(timeline.some((e) => e.kind === 'flapping' || JSON.parse(e.detail ?? '{}').flapping === true)).toBe(true);
    // Paging is never told of it while it flaps.
    t.clock.advance(40_000);
    await settle();
    const notices = (await t.db.kysely.selectFrom('domain_events').select('payload').where('type', '=', 'alert.notify').execute()).map((r) => JSON.parse(r.payload) as { firing: string[] });
    expect(notices.some((n) => n.firing.includes(open[0]!.id))).toBe(false);
  });

  it('a silence made through the API keeps a firing alert quiet within a tick, and an acknowledgement survives re-evaluation', async () => {
    const id = await rule({ key: 'cpu', name: 'cpu', level: 3, condition: { kind: 'threshold', metric: 'cpu', aggregate: 'max', windowMinutes: 5, operator: '>', threshold: 90 } });
    await post([beat('SRV-gym', { cpu: 99 }, 'gym')]);
    const [alert] = await alertsOf(id);
    expect(alert).toMatchObject({ state: 'firing', suppressed_by: null });
    const silence = await t.call(admin, { method: 'POST', url: '/api/v1/silences', payload: { matchers: [{ name: 'alertname', op: '=', value: 'cpu' }, { name: 'site', op: '=', value: 'gym' }], endsAt: new Date(t.clock.now() + 3_600_000).toISOString(), comment: '扩容中' } });
    expect(silence.statusCode, silence.body).toBe(200);
    await settle();
    expect((await alertsOf(id))[0]!.suppressed_by).toBe(`silence:${silence.json().id}`);

    const ack = await t.call(admin, { method: 'POST', url: `/api/v1/alerts/${alert!.id}/ack`, payload: { comment: '在看' } });
    expect(ack.statusCode, ack.body).toBe(200);
    t.clock.advance(60_000);
    await post([beat('SRV-gym', { cpu: 98 }, 'gym')]);
    expect((await alertsOf(id))[0]).toMatchObject({ state: 'acknowledged', acknowledged_by: admin.userId });
    t.clock.advance(6 * 60_000);
    await post([beat('SRV-gym', { cpu: 10 }, 'gym')]);
    const [done] = await alertsOf(id);
    expect(done).toMatchObject({ state: 'resolved', acknowledged_by: admin.userId, resolved_by: null });
  });
});
