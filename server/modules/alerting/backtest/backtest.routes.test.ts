import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { uid } from '../../../testing/sample.ts';
import { estateFixtures } from '../../estate/estate.fixtures.ts';

type Interval = { series: string; start: string; end: string | null; minutes: number; peak: number | null; labels: Record<string, string> };
type Outcome = { intervals: Interval[]; alerts: number; firingMinutes: number; truncated: boolean };
type Result = { from: string; to: string; current: Outcome | null; proposed: Outcome | null; actual: Outcome | null; chart: { series: string; points: [number, number | null][]; currentThreshold: number | null; proposedThreshold: number | null } };
type Problem = { field: string; code: string };

const MIN = 60_000;
const LATENCY = 'app.txn_latency_ms';

/**
 * Backtests end to end through the API, over telemetry written straight into the stored tables (as ingest leaves it):
 * exact firing intervals for each kind of data the rules read, `for` and `keep firing for`, per-site scope, bad input.
 */
describeEachDatabase('alert rule backtests on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let fx: ReturnType<typeof estateFixtures>;
  let siteA: { id: string; code: string };
  let siteB: { id: string; code: string };
  /** the last whole minute before now: every backtest ends there */
  let to: number;
  /** 20 hours before it: the data of each test starts here, inside a one-day backtest */
  let base: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    fx = estateFixtures(t);
    siteA = await fx.site(admin, { code: `bt-a-${uid()}` });
    siteB = await fx.site(admin, { code: `bt-b-${uid()}` });
    to = t.clock.now() - (t.clock.now() % MIN);
    base = to - 20 * 60 * MIN;
  });
  afterAll(async () => t.close());

  const at = (minute: number) => base + minute * MIN;
  const iso = (minute: number) => new Date(at(minute)).toISOString();
  const span = (i: Interval) => [i.series, i.start, i.end];

  const device = (siteId: string, type: string, subsystem = 'core') => fx.device(admin, siteId, { code: `BT-${type.toUpperCase()}-${uid()}`, type, subsystem });

  async function rule(def: Record<string, unknown>): Promise<{ id: string; key: string }> {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/alert-rules', payload: { key: `bt-${uid()}`, name: '回测规则', level: 2, ...def } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function backtest(ruleId: string | null, body: Record<string, unknown>, caller: Caller = admin): Promise<Result> {
    const res = await post(ruleId, body, caller);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const post = (ruleId: string | null, body: unknown, caller: Caller = admin) =>
    t.call(caller, { method: 'POST', url: ruleId ? `/api/v1/alert-rules/${ruleId}/backtest` : '/api/v1/alert-rules/backtest', payload: body });

  /** One roll-up row a minute for minutes [first, last], each holding one sample of `value(minute)`. */
  async function rollups(code: string, metric: string, first: number, last: number, value: (minute: number) => number) {
    const rows = [];
    for (let m = first; m <= last; m++) {
      const v = value(m);
      rows.push({ device_code: code, metric, minute: at(m), count: 1, sum: v, min: v, max: v, last: v });
    }
    for (let i = 0; i < rows.length; i += 200) await t.db.kysely.insertInto('metric_rollups').values(rows.slice(i, i + 200)).execute();
  }

  async function event(code: string, kind: string, ts: number, data: Record<string, unknown>) {
    await t.db.kysely.insertInto('events').values({ id: newId(), kind, ts, received_at: ts, device_code: code, site_code: null, source: 'http', labels: null, data: JSON.stringify(data) }).execute();
  }

  async function txns(code: string, minute: number, count: number, failed: number) {
    const rows = Array.from({ length: count }, (_, i) => ({
      txn_id: newId(),
      event_id: newId(),
      type: 'consume',
      amount_fen: 1200,
      account: null,
      card: null,
      channel: 'wechat',
      status: i < failed ? 'failed' : 'ok',
      error_code: null,
      card_counter: null,
      balance_before_fen: null,
      balance_after_fen: null,
      device_code: code,
      site_code: null,
      device_ts: at(minute) + i * 1000,
      collected_at: at(minute) + i * 1000,
      offline: 0,
      source: 'live',
    }));
    await t.db.kysely.insertInto('transactions').values(rows).execute();
  }

  const latencyRule = (code: string, extra: Record<string, unknown> = {}) => ({
    condition: { kind: 'threshold', metric: LATENCY, aggregate: 'avg', windowMinutes: 1, operator: '>', threshold: 90 },
    scope: { devices: [code] },
    ...extra,
  });

  it('replays a threshold: a lower proposed threshold fires more often and longer, with exact intervals', async () => {
    const srv = await device(siteA.id, 'server');
    // 50 ms, but 95 in minutes 10–19 and 85 in minutes 40–49.
    await rollups(srv.code, LATENCY, 0, 120, (m) => (m >= 10 && m < 20 ? 95 : m >= 40 && m < 50 ? 85 : 50));
    const saved = await rule(latencyRule(srv.code));
    const result = await backtest(saved.id, { days: 1, proposed: { key: saved.key, name: '回测规则', level: 2, ...latencyRule(srv.code, { condition: { kind: 'threshold', metric: LATENCY, aggregate: 'avg', windowMinutes: 1, operator: '>', threshold: 80 } }) } });

    expect(result.to).toBe(new Date(to).toISOString());
    expect(result.from).toBe(new Date(to - 24 * 60 * MIN).toISOString());
    // A step judges the minute just over: minute 10's 95 fires at its end, minute 20's 50 resolves at its end.
    expect(result.current!.intervals.map(span)).toEqual([[srv.code, iso(11), iso(21)]]);
    expect(result.current).toMatchObject({ alerts: 1, firingMinutes: 10, truncated: false });
    expect(result.current!.intervals[0]).toMatchObject({ minutes: 10, peak: 95, labels: { alertname: saved.key, device: srv.code, site: siteA.code, level: '2' } });
    expect(result.proposed!.intervals.map(span)).toEqual([
      [srv.code, iso(11), iso(21)],
      [srv.code, iso(41), iso(51)],
    ]);
    expect(result.proposed).toMatchObject({ alerts: 2, firingMinutes: 20 });
    expect(result.proposed!.intervals[1]!.peak).toBe(85);
    // The chart: this device's judged value, one point a minute for a day, with both thresholds.
    expect(result.chart).toMatchObject({ series: srv.code, currentThreshold: 90, proposedThreshold: 80 });
    expect(result.chart.points).toHaveLength(24 * 60);
    const point = (minute: number) => result.chart.points.find(([time]) => time === at(minute + 1))![1];
    expect([point(9), point(10), point(45), point(130)]).toEqual([50, 95, 85, null]);
    // Nothing was raised for real.
    expect(result.actual).toEqual({ intervals: [], alerts: 0, firingMinutes: 0, truncated: false });
  });

  it('holds a proposal pending for `for` and keeps it firing for `keep firing for`', async () => {
    const srv = await device(siteA.id, 'server');
    await rollups(srv.code, LATENCY, 0, 60, (m) => (m >= 10 && m < 20 ? 95 : 50));
    const saved = await rule(latencyRule(srv.code));
    const proposal = (extra: Record<string, unknown>) => ({ key: saved.key, name: '回测规则', level: 2, ...latencyRule(srv.code, extra) });

    const delayed = await backtest(saved.id, { days: 1, proposed: proposal({ forMinutes: 3 }) });
    expect(delayed.current!.intervals.map(span)).toEqual([[srv.code, iso(11), iso(21)]]);
    expect(delayed.proposed!.intervals.map(span)).toEqual([[srv.code, iso(14), iso(21)]]);

    const kept = await backtest(saved.id, { days: 1, proposed: proposal({ keepFiringMinutes: 5 }) });
    expect(kept.proposed!.intervals.map(span)).toEqual([[srv.code, iso(11), iso(26)]]);
    expect(kept.proposed!.firingMinutes).toBe(15);
  });

  it('replays a ratio by site, which is not judged below its minimum count', async () => {
    const pos1 = await device(siteB.id, 'pos', 'consumption');
    const pos2 = await device(siteB.id, 'pos', 'consumption');
    // Minutes 0–9: 10 payments a minute over two terminals, 3 failed (30 %). Minutes 60–69: 1 payment a minute, failed.
    for (let m = 0; m < 10; m++) {
      await txns(pos1.code, m, 5, 2);
      await txns(pos2.code, m, 5, 1);
    }
    for (let m = 60; m < 70; m++) await txns(pos1.code, m, 1, 1);
    const ratio = (minCount: number) => ({
      condition: { kind: 'ratio', numerator: { statuses: ['failed'] }, denominator: {}, windowMinutes: 10, operator: '>', thresholdPct: 5, minCount, by: 'site' },
      scope: { sites: [siteB.code] },
    });
    const saved = await rule(ratio(20));
    const result = await backtest(saved.id, { days: 1, proposed: { key: saved.key, name: '回测规则', level: 1, ...ratio(5) } });
    // 20 payments are in the window from the end of minute 1 until the end of minute 18.
    expect(result.current!.intervals.map(span)).toEqual([[siteB.code, iso(2), iso(19)]]);
    expect(result.current!.intervals[0]).toMatchObject({ peak: 30, labels: { site: siteB.code, alertname: saved.key } });
    // With 5 as the minimum, the lone failures of minutes 60–69 count from the fifth on.
    expect(result.proposed!.intervals.map(span)).toEqual([
      [siteB.code, iso(1), iso(20)],
      [siteB.code, iso(65), iso(76)],
    ]);
    expect(result.proposed!.intervals[1]!.peak).toBe(100);
    expect(result.chart).toMatchObject({ series: siteB.code, currentThreshold: 5, proposedThreshold: 5 });
    // A proposal watching the second terminal alone counts its payments alone (1 failed in 5 a minute, no later ones).
    const narrower = await backtest(saved.id, { days: 1, proposed: { key: saved.key, name: '回测规则', level: 1, ...ratio(5), scope: { devices: [pos2.code] } } });
    expect(narrower.proposed!.intervals.map(span)).toEqual([[siteB.code, iso(1), iso(20)]]);
    expect(narrower.proposed!.intervals[0]!.peak).toBe(20);
    expect(narrower.current!.alerts).toBe(1);
  });

  it('replays absence from the estate\'s health history, timed from the last report', async () => {
    const gate = await device(siteA.id, 'gate', 'access');
    await t.db.kysely
      .insertInto('device_health_history')
      .values([
        { id: newId(), device_id: gate.id, at: at(-60), health: 'online', reason: null },
        { id: newId(), device_id: gate.id, at: at(30), health: 'offline', reason: JSON.stringify({ code: 'silent', values: { minutes: 3 } }) },
        { id: newId(), device_id: gate.id, at: at(50), health: 'online', reason: JSON.stringify({ code: 'reportingAgain', values: {} }) },
      ])
      .execute();
    await event(gate.code, 'heartbeat', at(27) + 10_000, { status: 'ok' });
    const absence = (minutes: number) => ({ condition: { kind: 'absence', minutes }, scope: { devices: [gate.code] } });
    const saved = await rule(absence(5));
    const result = await backtest(saved.id, { days: 1, proposed: { key: saved.key, name: '回测规则', level: 2, ...absence(10) } });
    // Last heard from at 27:10: silent 5 minutes at 32:10, judged at the end of minute 32; back at minute 50.
    expect(result.current!.intervals.map(span)).toEqual([[gate.code, iso(33), iso(51)]]);
    expect(result.proposed!.intervals.map(span)).toEqual([[gate.code, iso(38), iso(51)]]);
    expect(result.chart).toMatchObject({ series: gate.code, currentThreshold: 5, proposedThreshold: 10 });
  });

  it('replays an event rule: resolved by its resolving event, or by itself after resolveAfterMinutes', async () => {
    const ups = await device(siteA.id, 'ups');
    await event(ups.code, 'event', at(5) + 20_000, { type: 'ups.on_battery', severity: 'critical', message: '市电中断' });
    await event(ups.code, 'event', at(25) + 5_000, { type: 'ups.on_mains', severity: 'info', message: '市电恢复' });
    await event(ups.code, 'event', at(100) + 10_000, { type: 'ups.on_battery', severity: 'critical', message: '市电中断' });
    await event(ups.code, 'event', at(110), { type: 'door.opened', severity: 'info', message: '' });
    const saved = await rule({ condition: { kind: 'event', eventTypes: ['ups.on_battery'], resolveEventTypes: ['ups.on_mains'] }, scope: { devices: [ups.code] } });
    const result = await backtest(saved.id, { days: 1 });
    expect(result.proposed).toBeNull();
    // The second one has nothing resolving it: 30 minutes after 100:10 it resolves itself (judged at the end of 130).
    expect(result.current!.intervals.map(span)).toEqual([
      [ups.code, iso(6), iso(26)],
      [ups.code, iso(101), iso(131)],
    ]);
    expect(result.chart).toMatchObject({ series: ups.code, points: [], currentThreshold: null });
  });

  it('learns a baseline from the weeks before each judged hour', async () => {
    const gate = await device(siteA.id, 'gate', 'access');
    const metric = 'gate.passes_per_min';
    // 30 passes a minute in the 08:00 hour (Asia/Shanghai) of every day for two weeks and today, but 2 a minute
    // from 08:10 to 08:29 today.
    const today = Date.parse('2026-11-20T00:00:00Z');
    for (let day = 14; day >= 0; day--) {
      const hour = today - day * 24 * 60 * MIN;
      const rows = Array.from({ length: 60 }, (_, m) => {
        const v = day === 0 && m >= 10 && m < 30 ? 2 : 30;
        return { device_code: gate.code, metric, minute: hour + m * MIN, count: 1, sum: v, min: v, max: v, last: v };
      });
      await t.db.kysely.insertInto('metric_rollups').values(rows).execute();
    }
    const saved = await rule({
      condition: { kind: 'baseline', metric, windowMinutes: 10, learnWeeks: 2, direction: 'below', deviations: 3, minDropPct: 60, hours: [[8, 9]] },
      scope: { devices: [gate.code] },
      level: 1,
    });
    const result = await backtest(saved.id, { days: 1 });
    const t0 = (m: number) => new Date(today + m * MIN).toISOString();
    // 7 of the 10 minutes at 2 (average 10.4, 65 % below normal) at the end of 08:16; 6 of them at the end of 08:33.
    expect(result.current!.intervals.map(span)).toEqual([[gate.code, t0(17), t0(34)]]);
    expect(result.current!.intervals[0]!.peak).toBe(2);
    expect(result.chart.currentThreshold).toBe(-3);
  });

  it('replays heartbeat vitals, and only the devices of the sites a user may see', async () => {
    const mine = await device(siteA.id, 'server');
    const theirs = await device(siteB.id, 'server');
    for (const code of [mine.code, theirs.code]) {
      for (let m = 200; m < 205; m++) await event(code, 'heartbeat', at(m) + 15_000, { status: 'ok', cpu: 97, memPct: 40 });
      await event(code, 'heartbeat', at(205) + 15_000, { status: 'ok', cpu: 20 });
    }
    const saved = await rule({ condition: { kind: 'threshold', metric: 'cpu', aggregate: 'avg', windowMinutes: 1, operator: '>', threshold: 90 }, scope: { devices: [mine.code, theirs.code] } });
    const everyone = await backtest(saved.id, { days: 1 });
    expect(everyone.current!.intervals.map(span).sort()).toEqual(
      [
        [mine.code, iso(201), iso(206)],
        [theirs.code, iso(201), iso(206)],
      ].sort(),
    );
    const engineer = await t.userWith(admin, ['engineer'], [siteA.id]);
    const scoped = await backtest(saved.id, { days: 1 }, engineer);
    expect(scoped.current!.intervals.map(span)).toEqual([[mine.code, iso(201), iso(206)]]);
    expect(scoped.chart.series).toBe(mine.code);
    // A proposal naming the other site's code is refused as if the site did not exist.
    const other = await post(saved.id, { days: 1, proposed: { key: saved.key, name: 'x', level: 2, condition: { kind: 'absence', minutes: 5 }, scope: { sites: [siteB.code] } } }, engineer);
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details.map((p: Problem) => [p.field, p.code])).toEqual([['body.proposed.scope.sites.0', 'unknownSite']]);
    // Without alerts:read there is no backtest at all.
    const finance = await t.userWith(admin, ['finance']);
    expect((await post(saved.id, { days: 1 }, finance)).statusCode).toBe(403);
  });

  it('replays login counts per account, the account masked', async () => {
    const portal = await device(siteA.id, 'server');
    const account = `2024${uid()}`;
    const login = (minute: number, i: number, result: string) => ({
      event_id: newId(),
      account,
      ip: '10.0.0.9',
      client_device: null,
      user_agent: null,
      result,
      reason: null,
      device_code: portal.code,
      site_code: null,
      ts: at(minute) + i * 1000,
    });
    // 12 failures in minute 5 (and one success, which the failed count leaves out); 3 more in minute 30.
    await t.db.kysely.insertInto('logins').values([...Array.from({ length: 12 }, (_, i) => login(5, i, 'bad_password')), login(5, 30, 'ok'), ...[0, 1, 2].map((i) => login(30, i, 'locked'))]).execute();
    const failures = (threshold: number) => ({
      condition: { kind: 'threshold', metric: 'logins.failed', aggregate: 'count', windowMinutes: 10, operator: '>', threshold, by: 'account' },
      scope: { devices: [portal.code] },
    });
    const saved = await rule(failures(10));
    const result = await backtest(saved.id, { days: 1, proposed: { key: saved.key, name: '回测规则', level: 2, ...failures(2) } });
    const masked = result.current!.intervals[0]!.series;
    expect(masked).not.toContain(account);
    expect(masked).toBe(result.current!.intervals[0]!.labels.account);
    expect(result.current!.intervals.map(span)).toEqual([[masked, iso(6), iso(16)]]);
    expect(result.proposed!.intervals.map(span)).toEqual([
      [masked, iso(6), iso(16)],
      [masked, iso(31), iso(41)],
    ]);
    expect(result.chart.series).toBe(masked);
    const point = (minute: number) => result.chart.points.find(([time]) => time === at(minute + 1))![1];
    expect([point(5), point(14), point(30)]).toEqual([12, 12, 3]);
  });

  it('replays a composite rule from the replayed alerts of the rules it names', async () => {
    const srv = await device(siteA.id, 'server');
    const ups = await device(siteA.id, 'ups');
    await rollups(srv.code, LATENCY, 300, 340, (m) => (m >= 310 && m < 320 ? 95 : 50));
    await event(ups.code, 'event', at(305) + 1000, { type: 'ups.on_battery', severity: 'critical', message: '' });
    await event(ups.code, 'event', at(325) + 1000, { type: 'ups.on_mains', severity: 'info', message: '' });
    const a = await rule(latencyRule(srv.code));
    const b = await rule({ condition: { kind: 'event', eventTypes: ['ups.on_battery'], resolveEventTypes: ['ups.on_mains'] }, scope: { devices: [ups.code] } });
    const result = await backtest(null, { days: 1, proposed: { key: `bt-${uid()}`, name: '组合', level: 1, condition: { kind: 'composite', rules: [a.key, b.key], withinMinutes: 30 } } });
    expect(result.current).toBeNull();
    expect(result.actual).toBeNull();
    // Both fire at site A from the end of minute 310 (the UPS since 306) until the latency clears at the end of 320.
    expect(result.proposed!.intervals.map(span)).toEqual([[siteA.code, iso(311), iso(321)]]);
    expect(result.chart).toMatchObject({ series: siteA.code, points: [] });
  });

  it('shows the alerts the saved rule really raised in the range', async () => {
    const srv = await device(siteA.id, 'server');
    const saved = await rule(latencyRule(srv.code));
    const alert = (firedAt: number, resolvedAt: number | null) => ({
      id: newId(),
      fingerprint: newId(),
      rule_id: saved.id,
      source: 'rule' as const,
      name: saved.key,
      state: resolvedAt === null ? ('firing' as const) : ('resolved' as const),
      level: 2,
      rule_level: 2,
      level_reason: null,
      labels: JSON.stringify({ alertname: saved.key, device: srv.code, site: siteA.code }),
      annotations: '{}',
      detail: '{}',
      site_id: siteA.id,
      device_id: srv.id,
      subsystem: 'core',
      parent_id: null,
      group_key: newId(),
      value: 99,
      threshold: 90,
      active_at: firedAt,
      fires_at: null,
      fired_at: firedAt,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: resolvedAt,
      resolved_by: null,
      clear_since: null,
      flapping: 0,
      suppressed_by: null,
      external_id: null,
      external_url: null,
      created_at: firedAt,
      updated_at: resolvedAt ?? firedAt,
    });
    // One before the range (not shown), one in it, one still firing.
    await t.db.kysely.insertInto('alerts').values([alert(to - 30 * 60 * MIN, to - 29 * 60 * MIN), alert(at(1), at(13)), alert(at(600), null)]).execute();
    const result = await backtest(saved.id, { days: 1 });
    expect(result.actual!.intervals.map(span)).toEqual([
      [srv.code, iso(1), iso(13)],
      [srv.code, iso(600), null],
    ]);
    expect(result.actual!.alerts).toBe(2);
    expect(result.actual!.firingMinutes).toBe(12 + (to - at(600)) / MIN);
    // A user of the other site sees none of them.
    const other = await t.userWith(admin, ['engineer'], [siteB.id]);
    expect((await backtest(saved.id, { days: 1 }, other)).actual).toMatchObject({ intervals: [], alerts: 0 });
  });

  it('refuses bad proposals and ranges with a 400 naming the field', async () => {
    const srv = await device(siteA.id, 'server');
    const saved = await rule(latencyRule(srv.code));
    const refused = async (ruleId: string | null, body: unknown) => {
      const res = await post(ruleId, body);
      expect(res.statusCode, res.body).toBe(400);
      return (res.json().error.details as Problem[]).map((p) => [p.field, p.code]);
    };
    const base = { key: 'bt-bad', name: '坏规则', level: 2 };
    expect(await refused(saved.id, { days: 31 })).toEqual([['body.days', 'maximum']]);
    expect(await refused(saved.id, { days: 0 })).toEqual([['body.days', 'minimum']]);
    expect(await refused(null, { days: 7 })).toEqual([['body.proposed', 'required']]);
    expect(await refused(null, { days: 7, proposed: { ...base, condition: { kind: 'threshold', metric: 'no.such.metric', aggregate: 'avg', windowMinutes: 5, operator: '>', threshold: 1 } } })).toEqual([
      ['body.proposed.condition.metric', 'unknownMetric'],
    ]);
    expect(await refused(null, { days: 7, proposed: { ...base, condition: { kind: 'threshold', metric: 'cpu', aggregate: 'avg', windowMinutes: 0, operator: '>', threshold: 1 } } })).toEqual([
      ['body.proposed.condition.windowMinutes', 'minimum'],
    ]);
    expect(await refused(null, { days: 7, proposed: { ...base, condition: { kind: 'ratio', numerator: {}, windowMinutes: 5, operator: '>', thresholdPct: 5, minCount: 10 } } })).toEqual([
      ['body.proposed.condition.denominator', 'required'],
    ]);
    expect(await refused(null, { days: 7, proposed: { ...base, condition: { kind: 'event', messagePattern: '(a+)+$' } } })).toEqual([['body.proposed.condition.messagePattern', 'regexCatastrophic']]);
    expect(await refused(null, { days: 7, proposed: { ...base, condition: { kind: 'composite', rules: [saved.key, 'bt-nobody'], withinMinutes: 5 } } })).toEqual([
      ['body.proposed.condition.rules.1', 'unknownRule'],
    ]);
    expect(await refused(null, { days: 7, proposed: 'not a rule' })).toEqual([['body.proposed', 'type']]);
    expect((await post(newId(), { days: 7 })).statusCode).toBe(404);
  });
});
