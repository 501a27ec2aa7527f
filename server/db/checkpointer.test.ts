import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints } from './checkpointer.ts';

/**
 * The WAL index (the -shm file) says how far checkpoints got: mxFrame in the header, nBackfill in the checkpoint info
 * after the two header copies (https://www.sqlite.org/walformat.html). Native byte order; little-endian here.
 */
function walProgress(file: string): { frames: number; backfilled: number } {
  const shm = fs.readFileSync(`${file}-shm`);
  return { frames: shm.readUInt32LE(16), backfilled: shm.readUInt32LE(96) };
}

describe('background checkpoints', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed WAL frames into the database file while the writer goes on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-checkpoint-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0'); // only the background thread checkpoints here
    writer.exec('create table t (id integer primary key, body text)');
    const insert = writer.prepare('insert into t (body) values (?)');
    writer.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
    })();
    const before = walProgress(file);
    expect(before.frames).toBeGreaterThan(0);
    expect(before.backfilled).toBe(0);

    const checkpoints = startBackgroundCheckpoints(file, 20);
    try {
      const deadline = Date.now() + 10_000;
      while (walProgress(file).backfilled < before.frames && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(walProgress(file).backfilled).toBe(before.frames);
      // The writer was never blocked: it commits again at once, and the data is all there.
      insert.run('after');
      expect((writer.prepare('select count(*) as n from t').get() as { n: number }).n).toBe(2001);
    } finally {
      await checkpoints.stop();
      writer.close();
    }
  });

  it('stops cleanly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-checkpoint-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    new SQLite(file).pragma('journal_mode = WAL');
    const checkpoints = startBackgroundCheckpoints(file, 20);
    await expect(checkpoints.stop()).resolves.toBeUndefined();
  });
});
