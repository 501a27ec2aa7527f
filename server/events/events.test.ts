import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { createTestDb, type TestDb } from '../testing/databases.ts';
import { describeEachDatabase } from '../testing/each-database.ts';
import type { DeviceHealthEvent, DomainEvent, IngestBatchEvent } from './catalog.ts';
import { createEventDispatcher, type Delivered } from './dispatcher.ts';
import { eventsRepository } from './events.repository.ts';
import { createDomainEvents, type DomainEvents } from './index.ts';

const health = (deviceId: string, health: DeviceHealthEvent['health'], at = 1): DeviceHealthEvent => ({
  type: 'device.health',
  deviceId,
  code: `C-${deviceId}`,
  siteId: 'site-1',
  subsystem: 'access',
  previous: 'unknown',
  health,
  reason: null,
  at,
});
const batch = (accepted: number, at = 1): IngestBatchEvent => ({ type: 'ingest.batch', source: 'http', accepted, duplicates: 0, rejected: 0, at });

describeEachDatabase('domain events on %s', (dialect) => {
  let t: TestDb;
  let clock: ManualClock;
  let events: DomainEvents;
  const nodes: DomainEvents[] = [];

  /** A node's events over its own connection, as another process would have them. */
  function node(options: { nodeId?: string; db?: TestDb['db'] } = {}): DomainEvents {
    const n = createDomainEvents({ db: options.db ?? t.db, clock, nodeId: options.nodeId ?? `node-${nodes.length}`, retryDelayMs: (f) => 1000 * f });
    nodes.push(n);
    return n;
  }
  const append = (n: DomainEvents, ...e: DomainEvent[]) => t.db.kysely.transaction().execute((trx) => n.append(trx, ...e));
  const cursorOf = async (consumer: string) => (await t.db.kysely.selectFrom('event_cursors').selectAll().where('consumer', '=', consumer).executeTakeFirst())?.position;

  beforeEach(async () => {
    t = await createTestDb(dialect);
    clock = new ManualClock();
    events = node();
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.stop();
    await t.destroy();
  });

  it('appends in the caller’s transaction: a rolled-back change leaves no event, a committed one is read in order', async () => {
    const seen: Delivered[] = [];
    events.subscribe((d) => seen.push(d));
    await events.drain(); // the tail starts at the (empty) head
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await events.append(trx, health('d1', 'offline'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await append(events, health('d1', 'online'), batch(5));
    await append(events, health('d2', 'degraded'));
    await events.drain();
    expect(seen.map((d) => d.event.type === 'device.health' ? `${d.event.deviceId}:${d.event.health}` : d.event.type === 'ingest.batch' ? `batch:${d.event.accepted}` : d.event.type)).toEqual(['d1:online', 'batch:5', 'd2:degraded']);
    const positions = seen.map((d) => d.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(new Set(positions).size).toBe(3);
    // The stored row has the type, the key (the device) and the whole event.
    const row = await t.db.kysely.selectFrom('domain_events').selectAll().where('position', '=', positions[0]!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ type: 'device.health', key: 'd1', at: 1 });
    expect(JSON.parse(row.payload)).toEqual(health('d1', 'online'));
  });

  it('the live tail starts at the head when the node starts: what came before is not streamed', async () => {
    await append(events, health('old', 'offline'));
    const later = node();
    await later.start({ log: console });
    const seen: string[] = [];
    later.subscribe((d) => d.event.type === 'device.health' && seen.push(d.event.deviceId));
    await append(events, health('new', 'online'));
    await later.drain();
    expect(seen).toEqual(['new']);
  });

  it('a durable consumer gets its types from its cursor, which moves only after its handler succeeded', async () => {
    await append(events, health('before', 'online'));
    const got: string[] = [];
    events.register({ name: 'alerts', types: ['device.health'], handle: async (d) => void got.push(d.event.deviceId) });
    events.register({ name: 'replay', types: ['device.health'], startAt: 'beginning', handle: async (d) => void got.push(`replay:${d.event.deviceId}`) });
    expect(() => events.register({ name: 'alerts', types: ['ingest.batch'], handle: async () => {} })).toThrow(/registered already/);
    await events.drain();
    // First sight: 'alerts' starts at the head, 'replay' at the beginning.
    expect(got).toEqual(['replay:before']);
    await append(events, health('a', 'offline'), batch(3), health('b', 'offline'));
    await events.drain();
    expect(got.filter((g) => !g.startsWith('replay'))).toEqual(['a', 'b']);
    const head = Number((await t.db.kysely.selectFrom('domain_events').select((eb) => eb.fn.max('position').as('p')).executeTakeFirstOrThrow()).p);
    // Past the ingest.batch it does not take, too.
    expect(await cursorOf('alerts')).toBe(head);
    expect(await cursorOf('replay')).toBe(head);
    // Stepping over an event of another type does not read its payload (a batch's signals are tens of KB).
    const read = await eventsRepository.readAfterFor(t.db.kysely, 0, 10, ['device.health']);
    expect(read.map((r) => `${r.type}:${r.payload === null ? 'skipped' : 'read'}`)).toEqual(['device.health:read', 'device.health:read', 'ingest.batch:skipped', 'device.health:read']);
  });

  it('retries a failing consumer with back-off from the same event, in order per key, while the others carry on', async () => {
    const got: string[] = [];
    let failuresLeft = 2;
    events.register({
      name: 'paging',
      types: ['device.health'],
      handle: async (d) => {
        if (d.event.deviceId === 'b' && failuresLeft > 0) {
          failuresLeft--;
          throw new Error('the SMS gateway is down');
        }
        got.push(`${d.event.deviceId}:${d.event.health}`);
      },
    });
    const other: string[] = [];
    events.register({ name: 'sla', types: ['device.health'], handle: async (d) => void other.push(`${d.event.deviceId}:${d.event.health}`) });
    await events.drain(); // cursors at the (empty) head
    await append(events, health('a', 'offline'), health('b', 'offline'), health('a', 'online'), health('b', 'online'));
    await events.drain();
    // 'a:offline' was delivered and its position kept; 'b:offline' failed, so nothing after it was handed over.
    expect(got).toEqual(['a:offline']);
    expect(other).toEqual(['a:offline', 'b:offline', 'a:online', 'b:online']);
    const stuckAt = await cursorOf('paging');

    // Not due yet: the back-off (1 s after the first failure) has not passed.
    await events.drain();
    expect(got).toEqual(['a:offline']);
    clock.advance(1000);
    await events.drain(); // second failure: 2 s now
    expect(got).toEqual(['a:offline']);
    expect(await cursorOf('paging')).toBe(stuckAt);
    clock.advance(1999);
    await events.drain();
    expect(got).toEqual(['a:offline']);
    clock.advance(1);
    await events.drain();
    expect(got).toEqual(['a:offline', 'b:offline', 'a:online', 'b:online']);
    expect(await cursorOf('paging')).toBe(await cursorOf('sla'));
  });

  it('delivers at least once: a node that stops before recording leaves the event to the next', async () => {
    let crash = true;
    const first: string[] = [];
    events.register({
      name: 'audit-export',
      types: ['device.health'],
      handle: async (d) => {
        first.push(d.event.deviceId);
        if (crash) throw new Error('process died mid-handler');
      },
    });
    await events.drain();
    await append(events, health('x', 'offline'));
    await events.drain();
    await events.stop(); // gives the lease up
    crash = false;
    const second: string[] = [];
    const other = node({ nodeId: 'node-b', db: t.reopen() });
    other.register({ name: 'audit-export', types: ['device.health'], handle: async (d) => void second.push(d.event.deviceId) });
    await other.drain();
    expect(first).toEqual(['x']);
    expect(second).toEqual(['x']);
  });

  it('a busy consumer writes its cursor about once a second, not after every read; what it did not write is delivered again', async () => {
    const seen: string[] = [];
    const dispatcher = createEventDispatcher({ db: t.db, clock, nodeId: 'node-busy', log: { warn: () => {}, error: () => {}, debug: () => {} } });
    dispatcher.register({ name: 'busy', types: ['device.health'], handle: async (d) => void seen.push(d.event.deviceId) });
    await dispatcher.drain();
    const start = Number(await cursorOf('busy'));
    for (const id of ['a', 'b', 'c']) {
      await append(events, health(id, 'offline'));
      dispatcher.wake();
      while (!seen.includes(id)) await new Promise((r) => setTimeout(r, 5));
    }
    // Delivered three times over, but the cursor row was written when the lease was taken, not after each one.
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(Number(await cursorOf('busy'))).toBe(start);
    // The node dies here (no stop): the next holder, once the lease has run out, gets them again — at least once.
    clock.advance(30_001);
    const again: string[] = [];
    const other = node({ nodeId: 'node-next', db: t.reopen() });
    other.register({ name: 'busy', types: ['device.health'], handle: async (d) => void again.push(d.event.deviceId) });
    await other.drain();
    expect(again).toEqual(['a', 'b', 'c']);
    // drain (and stop) write the position delivered.
    expect(Number(await cursorOf('busy'))).toBeGreaterThan(start);
    await dispatcher.stop();
  });

  it('one node at a time delivers to a consumer; another takes over when its lease runs out', async () => {
    const byNode: string[] = [];
    const b = node({ nodeId: 'node-b', db: t.reopen() });
    for (const [n, name] of [[events, 'a'], [b, 'b']] as const) {
      n.register({ name: 'rules', types: ['device.health'], handle: async (d) => void byNode.push(`${name}:${d.event.deviceId}`) });
    }
    await events.drain(); // node a creates the cursor at the head
    await append(events, health('d1', 'offline'));
    await events.drain();
    await b.drain();
    expect(byNode).toEqual(['a:d1']);
    await append(events, health('d2', 'offline'));
    await b.drain(); // a's lease (30 s) still runs
    expect(byNode).toEqual(['a:d1']);
    clock.advance(30_001);
    await b.drain();
    expect(byNode).toEqual(['a:d1', 'b:d2']);
    await events.drain(); // now b holds it
    expect(byNode).toEqual(['a:d1', 'b:d2']);
  });

  it('retention deletes old events every consumer has passed, never one a consumer still needs; positions are never reused', async () => {
    let failing = true;
    const got: string[] = [];
    events.register({
      name: 'slow',
      types: ['device.health'],
      handle: async (d) => {
        if (failing && d.event.deviceId === 'stuck') throw new Error('down');
        got.push(d.event.deviceId);
      },
    });
    await events.drain();
    await append(events, health('done', 'offline', clock.now()));
    await append(events, health('stuck', 'offline', clock.now()));
    await events.drain();
    clock.advance(10 * 86_400_000);
    expect(await events.deleteDeliveredBefore(clock.now() - 7 * 86_400_000)).toBe(1);
    const left = await t.db.kysely.selectFrom('domain_events').select(['position', 'key']).execute();
    expect(left.map((r) => r.key)).toEqual(['stuck']);

    failing = false;
    clock.advance(60_000);
    await events.drain();
    expect(await events.deleteDeliveredBefore(clock.now() - 7 * 86_400_000)).toBe(1);
    expect(await t.db.kysely.selectFrom('domain_events').select('position').execute()).toEqual([]);
    // An empty table does not start again at 1: a cursor past the old positions would skip the new events.
    await append(events, health('next', 'online', clock.now()));
    const next = await t.db.kysely.selectFrom('domain_events').select('position').executeTakeFirstOrThrow();
    expect(Number(next.position)).toBeGreaterThan(left[0]!.position);
    await events.drain();
    expect(got).toEqual(['done', 'stuck', 'next']);
  });
});
