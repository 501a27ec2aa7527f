import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startServer } from '../main.ts';
import { ADMIN_PASSWORD } from '../testing/app.ts';
import { openDatabase } from './database.ts';

/**
 * Overwrites the root pages of some tables (not the schema's own pages: a damaged sqlite_master stops quick_check
 * itself, which is refused too, but says less) with bytes that are the same on every run.
 */
function corruptTablePages(file: string, tables: readonly string[]): void {
  const probe = new SQLite(file, { readonly: true });
  const pageSize = Number(probe.pragma('page_size', { simple: true }));
  const roots = tables.map((name) => (probe.prepare('select rootpage from sqlite_master where name = ?').get(name) as { rootpage: number }).rootpage);
  probe.close();
  const fd = fs.openSync(file, 'r+');
  try {
    let seed = 7;
    for (const root of roots) {
      const page = Buffer.alloc(pageSize);
      for (let b = 0; b < pageSize; b++) page[b] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16;
      fs.writeSync(fd, page, 0, pageSize, (root - 1) * pageSize);
    }
  } finally {
    fs.closeSync(fd);
  }
}

describe('start-up refuses a database it should not trust', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-integrity-'));
    dirs.push(dir);
    return dir;
  };
  const configFor = (dir: string) =>
    loadConfig({ OPSDESK_DATA_DIR: dir, OPSDESK_PORT: '0', OPSDESK_HOST: '127.0.0.1', OPSDESK_LOG_LEVEL: 'silent', OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD }, { demo: false }, dir);
  const start = (dir: string, lines: string[] = []) => startServer(configFor(dir), { print: (line) => lines.push(line) });

  it('a zero-byte database file is refused, naming the file and what to do, instead of being taken for a first start', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'opsdesk.sqlite');
    fs.writeFileSync(file, '');
    const lines: string[] = [];
    await expect(start(dir, lines)).rejects.toThrow(`the database ${file} is empty (0 bytes)`);
    await expect(start(dir)).rejects.toThrow(`opsdesk audit verify --data ${dir}`);
    expect(fs.statSync(file).size).toBe(0);
    expect(lines.join('\n')).not.toContain('created the administrator');
  });

  it('a file that is not SQLite is refused', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'opsdesk.sqlite');
    fs.writeFileSync(file, 'name,phone\nzhang,13800000000\n');
    await expect(start(dir)).rejects.toThrow(`${file} is not an SQLite database`);
    expect(fs.readFileSync(file, 'utf8')).toBe('name,phone\nzhang,13800000000\n');
  });

  it("another application's SQLite database is refused and left as it was", async () => {
    const dir = dataDir();
    const file = path.join(dir, 'opsdesk.sqlite');
    const other = new SQLite(file);
    other.exec(`create table customers (id integer primary key, name text); insert into customers (name) values ('zhang')`);
    other.close();
    await expect(start(dir)).rejects.toThrow(`${file} is an SQLite database, but not opsdesk's: it holds other tables (customers)`);
    const after = new SQLite(file, { readonly: true });
    expect(after.prepare(`select name from sqlite_master where type = 'table' order by name`).pluck().all()).toEqual(['customers']);
    after.close();
  });

  it('a database with damaged pages is refused with what quick_check found and what to do', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'opsdesk.sqlite');
    const first = await start(dir);
    const ready = (await (await fetch(`${first.url}/readyz`)).json()) as { integrity: { status: string; checkedAt: number | null } };
    expect(ready.integrity).toEqual({ status: 'ok', checkedAt: expect.any(Number) });
    await first.stop();
    expect(fs.existsSync(`${file}-wal`)).toBe(false); // everything is in the main file now

    corruptTablePages(file, ['audit_log', 'devices', 'alert_rules', 'incidents']);
    const refused = start(dir);
    await expect(refused).rejects.toThrow(`the database ${file} is damaged (PRAGMA quick_check: `);
    await expect(refused).rejects.toThrow('opsdesk will not start on it. Stop every opsdesk process using it, restore opsdesk.sqlite from the newest backup');
  }, 60_000);

  it('a new database is never an empty file, even before anything is written to it', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'opsdesk.sqlite');
    const db = openDatabase({ kind: 'sqlite', file });
    try {
      expect(fs.statSync(file).size).toBeGreaterThan(0);
      expect(fs.readdirSync(dir).filter((name) => name.includes('.new-'))).toEqual([]);
    } finally {
      await db.close();
    }
    const again = openDatabase({ kind: 'sqlite', file }); // and it opens again as opsdesk's (no tables yet)
    await again.close();
  });
});
