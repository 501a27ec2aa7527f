import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.ts';
import { newId } from '../../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';

const quiet = { warn: () => {}, error: () => {}, debug: () => {} };

/**
 * Two nodes on one PostgreSQL schema, both taking telemetry for the same site: each alert fires once, not once per
 * node, because one node at a time holds the evaluator (its consumer lease). When that node stops, the other takes
 * over, rebuilds its windows from the outbox, and carries a pending alert to firing without raising it again.
 */
describe.skipIf(!process.env.OPSDESK_TEST_PG_URL)('the alert evaluator on two nodes (skipped without OPSDESK_TEST_PG_URL)', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof buildApp>>;
  let admin: Caller;
  let token: string;

  beforeAll(async () => {
    a = await createTestApp('postgres');
    b = await buildApp({ config: a.config, db: a.testDb.reopen(), clock: a.clock, signer: a.signer, logger: false, serveWeb: false });
    await b.services.events.start({ log: quiet });
    admin = await a.loginAdmin();
    token = (await a.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'gw', permissions: ['ingest:write'] } })).json().secret;
    const siteId = (await a.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'lib', name: '图书馆' } })).json().id;
    for (const code of ['SRV-A', 'SRV-B']) {
      const res = await a.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code, name: code, type: 'server', subsystem: 'core', siteId } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const now = a.clock.now();
    const rule = (key: string, forMs: number) => ({
      id: newId(),
      key,
      name: key,
      name_en: null,
      description: null,
      kind: 'threshold',
      condition: JSON.stringify({ kind: 'threshold', metric: 'cpu', aggregate: 'max', windowMinutes: 5, operator: '>', threshold: 90 }),
      scope: JSON.stringify({ sites: ['lib'] }),
      overrides: '[]',
      level: 2,
      for_ms: forMs,
      keep_firing_ms: 0,
      group_by: '["alertname","site"]',
      labels: '{}',
      enabled: 1,
      builtin: 0,
      broken: null,
      broken_at: null,
      version: 1,
      created_by: null,
      created_at: now,
      updated_at: now,
    });
    await a.db.kysely.insertInto('alert_rules').values([rule('hot-now', 0), rule('hot-later', 120_000)]).execute();
  });
  afterAll(async () => {
    await b?.app.close();
    await a?.close();
  });

  const ingest = async (app: { inject: TestApp['app']['inject'] }, device: string, cpu: number) => {
    const item = { id: newId(), kind: 'heartbeat', ts: new Date(a.clock.now() - 500).toISOString(), device, site: 'lib', data: { status: 'ok', cpu } };
    const res = await app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify([item]) });
    expect(res.json().accepted, res.body).toBe(1);
  };
  const drainBoth = async () => {
    for (let i = 0; i < 3; i++) await Promise.all([a.services.events.drain(), b.services.events.drain()]);
  };
  const alerts = (rule: string) =>
    a.db.kysely.selectFrom('alerts').innerJoin('alert_rules', 'alert_rules.id', 'alerts.rule_id').selectAll('alerts').where('alert_rules.key', '=', rule).execute();

  it('raises an alert once although both nodes took the telemetry', async () => {
    await ingest(a.app, 'SRV-A', 95);
    await ingest(b.app, 'SRV-B', 97);
    await ingest(b.app, 'SRV-A', 96);
    await drainBoth();
    const raised = await alerts('hot-now');
    expect(raised.map((r) => JSON.parse(r.labels).device).sort()).toEqual(['SRV-A', 'SRV-B']);
    expect(raised.every((r) => r.state === 'firing')).toBe(true);
    const events = await a.db.kysely.selectFrom('alert_events').select(['alert_id', 'kind']).where('alert_id', 'in', raised.map((r) => r.id)).execute();
    expect(events.filter((e) => e.kind === 'firing')).toHaveLength(2);
  });

  it('carries a pending alert to firing on the other node when the holder stops, without raising it twice', async () => {
    const pending = await alerts('hot-later');
    expect(pending.map((r) => r.state)).toEqual(['pending', 'pending']);
    // Whoever holds the evaluator stops (its lease is given up); the other node rebuilds from the outbox.
    const holder = await a.db.kysely.selectFrom('event_cursors').select('holder').where('consumer', '=', 'alerting.evaluator').executeTakeFirstOrThrow();
    const [stopping, going] = holder.holder === a.services.events.nodeId ? [a.services, b.services] : [b.services, a.services];
    await stopping.events.stop();
    a.clock.advance(121_000);
    await going.alertEvaluator.appendTick();
    for (let i = 0; i < 3; i++) await going.events.drain();
    const after = await alerts('hot-later');
    expect(after.map((r) => r.id).sort()).toEqual(pending.map((r) => r.id).sort());
    expect(after.every((r) => r.state === 'firing')).toBe(true);
    expect(after.every((r) => r.fired_at === a.clock.now())).toBe(true);
    expect((await alerts('hot-now')).filter((r) => r.state !== 'resolved')).toHaveLength(2);
  });
});
