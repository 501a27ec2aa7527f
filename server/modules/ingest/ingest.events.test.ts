import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DomainEvent } from '../../events/index.ts';
import { newId } from '../../ids.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

/**
 * What ingest writes to the outbox (server/events): one ingest.batch per batch with its counts, one device.health per
 * change of health, and nothing per heartbeat of a device whose health stays as it is.
 */
describeEachDatabase('the domain events of ingest on %s', (dialect) => {
  let t: TestApp;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.loginAdmin();
    bearer = { authorization: `Bearer ${(await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'gw', permissions: ['ingest:write'] } })).json().secret}` };
    const siteId = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'gym', name: '体育馆' } })).json().id;
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'GATE-GYM-1', name: '闸机', type: 'gate', subsystem: 'access', siteId } });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => t.close());

  const heartbeat = (id = newId()) => ({ id, kind: 'heartbeat', ts: new Date(t.clock.now() - 1000).toISOString(), device: 'GATE-GYM-1', site: 'gym', data: { status: 'ok' } });
  const post = async (items: unknown[]) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { ...bearer, 'content-type': 'application/json' }, payload: JSON.stringify(items) });
    expect(res.statusCode, res.body).toBe(200);
  };
  let seen = 0;
  /** The events appended since the last call, oldest first. */
  async function appended(): Promise<DomainEvent[]> {
    const rows = await t.db.kysely.selectFrom('domain_events').select(['position', 'payload']).where('position', '>', seen).orderBy('position').execute();
    if (rows.length > 0) seen = rows[rows.length - 1]!.position;
    return rows.map((r) => JSON.parse(r.payload) as DomainEvent);
  }

  it('counts each batch in one ingest.batch event, in the batch’s transaction, with what the main thread refused', async () => {
    await appended();
    const repeated = heartbeat();
    await post([repeated, heartbeat(), { kind: 'heartbeat' }, repeated]);
    const first = await appended();
    // The device's first report changed its health: that change, then the batch.
    expect(first.map((e) => e.type)).toEqual(['device.health', 'ingest.batch']);
    expect(first[1]).toMatchObject({ source: 'http', accepted: 2, duplicates: 1, rejected: 1, at: t.clock.now() });

    // A batch sent again: all duplicates. A batch all refused still gets its event (the live rate counts it).
    await post([repeated]);
    await post([{ kind: 'nonsense' }, { id: 'x' }]);
    expect(await appended()).toEqual([
      { type: 'ingest.batch', source: 'http', accepted: 0, duplicates: 1, rejected: 0, at: t.clock.now() },
      { type: 'ingest.batch', source: 'http', accepted: 0, duplicates: 0, rejected: 2, at: t.clock.now() },
    ]);
  });

  it('derives from the new events only when a batch was partly sent before: roll-ups, transactions, signals', async () => {
    const ts = new Date(t.clock.now() - 1000).toISOString();
    const txn = (amountFen: number) => ({ id: newId(), kind: 'txn', ts, device: 'GATE-GYM-1', site: 'gym', data: { txnId: `T${newId()}`, type: 'consume', amountFen, channel: 'card', status: 'ok' } });
    const metric = (value: number) => ({ id: newId(), kind: 'metric', ts, device: 'GATE-GYM-1', site: 'gym', data: { name: 'passes', value } });
    const [firstTxn, firstMetric] = [txn(100), metric(5)];
    await post([firstTxn, firstMetric]);
    await appended();

    // The same two again (a sender's retry), with two new ones.
    await post([firstTxn, txn(250), firstMetric, metric(7)]);
    const batch = (await appended()).find((e) => e.type === 'ingest.batch')!;
    expect(batch).toMatchObject({ accepted: 2, duplicates: 2 });
    const signals = (batch as Extract<DomainEvent, { type: 'ingest.batch' }>).signals!;
    expect(signals.txns.map((row) => row[5])).toEqual([1]);
    expect(signals.samples.map(([, metricName, , n, sum]) => [metricName, n, sum])).toEqual([['passes', 1, 7]]);

    const rollup = await t.db.kysely.selectFrom('metric_rollups').select(['count', 'sum']).where('device_code', '=', 'GATE-GYM-1').where('metric', '=', 'passes').executeTakeFirstOrThrow();
    expect([Number(rollup.count), Number(rollup.sum)]).toEqual([2, 12]);
    const amounts = await t.db.kysely.selectFrom('transactions').select('amount_fen').where('device_code', '=', 'GATE-GYM-1').orderBy('amount_fen').execute();
    expect(amounts.map((r) => Number(r.amount_fen))).toEqual([100, 250]);
  });

  it('writes no event per heartbeat of a device whose health stays, and one per change', async () => {
    await appended();
    await post(Array.from({ length: 50 }, () => heartbeat()));
    expect((await appended()).map((e) => e.type)).toEqual(['ingest.batch']);

    t.clock.advance(t.config.ingest.deviceSilenceMs + 60_000);
    expect(await t.services.ingest.sweepSilentDevices()).toBe(1);
    const swept = await appended();
    expect(swept).toHaveLength(1);
    expect(swept[0]).toMatchObject({ type: 'device.health', code: 'GATE-GYM-1', previous: 'online', health: 'offline', reason: { code: 'silent' } });
  });
});
