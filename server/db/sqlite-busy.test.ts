import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.ts';
import { retryWhileBusy } from './sqlite-busy.ts';

/**
 * The main thread's connection waits for another connection's writer lock on the event loop, not in SQLite's busy
 * handler: here the lock's holder is a second connection driven by a timer on this very thread, which could never
 * commit if the waiting write slept the thread (it would fail with SQLITE_BUSY after busy_timeout instead).
 */
describe('waiting for the SQLite writer lock', () => {
  let dir: string;
  let db: Db;
  let other: SQLite.Database;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-busy-'));
    const file = path.join(dir, 'opsdesk.sqlite');
    db = openDatabase({ kind: 'sqlite', file });
    await sql`create table notes (id integer primary key, body text not null)`.execute(db.kysely);
    other = new SQLite(file);
    other.pragma('busy_timeout = 0');
  });
  afterEach(async () => {
    other.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Holds the writer lock from the other connection for `ms`, then commits a row of its own. */
  function holdLock(ms: number): Promise<void> {
    other.exec('begin immediate');
    other.prepare('insert into notes (body) values (?)').run('held');
    return new Promise((resolve) => setTimeout(() => resolve(void other.exec('commit')), ms));
  }

  /** The longest gap between ticks of a 5 ms interval while `work` runs: how long the event loop stood still. */
  async function longestStall(work: Promise<unknown>): Promise<number> {
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    try {
      await work;
    } finally {
      clearInterval(ticker);
    }
    return longest;
  }

  it('a write and a transaction wait for the lock while the event loop goes on, then commit', async () => {
    const held = holdLock(300);
    const write = db.kysely.insertInto('notes' as never).values({ body: 'autocommit' } as never).execute();
    const transaction = db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('notes' as never).values({ body: 'in a transaction' } as never).execute();
    });
    const stall = await longestStall(Promise.all([held, write, transaction]));
    expect(stall).toBeLessThan(150);
    const bodies = await sql<{ body: string }>`select body from notes order by id`.execute(db.kysely);
    expect(bodies.rows.map((r) => r.body)).toEqual(['held', 'autocommit', 'in a transaction']);
  });

  it('reads do not wait for the writer lock', async () => {
    const held = holdLock(300);
    const started = performance.now();
    await sql`select count(*) as n from notes`.execute(db.kysely);
    expect(performance.now() - started).toBeLessThan(100);
    await held;
  });

  it('gives up with SQLITE_BUSY once the wait is over, and the connection stays usable', async () => {
    const held = holdLock(400);
    await expect(retryWhileBusy(() => db.sqlite!.exec('begin immediate'), 50)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await held;
    await db.kysely.insertInto('notes' as never).values({ body: 'after' } as never).execute();
    expect((await sql<{ n: number }>`select count(*) as n from notes`.execute(db.kysely)).rows[0]!.n).toBe(2);
  });

  it('anything but SQLITE_BUSY fails at once', async () => {
    let tries = 0;
    await expect(
      retryWhileBusy(() => {
        tries++;
        throw Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
      }),
    ).rejects.toThrow('constraint');
    expect(tries).toBe(1);
  });
});
