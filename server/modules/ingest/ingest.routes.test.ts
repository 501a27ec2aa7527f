import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DomainEvent } from '../../events/index.ts';
import { newId } from '../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describeEachDatabase('POST /api/v1/ingest on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let bearer: Record<string, string>;
  let siteId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_INGEST_MAX_ITEMS: '500', OPSDESK_INGEST_BODY_LIMIT_BYTES: '2000000' });
    admin = await t.loginAdmin();
    const token = await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'estate', permissions: ['ingest:write'] } });
    bearer = { authorization: `Bearer ${token.json().secret}` };
    siteId = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-1', name: '第一食堂' } })).json().id;
  });
  afterAll(async () => t.close());

  const now = () => t.clock.now();
  const envelope = (kind: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    id: newId(),
    kind,
    ts: iso(now() - 1000),
    device: 'POS-C1-017',
    site: 'canteen-1',
    data,
    ...extra,
  });
  const post = (payload: unknown, headers: Record<string, string> = {}, url = '/api/v1/ingest') =>
    t.app.inject({ method: 'POST', url, headers: { ...bearer, 'content-type': 'application/json', ...headers }, payload: payload as string });
  const count = async (table: 'events' | 'transactions' | 'logins' | 'metric_rollups' | 'discovered_devices') =>
    Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  async function addDevice(code: string, extra: Record<string, unknown> = {}) {
    const id = newId();
    await t.db.kysely
      .insertInto('devices')
      .values({ id, code, name: code, type: 'pos', site_id: siteId, subsystem: 'consumption', labels: '{}', maintenance: 0, health: 'unknown', health_since: now(), created_at: now(), updated_at: now(), model: null, serial: null, ip: null, firmware: null, install_date: null, warranty_end: null, upstream_id: null, health_reason: null, last_seen_at: null, ...extra })
      .execute();
    return id;
  }
  const device = (id: string) => t.db.kysely.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('stores every kind and answers per item, after the commit', async () => {
    const batch = [
      envelope('heartbeat', { status: 'ok', cpu: 12.5, memPct: 40, diskPct: 55, tempC: 41, link: 'wired' }),
      envelope('metric', { name: 'queue.length', value: 7, unit: 'people' }),
      envelope('event', { type: 'paper.low', severity: 'warning', message: '打印纸将尽' }),
      envelope('txn', { txnId: `T${newId()}`, type: 'consume', amountFen: 1250, account: '20240001', card: '8800123456', channel: 'card', status: 'ok', cardCounter: 41, balanceBeforeFen: 5000, balanceAfterFen: 3750 }),
      envelope('login', { account: '20240001', ip: '10.2.3.4', result: 'fail', reason: 'bad password' }),
    ];
    const before = { events: await count('events'), txns: await count('transactions'), logins: await count('logins') };
    const res = await post(JSON.stringify(batch));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ received: 5, accepted: 5, duplicates: 0, rejected: 0 });
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(Array(5).fill('accepted'));
    expect(await count('events')).toBe(before.events + 5);
    expect(await count('transactions')).toBe(before.txns + 1);
    expect(await count('logins')).toBe(before.logins + 1);
    const txn = await t.db.kysely.selectFrom('transactions').selectAll().where('event_id', '=', batch[3]!.id).executeTakeFirstOrThrow();
    expect(txn).toMatchObject({ amount_fen: 1250, channel: 'card', balance_after_fen: 3750, source: 'live', offline: 0 });
  });

  it('is idempotent: a re-sent id is a duplicate and stores nothing twice', async () => {
    const batch = [envelope('txn', { txnId: `T${newId()}`, type: 'recharge', amountFen: 10000, channel: 'wechat', status: 'ok' }), envelope('metric', { name: 'x', value: 1 })];
    expect((await post(JSON.stringify(batch))).json().accepted).toBe(2);
    const before = { events: await count('events'), txns: await count('transactions') };
    const again = await post(JSON.stringify([...batch, batch[0]]));
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(await count('events')).toBe(before.events);
    expect(await count('transactions')).toBe(before.txns);
  });

  it('rejects malformed items one by one, naming the field, and keeps the good ones beside them', async () => {
    const good = envelope('metric', { name: 'ok', value: 1 });
    const items = [
      good,
      { kind: 'metric', ts: iso(now()), device: 'X', data: { name: 'n', value: 1 } },
      envelope('metric', { name: 'n', value: 'seven' }),
      envelope('weather', {}),
      envelope('metric', { name: 'n', value: 1 }, { ts: iso(now() + 86_400_000) }),
      envelope('metric', { name: 'n', value: 1 }, { ts: '2001-01-01T00:00:00Z' }),
      envelope('metric', { name: 'n', value: 1 }, { ts: '2026-11-20 11:32:05' }),
      envelope('txn', { txnId: 'T1', type: 'consume', amountFen: 12.5, status: 'ok' }),
      envelope('login', { account: 'a', ip: 'not-an-ip', result: 'ok' }),
      envelope('heartbeat', { cpu: 250 }),
      'just a string',
      null,
      envelope('event', { type: 'x', severity: 'apocalyptic' }),
      envelope('metric', { name: 'n', value: 1 }, { device: 'bad device code!' }),
    ];
    const res = await post(JSON.stringify(items));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ received: items.length, accepted: 1, rejected: items.length - 1 });
    const byIndex = (i: number) => body.results[i].error;
    expect(byIndex(1)).toMatchObject({ code: 'MISSING_FIELD', field: 'id' });
    expect(byIndex(2)).toMatchObject({ field: 'data.value' });
    expect(byIndex(3)).toMatchObject({ code: 'UNKNOWN_KIND' });
    expect(byIndex(4)).toMatchObject({ code: 'TS_IN_FUTURE' });
    expect(byIndex(5)).toMatchObject({ code: 'TS_TOO_OLD' });
    expect(byIndex(6)).toMatchObject({ field: 'ts' });
    expect(byIndex(7)).toMatchObject({ field: 'data.amountFen' });
    expect(byIndex(8)).toMatchObject({ field: 'data.ip' });
    expect(byIndex(9)).toMatchObject({ field: 'data.cpu' });
    expect(byIndex(10)).toMatchObject({ code: 'NOT_AN_OBJECT' });
    expect(byIndex(12)).toMatchObject({ field: 'data.severity' });
    expect(byIndex(13)).toMatchObject({ field: 'device' });
    expect(await t.db.kysely.selectFrom('events').select('id').where('id', '=', good.id).executeTakeFirst()).toBeDefined();
  });

  it('refuses, item by item, text holding U+0000 and numbers beyond double range, wherever they are; keeps the rest', async () => {
    const good = envelope('event', { type: 'door.forced', message: 'fine' });
    const nested = (levels: number): unknown => (levels === 0 ? 'deep' : [nested(levels - 1)]);
    const items = [
      good,
      envelope('event', { type: 'door.forced', message: 'a\u0000b' }),
      envelope('event', { type: 'door.forced', attrs: { nested: [{ deep: 'x\u0000' }] } }),
      envelope('metric', { name: 'n', value: 1 }, { labels: { 'zone\u0000': 'a' } }),
      envelope('login', { account: 'a\u0000', ip: '10.0.0.1', result: 'ok' }),
      envelope('metric', { name: 'n', value: 1 }, { device: 'POS\u0000' }),
      envelope('metric', { name: 'n', value: 'INFINITY' }),
      envelope('event', { type: 'x', attrs: { reading: 'HUGE' } }),
      envelope('metric', { name: 'n', value: 1, extra: nested(40) }),
    ];
    // JSON has no Infinity: 1e309 is the number past double range that a device may send and JSON.parse makes Infinity.
    const body = JSON.stringify(items).replace('"INFINITY"', '1e309').replace('"HUGE"', '-1e400');
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ received: items.length, accepted: 1, rejected: items.length - 1 });
    expect(res.json().results.slice(1).map((r: { error: { code: string; field: string } }) => [r.error.code, r.error.field])).toEqual([
      ['nulCharacter', 'data.message'],
      ['nulCharacter', 'data.attrs.nested[0].deep'],
      ['nulCharacter', 'labels.zone\\u0000'],
      ['nulCharacter', 'data.account'],
      ['nulCharacter', 'device'],
      ['finiteNumber', 'data.value'],
      ['finiteNumber', 'data.attrs.reading'],
      // the envelope is level 0, data 1, extra 2: the array at level 32 is one too deep
      ['tooDeep', `data.extra${'[0]'.repeat(30)}`],
    ]);
    expect(await t.db.kysely.selectFrom('events').select('id').where('id', '=', good.id).executeTakeFirst()).toBeDefined();
  });

  it('takes NDJSON (a broken line is rejected alone) and gzip', async () => {
    const a = envelope('metric', { name: 'nd', value: 1 });
    const b = envelope('metric', { name: 'nd', value: 2 });
    const ndjson = `${JSON.stringify(a)}\n{"id": broken\n\n${JSON.stringify(b)}\n`;
    const res = await post(ndjson, { 'content-type': 'application/x-ndjson' });
    expect(res.json()).toMatchObject({ received: 3, accepted: 2, rejected: 1 });
    expect(res.json().results[1].error).toMatchObject({ code: 'INVALID_JSON' });

    const c = envelope('metric', { name: 'gz', value: 3 });
    const gz = await post(gzipSync(JSON.stringify([c])) as unknown as string, { 'content-encoding': 'gzip' });
    expect(gz.json()).toMatchObject({ accepted: 1 });
    const ndgz = await post(gzipSync(`${JSON.stringify(envelope('metric', { name: 'gz', value: 4 }))}\n`) as unknown as string, { 'content-encoding': 'gzip', 'content-type': 'application/x-ndjson' });
    expect(ndgz.json()).toMatchObject({ accepted: 1 });
  });

  it('answers a bad body as a whole with a 4xx and a reason, never a 5xx', async () => {
    expect((await post('{"not": "closed"')).json().error.code).toBe('INVALID_JSON');
    expect((await post('42')).json().error.code).toBe('INVALID_BATCH');
    const corrupt = await post(Buffer.from('this is not gzip at all') as unknown as string, { 'content-encoding': 'gzip' });
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().error.code).toBe('INVALID_GZIP');
    const truncated = await post(gzipSync(JSON.stringify([envelope('metric', { name: 'x', value: 1 })])).subarray(0, 20) as unknown as string, { 'content-encoding': 'gzip' });
    expect(truncated.statusCode).toBe(400);
    expect((await post('[]', { 'content-encoding': 'br' })).statusCode).toBe(400);
    // A gzip bomb: 50 MB of zeros in a few KB is cut off at the body limit, not inflated.
    const bomb = await post(gzipSync(Buffer.alloc(50_000_000, 0x20)) as unknown as string, { 'content-encoding': 'gzip' });
    expect(bomb.statusCode).toBe(413);
    const many = await post(JSON.stringify(Array.from({ length: 501 }, () => envelope('metric', { name: 'x', value: 1 }))));
    expect(many.statusCode).toBe(413);
    expect(many.json().error.code).toBe('BATCH_TOO_LARGE');
    expect((await post('[]')).json()).toMatchObject({ received: 0, accepted: 0 });
  });

  it('needs a token holding ingest:write', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/ingest', payload: [] })).statusCode).toBe(401);
    const weak = await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'reader', permissions: ['sites:read'] } });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: `Bearer ${weak.json().secret}` }, payload: [] });
    expect(res.statusCode).toBe(403);
  });

  it('can answer with only the items that were not accepted', async () => {
    const res = await post(JSON.stringify([envelope('metric', { name: 'x', value: 1 }), envelope('metric', { name: 'x' })]), {}, '/api/v1/ingest?results=errors');
    expect(res.json().results).toHaveLength(1);
    expect(res.json().results[0].index).toBe(1);
  });

  it('folds metrics and heartbeats into one-minute roll-ups across batches', async () => {
    const minute = Math.floor((now() - 60_000) / 60_000) * 60_000;
    const at = (offset: number, value: number) => envelope('metric', { name: 'latency.ms', value }, { device: 'GATE-9', ts: iso(minute + offset) });
    await post(JSON.stringify([at(1000, 10), at(2000, 30)]));
    await post(JSON.stringify([at(3000, 5)]));
    const row = await t.db.kysely.selectFrom('metric_rollups').selectAll().where('device_code', '=', 'GATE-9').where('metric', '=', 'latency.ms').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ minute, count: 3, sum: 45, min: 5, max: 30, last: 5 });
  });

  it('derives device health: online on traffic, degraded from heartbeats, offline after silence; maintenance is left alone', async () => {
    const pos = await addDevice('POS-H-1');
    const ups = await addDevice('UPS-H-1');
    const quiet = await addDevice('POS-H-2', { maintenance: 1, health: 'maintenance' });
    await post(JSON.stringify([
      envelope('heartbeat', { status: 'ok' }, { device: 'POS-H-1' }),
      envelope('heartbeat', { onBattery: true }, { device: 'UPS-H-1' }),
      envelope('heartbeat', { status: 'ok' }, { device: 'POS-H-2' }),
    ]));
    expect(await device(pos)).toMatchObject({ health: 'online', last_seen_at: now() - 1000 });
    expect(await device(ups)).toMatchObject({ health: 'degraded', health_reason: '{"code":"onBattery","values":{}}' });
    expect((await device(quiet)).health).toBe('maintenance');

    await post(JSON.stringify([envelope('heartbeat', { status: 'paper_out' }, { device: 'POS-H-1' })]));
    expect((await device(pos)).health).toBe('degraded');
    await post(JSON.stringify([envelope('heartbeat', { status: 'ok' }, { device: 'POS-H-1' })]));
    expect(await device(pos)).toMatchObject({ health: 'online', health_reason: '{"code":"recovered","values":{}}' });

    t.clock.advance(t.config.ingest.deviceSilenceMs + 2000);
    expect(await t.services.ingest.sweepSilentDevices()).toBeGreaterThanOrEqual(2);
    expect(await device(pos)).toMatchObject({ health: 'offline' });
    expect(JSON.parse((await device(pos)).health_reason!)).toMatchObject({ code: 'silent', values: { minutes: expect.any(Number) } });
    expect((await device(quiet)).health).toBe('maintenance');

    // Yesterday's records uploaded late by an offline POS do not bring it back online.
    await post(JSON.stringify([envelope('txn', { txnId: `T${newId()}`, type: 'consume', amountFen: 500, status: 'ok', offline: true }, { device: 'POS-H-1', ts: iso(now() - 86_400_000) })]));
    expect((await device(pos)).health).toBe('offline');
    await post(JSON.stringify([envelope('metric', { name: 'x', value: 1 }, { device: 'POS-H-1' })]));
    expect((await device(pos)).health).toBe('online');

    const history = await t.db.kysely.selectFrom('device_health_history').select(['health', 'reason']).where('device_id', '=', pos).orderBy('at').orderBy('id').execute();
    expect(history.map((h) => h.health)).toEqual(['online', 'degraded', 'online', 'offline', 'online']);
    // Each change was written as a device.health event, in the transaction that made it, with the state it left and
    // the device's subsystem (for alert rules).
    const written = await t.db.kysely.selectFrom('domain_events').select('payload').where('type', '=', 'device.health').where('key', '=', pos).orderBy('position').execute();
    const announced = written.map((r) => JSON.parse(r.payload) as DomainEvent);
    expect(announced.map((e) => e.type === 'device.health' && `${e.subsystem}:${e.previous}→${e.health}`)).toEqual([
      'consumption:unknown→online',
      'consumption:online→degraded',
      'consumption:degraded→online',
      'consumption:online→offline',
      'consumption:offline→online',
    ]);
  });

  it('lists devices that are not registered as discovered, keeping their events', async () => {
    const stranger = envelope('heartbeat', { status: 'ok' }, { device: 'KIOSK-NEW-7', site: 'library', labels: { address: '10.9.8.7' } });
    await post(JSON.stringify([stranger, envelope('metric', { name: 'x', value: 1 }, { device: 'KIOSK-NEW-7', site: 'library' })]));
    const row = await t.db.kysely.selectFrom('discovered_devices').selectAll().where('code', '=', 'KIOSK-NEW-7').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ site_code: 'library', address: '10.9.8.7', events: 2, source: 'http' });
    await post(JSON.stringify([envelope('metric', { name: 'x', value: 1 }, { device: 'KIOSK-NEW-7' })]));
    expect((await t.db.kysely.selectFrom('discovered_devices').select('events').where('code', '=', 'KIOSK-NEW-7').executeTakeFirstOrThrow()).events).toBe(3);
    expect(await t.db.kysely.selectFrom('events').select('id').where('id', '=', stranger.id).executeTakeFirst()).toBeDefined();
  });

  it('refuses work when saturated instead of queueing without bound', async () => {
    const items = Array.from({ length: 50 }, () => envelope('metric', { name: 'x', value: 1 }));
    const outcomes = await Promise.allSettled(Array.from({ length: t.config.ingest.maxInFlight + 4 }, () => t.services.ingest.ingest(items, 'http')));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ status: 503, code: 'INGEST_SATURATED' });
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBe(t.config.ingest.maxInFlight);
  });

  it('removes raw events past their retention', async () => {
    const before = await count('events');
    t.clock.advance(t.config.ingest.eventRetentionMs + 60_000);
    const removed = await t.services.ingest.applyRetention();
    expect(removed.events).toBe(before);
    expect(await count('events')).toBe(0);
  });
});
