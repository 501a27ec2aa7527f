import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startServer } from '../main.ts';
import { ADMIN_PASSWORD } from '../testing/app.ts';
import { openDatabase } from './database.ts';
import { secureDataDir } from './file-modes.ts';

const modeOf = (file: string): string => (fs.statSync(file).mode & 0o777).toString(8);

/** Every directory and file under dir with its mode, e.g. { ".": "700", "opsdesk.sqlite": "600" }. */
function modesUnder(dir: string): Record<string, string> {
  const modes: Record<string, string> = { '.': modeOf(dir) };
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    modes[path.relative(dir, full)] = modeOf(full);
  }
  return modes;
}

describe('the data directory is private whatever the umask', () => {
  let root: string;
  let umask: number;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-modes-'));
    // The widest umask there is: files would be created 0666 and directories 0777 if opsdesk relied on it.
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates the database, its WAL and shared-memory files 0600 in a 0700 directory', async () => {
    const file = path.join(root, 'data', 'opsdesk.sqlite');
    const db = openDatabase({ kind: 'sqlite', file });
    try {
      await sql`create table t (x integer)`.execute(db.kysely);
      await sql`insert into t values (1)`.execute(db.kysely);
      expect(fs.existsSync(`${file}-wal`) && fs.existsSync(`${file}-shm`)).toBe(true);
      expect(modesUnder(path.join(root, 'data'))).toEqual({ '.': '700', 'opsdesk.sqlite': '600', 'opsdesk.sqlite-wal': '600', 'opsdesk.sqlite-shm': '600' });
    } finally {
      await db.close();
    }
  });

  it('takes group and other permissions away from an existing directory and says what it changed', () => {
    const dir = path.join(root, 'data');
    fs.mkdirSync(path.join(dir, 'backups'), { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'opsdesk.sqlite'), 'x', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'backups', 'old.sqlite'), 'x', { mode: 0o666 });
    fs.writeFileSync(path.join(dir, 'already-private'), 'x', { mode: 0o600 });
    const outside = path.join(root, 'outside');
    fs.writeFileSync(outside, 'x', { mode: 0o644 });
    fs.symlinkSync(outside, path.join(dir, 'link'));

    const changed = secureDataDir(dir);
    expect(changed.map((c) => [path.relative(dir, c.path) || '.', c.from, c.to]).sort()).toEqual([
      ['.', '755', '700'],
      ['backups', '755', '700'],
      [path.join('backups', 'old.sqlite'), '666', '600'],
      ['opsdesk.sqlite', '644', '600'],
    ]);
    expect(modeOf(path.join(dir, 'already-private'))).toBe('600');
    expect(modeOf(outside)).toBe('644'); // a symbolic link's target is not ours to change
    expect(secureDataDir(dir)).toEqual([]);
  });

  it('a server started on a loose data directory tightens it, logs that it did, and everything it writes is private', async () => {
    const dir = path.join(root, 'data');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const config = loadConfig({ OPSDESK_DATA_DIR: dir, OPSDESK_PORT: '0', OPSDESK_HOST: '127.0.0.1', OPSDESK_LOG_LEVEL: 'info', OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD }, { demo: false }, root);
    let logged = '';
    const logDestination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const server = await startServer(config, { print: () => {}, logDestination });
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
      expect(login.status).toBe(200);
      const modes = modesUnder(dir);
      expect(Object.keys(modes)).toEqual(expect.arrayContaining(['opsdesk.sqlite', 'opsdesk.sqlite-wal', 'opsdesk.sqlite-shm', 'audit-signing-key.pem', 'audit-signing-key.pub.pem']));
      expect(Object.entries(modes).filter(([name, mode]) => mode !== (name === '.' ? '700' : '600'))).toEqual([]);
    } finally {
      await server.stop();
    }
    expect(logged).toContain('permissions tightened from 755 to 700');
    expect(logged).toContain(JSON.stringify(dir));
  });
});
