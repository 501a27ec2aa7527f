import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.ts';
import { loadConfig } from '../../config.ts';
import { newId } from '../../ids.ts';
import { createTestDb, type TestDb } from '../../testing/databases.ts';
import { createIngestService, type IngestService } from './ingest.service.ts';
import { createWriterThread } from './writer-thread.ts';

const config = loadConfig({ OPSDESK_DATA_DIR: os.tmpdir() }).ingest;

function batch(size: number, device = 'POS-W-1') {
  const ts = new Date().toISOString();
  return Array.from({ length: size }, (_, i) => ({ id: newId(), kind: 'metric', ts, device, data: { name: 'queue.length', value: i } }));
}

describe('the ingest writer thread (SQLite)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function service(): Promise<{ t: TestDb; ingest: IngestService }> {
    const t = await createTestDb('sqlite');
    const ingest = createIngestService({ db: t.db, clock: systemClock, config });
    cleanup.push(() => t.destroy(), () => ingest.close());
    return { t, ingest };
  }

  it('commits every batch it held before it closes', async () => {
    const { t, ingest } = await service();
    const pending = Array.from({ length: 6 }, () => ingest.ingest(batch(200), 'http'));
    const closed = ingest.close();
    const results = await Promise.all(pending);
    await closed;
    expect(results.flat().every((r) => r.status === 'accepted')).toBe(true);
    const stored = await t.db.kysely.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(1200);
    await expect(ingest.ingest(batch(1), 'http')).rejects.toThrow(/closed/);
  });

  it('does not starve writes on the main connection while it commits back to back', async () => {
    const { t, ingest } = await service();
    await ingest.ready();
    let stop = false;
    const senders = Array.from({ length: 6 }, async () => {
      while (!stop) await ingest.ingest(batch(500), 'http');
    });
    try {
      await new Promise((r) => setTimeout(r, 200)); // the writer is saturated now
      // SQLite's busy handler only polls, so these could miss every gap between the writer's transactions; they go
      // through because the writer is fed by this thread: while it waits, no batch joins the queue (at most
      // maxInFlight), the writer runs dry and the lock is free. A starved write would fail with SQLITE_BUSY after 10 s.
      for (let i = 0; i < 20; i++) {
        await t.db.kysely.transaction().execute((trx) =>
          trx.insertInto('sites').values({ id: newId(), code: `site-${i}`, name: `site ${i}`, timezone: 'Asia/Shanghai', opening_hours: null, description: '', created_at: Date.now(), updated_at: Date.now() }).execute(),
        );
      }
    } finally {
      stop = true;
      await Promise.all(senders);
    }
    const sites = await t.db.kysely.selectFrom('sites').select((eb) => eb.fn.countAll<number>().as('n')).where('code', 'like', 'site-%').executeTakeFirstOrThrow();
    expect(Number(sites.n)).toBe(20);
  });

  it('reports a database it cannot open, instead of hanging', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-writer-'));
    cleanup.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'missing', 'nested', 'db.sqlite'); // the directory does not exist
    const store = createWriterThread({ file });
    cleanup.push(() => store.close());
    await expect(store.ready()).rejects.toThrow(/unable to open database|directory does not exist/i);
    await expect(store.store({ rows: [], derived: { transactions: [], logins: [], rollups: [], activity: [], signals: null }, source: 'http', now: Date.now(), silenceMs: 60_000, settled: { duplicates: 0, rejected: 0 } })).rejects.toThrow(/writer thread/);
  });
});
