import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import type { AlertsTable } from '../alerting.tables.ts';
import type { RuleDefinition } from '../rules/rule.schemas.ts';

/**
 * The evaluator end to end on a real app: telemetry in over HTTP, committed, delivered to the evaluator through the
 * outbox, judged, and the alert rows, their timelines and alert.changed events out — with the clock moved by hand.
 */
describeEachDatabase('the alert evaluator on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let bearer: Record<string, string>;
  let siteId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    bearer = { authorization: `Bearer ${(await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'gw', permissions: ['ingest:write'] } })).json().secret}` };
    siteId = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen2', name: '二食堂' } })).json().id as string;
    const device = async (code: string, type: string, subsystem: string, upstreamId?: string) => {
      const res = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code, name: code, type, subsystem, siteId, ...(upstreamId && { upstreamId }) } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().id as string;
    };
    await device('SRV-1', 'server', 'core');
    await device('UPS-1', 'ups', 'core');
    const sw = await device('SW-1', 'switch', 'network');
    for (const n of [1, 2, 3, 4]) await device(`POS-${n}`, 'pos', 'consumption', sw);
  });
  afterAll(async () => t.close());

  async function rule(def: Omit<RuleDefinition, 'level'> & { level?: 1 | 2 | 3 }): Promise<string> {
    const id = newId();
    const now = t.clock.now();
    await t.db.kysely
      .insertInto('alert_rules')
      .values({
        id,
        key: def.key,
        name: def.name,
        name_en: null,
        description: null,
        kind: def.condition.kind,
        condition: JSON.stringify(def.condition),
        scope: JSON.stringify(def.scope ?? {}),
        overrides: JSON.stringify(def.overrides ?? []),
        level: def.level ?? 2,
        for_ms: (def.forMinutes ?? 0) * 60_000,
        keep_firing_ms: (def.keepFiringMinutes ?? 0) * 60_000,
        group_by: JSON.stringify(def.groupBy ?? ['alertname', 'site']),
        labels: JSON.stringify(def.labels ?? {}),
        enabled: 1,
        builtin: 0,
        broken: null,
        broken_at: null,
        version: 1,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await settle();
    return id;
  }

  /** A tick at the current time, and everything delivered. */
  async function settle(): Promise<void> {
    await t.services.alertEvaluator.appendTick();
    await t.services.events.drain();
  }

  const post = async (items: unknown[]) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { ...bearer, 'content-type': 'application/json' }, payload: JSON.stringify(items) });
    expect(res.statusCode, res.body).toBe(200);
    await t.services.events.drain();
  };
  const envelope = (device: string, kind: string, data: Record<string, unknown>) => ({ id: newId(), kind, ts: new Date(t.clock.now() - 500).toISOString(), device, site: 'canteen2', data });
  const alertsOf = (ruleId: string): Promise<AlertsTable[]> => t.db.kysely.selectFrom('alerts').selectAll().where('rule_id', '=', ruleId).orderBy('created_at').execute();
  const timeline = async (alertId: string) => (await t.db.kysely.selectFrom('alert_events').select('kind').where('alert_id', '=', alertId).orderBy('at').orderBy('id').execute()).map((e) => e.kind);

  // First: a wake armed by an earlier test would go off only in real time, and could hide this one's.
  it('arms its wake for what falls due next — a pending alert’s `for`, a group’s wait — instead of leaving it to the 5 s tick', async () => {
    const evaluator = t.services.alertEvaluator;
    expect(evaluator.wakeArmedAt()).toBe(Infinity);
    const slow = await rule({ key: 'hot-room', name: 'Hot room', condition: { kind: 'threshold', metric: 'tempC', aggregate: 'max', windowMinutes: 5, operator: '>', threshold: 40 }, scope: { deviceTypes: ['server'] }, forMinutes: 1 });
    await post([envelope('SRV-1', 'heartbeat', { status: 'ok', tempC: 45 })]);
    const [pending] = await alertsOf(slow);
    expect(pending).toMatchObject({ state: 'pending', fires_at: t.clock.now() + 60_000 });
    expect(evaluator.wakeArmedAt()).toBe(pending!.fires_at);

    // A firing alert's group is due after its 30 s wait, before the pending alert's minute is up: the wake moves to it.
    const now = await rule({ key: 'fan-failed', name: 'Fan failed', condition: { kind: 'event', eventTypes: ['fan.failed'] } });
    await post([envelope('SRV-1', 'event', { type: 'fan.failed', severity: 'critical', message: 'fan 2' })]);
    const [firing] = await alertsOf(now);
    expect(firing!.state).toBe('firing');
    const group = await t.db.kysely.selectFrom('alert_groups').selectAll().where('group_key', '=', firing!.group_key).executeTakeFirstOrThrow();
    expect(group.flush_at).toBe(firing!.fired_at! + 30_000);
    expect(evaluator.wakeArmedAt()).toBe(group.flush_at);

    // The group's tick: the pending alert's instant, dropped while the earlier one was armed, is armed again.
    t.clock.set(group.flush_at!);
    await settle();
    expect(await t.db.kysely.selectFrom('alert_groups').select('notified_at').where('group_key', '=', firing!.group_key).executeTakeFirstOrThrow()).toEqual({ notified_at: group.flush_at });
    expect(evaluator.wakeArmedAt()).toBe(pending!.fires_at);
  });

  it('never arms its wake for an instant a tick has passed: a pending alert its rule no longer judges waits for the 5 s tick', async () => {
    const evaluator = t.services.alertEvaluator;
    const id = await rule({ key: 'ups-hot', name: 'UPS hot', condition: { kind: 'threshold', metric: 'tempC', aggregate: 'max', windowMinutes: 5, operator: '>', threshold: 50 }, scope: { deviceTypes: ['ups'] }, forMinutes: 1 });
    await post([envelope('UPS-1', 'heartbeat', { status: 'ok', tempC: 55 })]);
    const [pending] = await alertsOf(id);
    expect(pending!.state).toBe('pending');
    // Disabled with its alert still pending: nothing judges that alert any more.
    await t.db.kysely.updateTable('alert_rules').set({ enabled: 0, version: 2, updated_at: t.clock.now() }).where('id', '=', id).execute();
    t.clock.set(pending!.fires_at! + 60_000);
    await settle();
    expect((await alertsOf(id))[0]!.state).toBe('pending');
    // Armed at fires_at (past), each tick would wake the next at once, for ever.
    expect(evaluator.wakeArmedAt()).toBeGreaterThan(t.clock.now());
  });

  it('holds a threshold pending for its `for`, fires it, keeps it one alert, and resolves it when the average falls', async () => {
    const id = await rule({ key: 'cpu-hot', name: 'CPU hot', condition: { kind: 'threshold', metric: 'cpu', aggregate: 'avg', windowMinutes: 5, operator: '>', threshold: 90 }, scope: { deviceTypes: ['server'] }, forMinutes: 2, level: 3 });
    await post([envelope('SRV-1', 'heartbeat', { status: 'ok', cpu: 95 })]);
    let [alert] = await alertsOf(id);
    expect(alert).toMatchObject({ state: 'pending', level: 3, value: 95, threshold: 90, name: 'cpu-hot', source: 'rule' });
    expect(JSON.parse(alert!.labels)).toMatchObject({ alertname: 'cpu-hot', site: 'canteen2', device: 'SRV-1', device_type: 'server', level: '3' });

    t.clock.advance(60_000);
    await post([envelope('SRV-1', 'heartbeat', { status: 'ok', cpu: 97 })]);
    expect((await alertsOf(id))[0]!.state).toBe('pending');
    t.clock.advance(61_000);
    await settle();
    [alert] = await alertsOf(id);
    expect(alert!.state).toBe('firing');
    expect(alert!.fired_at).toBe(t.clock.now());

    // 85 % keeps the window's average above 90 % while the hot minutes are in it; it resolves once they leave.
    t.clock.advance(60_000);
    await post([envelope('SRV-1', 'heartbeat', { status: 'ok', cpu: 85 })]);
    expect((await alertsOf(id))[0]!.state).toBe('firing');
    t.clock.advance(5 * 60_000);
    await post([envelope('SRV-1', 'heartbeat', { status: 'ok', cpu: 85 })]);
    const all = await alertsOf(id);
    expect(all).toHaveLength(1);
    expect(all[0]!.state).toBe('resolved');
    expect(await timeline(all[0]!.id)).toEqual(['pending', 'firing', 'resolved']);
  });

  it('judges a ratio only past its minimum count, and fires on failed payments above 5 %', async () => {
    const id = await rule({
      key: 'pay-fail',
      name: '支付失败率',
      condition: { kind: 'ratio', numerator: { statuses: ['failed'] }, denominator: { channels: ['wechat', 'alipay'] }, windowMinutes: 10, operator: '>', thresholdPct: 5, minCount: 20 },
      level: 1,
    });
    const txn = (status: string, channel = 'wechat') => envelope('POS-1', 'txn', { txnId: newId(), type: 'consume', amountFen: 1200, channel, status });
    await post([txn('failed'), txn('ok')]);
    expect(await alertsOf(id)).toHaveLength(0);
    await post([...Array.from({ length: 17 }, () => txn('ok', 'alipay')), txn('failed', 'alipay'), txn('ok', 'cash'), txn('failed', 'cash')]);
    const [alert] = await alertsOf(id);
    // 2 failed of 20 by WeChat Pay or Alipay (cash is not in the denominator): 10 %.
    expect(alert).toMatchObject({ state: 'firing', level: 1, value: 10, threshold: 5, site_id: expect.any(String), device_id: null });
    expect(JSON.parse(alert!.detail)).toMatchObject({ code: 'ratio', values: { numerator: 2, denominator: 20 } });
  });

  it('fires an event rule on its event and resolves it on the resolving one', async () => {
    const id = await rule({ key: 'ups-battery', name: 'UPS 电池供电', condition: { kind: 'event', eventTypes: ['ups.on_battery'], resolveEventTypes: ['ups.on_mains'] }, level: 1 });
    await post([envelope('UPS-1', 'event', { type: 'ups.on_battery', severity: 'critical', message: 'Utility power failure' })]);
    expect((await alertsOf(id))[0]).toMatchObject({ state: 'firing', level: 1 });
    t.clock.advance(60_000);
    await post([envelope('UPS-1', 'event', { type: 'ups.on_mains', severity: 'info', message: 'restored' })]);
    expect((await alertsOf(id))[0]).toMatchObject({ state: 'resolved' });
  });

  it('raises one switch-down parent when the devices behind a switch fall silent, their absence alerts as its children', async () => {
    const id = await rule({ key: 'pos-silent', name: 'POS 静默', condition: { kind: 'absence', minutes: 3 }, scope: { deviceTypes: ['pos', 'switch'] }, level: 2 });
    const codes = ['SW-1', 'POS-1', 'POS-2', 'POS-3', 'POS-4'];
    await post(codes.map((code) => envelope(code, 'heartbeat', { status: 'ok' })));
    const lastHeard = t.clock.now() - 500;
    t.clock.advance(3 * 60_000 + 2_000);
    // The server and the UPS (on another port) keep reporting: this is the switch, not the site.
    await post(['SRV-1', 'UPS-1'].map((code) => envelope(code, 'heartbeat', { status: 'ok' })));
    await t.services.ingest.sweepSilentDevices();
    await t.services.events.drain();

    const children = await alertsOf(id);
    expect(children.map((a) => JSON.parse(a.labels).device).sort()).toEqual(codes.slice().sort());
    const parents = await t.db.kysely.selectFrom('alerts').selectAll().where('source', '=', 'topology').where('state', '<>', 'resolved').execute();
    expect(parents).toHaveLength(1);
    expect(parents[0]).toMatchObject({ name: 'switch-down', level: 1, state: 'firing', parent_id: null });
    expect(JSON.parse(parents[0]!.detail)).toMatchObject({ code: 'switchDown', values: { device: 'SW-1', offline: 4, total: 4 } });
    for (const child of children) expect(child).toMatchObject({ state: 'firing', parent_id: parents[0]!.id });
    // The sweep's changes were judged together: each child was raised under its parent, none attached afterwards,
    // and no other outage was raised and resolved on the way.
    expect(await t.db.kysely.selectFrom('alert_events').select('id').where('kind', '=', 'attached').where('alert_id', 'in', children.map((c) => c.id)).execute()).toEqual([]);
    expect(await t.db.kysely.selectFrom('alerts').select('id').where('source', '=', 'topology').execute()).toHaveLength(1);
    // Absence is timed from the last heartbeat the estate recorded, not from the sweep.
    expect(JSON.parse(children[0]!.detail).values.lastSeenAt).toBe(new Date(lastHeard).toISOString());

    // After the group wait paging is told of the parent, not of its children.
    t.clock.advance(31_000);
    await settle();
    const notices = (await t.db.kysely.selectFrom('domain_events').select('payload').where('type', '=', 'alert.notify').execute()).map((r) => JSON.parse(r.payload) as { labels: Record<string, string>; firing: string[] });
    expect(notices.filter((n) => n.labels.alertname === 'switch-down').map((n) => n.firing)).toEqual([[parents[0]!.id]]);
    expect(notices.filter((n) => n.labels.alertname === 'pos-silent')).toEqual([]);

    // Reporting again resolves the children, and the outage with them.
    t.clock.advance(30_000);
    await post(codes.map((code) => envelope(code, 'heartbeat', { status: 'ok' })));
    await settle();
    expect((await alertsOf(id)).every((a) => a.state === 'resolved')).toBe(true);
    expect(await t.db.kysely.selectFrom('alerts').select('state').where('id', '=', parents[0]!.id).executeTakeFirstOrThrow()).toEqual({ state: 'resolved' });
  });

  it('marks a rule that cannot be evaluated broken with its error, and the others carry on', async () => {
    const bad = await rule({ key: 'bad-pattern', name: 'bad', condition: { kind: 'event', messagePattern: '(' } });
    const row = await t.db.kysely.selectFrom('alert_rules').select(['broken']).where('id', '=', bad).executeTakeFirstOrThrow();
    expect(row.broken).toMatch(/regular expression|Invalid/i);
    const good = await rule({ key: 'paper-out', name: 'paper', condition: { kind: 'event', eventTypes: ['printer.paper_out'] } });
    await post([envelope('POS-2', 'event', { type: 'printer.paper_out', severity: 'warning', message: 'out of paper' })]);
    expect((await alertsOf(good))[0]).toMatchObject({ state: 'firing' });
  });

  it('judges a device registered after its directory was loaded, from the first event that names it', async () => {
    const id = await rule({ key: 'kiosk-silent', name: '自助机静默', condition: { kind: 'absence', minutes: 3 }, scope: { deviceTypes: ['kiosk'] }, level: 2 });
    // Registered seconds after the evaluator loaded the estate (it reloads every 30 s): its first events must not be lost.
    // (The earlier tests moved the clock past the session's idle timeout: sign in again.)
    admin = await t.loginAdmin();
    const created = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'KIOSK-9', name: 'KIOSK-9', type: 'kiosk', subsystem: 'recharge', siteId } });
    expect(created.statusCode, created.body).toBe(200);
    t.clock.advance(1_000);
    await post([envelope('KIOSK-9', 'heartbeat', { status: 'ok' })]);
    t.clock.advance(3 * 60_000 + 2_000);
    await post(['SRV-1', 'UPS-1'].map((code) => envelope(code, 'heartbeat', { status: 'ok' })));
    await t.services.ingest.sweepSilentDevices();
    await t.services.events.drain();
    await settle();
    expect((await alertsOf(id)).map((a) => [JSON.parse(a.labels).device, a.state])).toEqual([['KIOSK-9', 'firing']]);
  });
});
