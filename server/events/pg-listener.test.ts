import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { createTestDb, type TestDb } from '../testing/databases.ts';
import type { DeviceHealthEvent } from './catalog.ts';
import { createDomainEvents, type DomainEvents } from './index.ts';

const health = (deviceId: string): DeviceHealthEvent => ({ type: 'device.health', deviceId, code: deviceId, siteId: 's', subsystem: 'access', previous: 'online', health: 'offline', reason: null, at: 1 });
const quiet = { warn: () => {}, error: () => {}, debug: () => {} };

/** Waits for `done` to hold, up to `ms`; whether it did. */
async function eventually(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return done();
}

/** The safety poll is set to a minute throughout: what arrives here came through LISTEN/NOTIFY. */
describe.skipIf(!process.env.OPSDESK_TEST_PG_URL)('LISTEN/NOTIFY on PostgreSQL (skipped without OPSDESK_TEST_PG_URL)', () => {
  let t: TestDb;
  const nodes: DomainEvents[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.stop();
    await t?.destroy();
  });

  it('wakes a node when another commits events, and again once its lost connection is back', async () => {
    t = await createTestDb('postgres');
    const writer = createDomainEvents({ db: t.db, clock: new ManualClock(), nodeId: 'writer', pollMs: 60_000 });
    const reader = createDomainEvents({ db: t.reopen(), clock: new ManualClock(), nodeId: 'reader', pollMs: 60_000 });
    nodes.push(writer, reader);
    await reader.start({ log: quiet });
    await reader.listening();
    const seen: string[] = [];
    reader.subscribe((d) => d.event.type === 'device.health' && seen.push(d.event.deviceId));
    const append = (id: string) => t.db.kysely.transaction().execute((trx) => writer.append(trx, health(id)));

    await append('one');
    expect(await eventually(() => seen.includes('one'), 1000)).toBe(true);

    // The LISTEN connection is cut (a restart of PostgreSQL, a proxy timing out): the node reconnects and catches up.
    const pid = await reader.listenerPid();
    expect(pid).not.toBeNull();
    await sql`select pg_terminate_backend(${pid})`.execute(t.db.kysely);
    await append('two');
    expect(await eventually(() => seen.includes('two'), 5000)).toBe(true);
    expect(await reader.listenerPid()).not.toBe(pid);
    await append('three');
    expect(await eventually(() => seen.includes('three'), 1000)).toBe(true);
    expect(seen).toEqual(['one', 'two', 'three']);
  });
});
