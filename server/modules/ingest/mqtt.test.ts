import net from 'node:net';
import mqtt from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.ts';
import { loadConfig } from '../../config.ts';
import { newId } from '../../ids.ts';
import { createTestDb, type TestDb } from '../../testing/databases.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import type { IngestSink } from './envelope.ts';
import { createIngestService, type IngestService } from './ingest.service.ts';
import { createMqttIngest, itemsFromMessage } from './mqtt.ts';

const URL = process.env.OPSDESK_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

async function brokerReachable(): Promise<boolean> {
  const { hostname, port } = new globalThis.URL(URL);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 1883), hostname, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

const reachable = await brokerReachable();
if (!reachable && process.env.OPSDESK_TEST_MQTT_URL) throw new Error(`OPSDESK_TEST_MQTT_URL is set but no MQTT broker answers at ${URL}`);

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('itemsFromMessage', () => {
  it('fills site, device and kind from the topic, keeps what the envelope says, and flags non-JSON', () => {
    const items = itemsFromMessage('opsdesk/v1/canteen-1/POS-1/heartbeat', Buffer.from(JSON.stringify([{ id: 'a' }, { id: 'b', device: 'OTHER' }])));
    expect(items).toEqual([
      { id: 'a', site: 'canteen-1', device: 'POS-1', kind: 'heartbeat' },
      { id: 'b', site: 'canteen-1', device: 'OTHER', kind: 'heartbeat' },
    ]);
    expect(itemsFromMessage('opsdesk/v1/s/d/metric', Buffer.from('{oops'))?.[0]).toMatchObject({ message: expect.stringContaining('not valid JSON') });
    expect(itemsFromMessage('opsdesk/v1/s/d/cmd', Buffer.from('{}'))).toBeNull();
  });
});

describeEachDatabase('MQTT ingestion through a real broker on %s', (dialect) => {
  let t: TestDb;
  let sink: IngestService;
  const clientIds: string[] = [];
  const log = pino({ level: 'silent' });
  beforeAll(async () => {
    t = await createTestDb(dialect);
    sink = createIngestService({ db: t.db, clock: systemClock, config: loadConfig({}).ingest });
  });
  afterAll(async () => {
    // Drop the persistent sessions the tests created on the broker.
    for (const clientId of clientIds) await (await mqtt.connectAsync(URL, { clientId, clean: true })).endAsync();
    await sink.close();
    await t.destroy();
  });

  const stored = async (ids: string[]) => (await t.db.kysely.selectFrom('events').select('id').where('id', 'in', ids).execute()).length;
  const envelope = (device: string, kind = 'metric') => ({ id: newId(), kind, ts: new Date().toISOString(), device, data: kind === 'metric' ? { name: 'm', value: 1 } : {} });

  it('stores what is published, one envelope or an array a message, taking site/device/kind from the topic', async () => {
    const clientId = `opsdesk-test-${newId()}`;
    clientIds.push(clientId);
    const ingest = createMqttIngest({ url: URL, clientId, sink, log });
    await ingest.start();
    const publisher = await mqtt.connectAsync(URL, { clientId: `pub-${newId()}` });
    try {
      const device = `MQTT-${newId().slice(-8)}`;
      const single = envelope(device);
      const batch = [envelope(device), envelope(device)];
      const bare = { id: newId(), ts: new Date().toISOString(), data: { name: 'm', value: 2 } };
      await publisher.publishAsync(`opsdesk/v1/lib/${device}/metric`, JSON.stringify(single), { qos: 1 });
      await publisher.publishAsync(`opsdesk/v1/lib/${device}/metric`, JSON.stringify(batch), { qos: 1 });
      await publisher.publishAsync(`opsdesk/v1/lib/${device}/metric`, JSON.stringify(bare), { qos: 1 });
      const ids = [single.id, ...batch.map((b) => b.id), bare.id];
      await eventually(async () => (await stored(ids)) === 4);
      const row = await t.db.kysely.selectFrom('events').selectAll().where('id', '=', bare.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ device_code: device, site_code: 'lib', kind: 'metric', source: 'mqtt' });
    } finally {
      await publisher.endAsync();
      await ingest.stop();
    }
  });

  it('acknowledges only after the commit: a message whose write fails is delivered again and stored', async () => {
    const clientId = `opsdesk-test-${newId()}`;
    clientIds.push(clientId);
    let failures = 0;
    // The real pipeline, made to fail once as if the database had gone away for a moment.
    const flaky: IngestSink = {
      async ingest(items, source) {
        if (failures === 0) {
          failures++;
          throw new Error('database unavailable');
        }
        return sink.ingest(items, source);
      },
    };
    const ingest = createMqttIngest({ url: URL, clientId, sink: flaky, log, reconnectMs: 100 });
    await ingest.start();
    const publisher = await mqtt.connectAsync(URL, { clientId: `pub-${newId()}` });
    try {
      const device = `MQTT-${newId().slice(-8)}`;
      const items = [envelope(device), envelope(device), envelope(device)];
      for (const item of items) await publisher.publishAsync(`opsdesk/v1/lib/${device}/metric`, JSON.stringify(item), { qos: 1 });
      await eventually(async () => (await stored(items.map((i) => i.id))) === 3, 20_000);
      expect(failures).toBe(1);
    } finally {
      await publisher.endAsync();
      await ingest.stop();
    }
  });

  it('keeps what was not acknowledged for the next subscriber with the same session', async () => {
    const clientId = `opsdesk-test-${newId()}`;
    clientIds.push(clientId);
    const first = createMqttIngest({ url: URL, clientId, sink, log });
    await first.start();
    await first.stop();
    // While nobody is connected, the broker queues QoS 1 messages for the persistent session.
    const publisher = await mqtt.connectAsync(URL, { clientId: `pub-${newId()}` });
    const device = `MQTT-${newId().slice(-8)}`;
    const items = Array.from({ length: 5 }, () => envelope(device));
    for (const item of items) await publisher.publishAsync(`opsdesk/v1/lib/${device}/metric`, JSON.stringify(item), { qos: 1 });
    await publisher.endAsync();
    const second = createMqttIngest({ url: URL, clientId, sink, log });
    await second.start();
    try {
      await eventually(async () => (await stored(items.map((i) => i.id))) === 5);
    } finally {
      await second.stop();
    }
  });
}, { skip: reachable ? undefined : `no MQTT broker answers at ${URL}` });
