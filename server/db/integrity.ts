import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * Checks that keep opsdesk from trusting a database file it should not: one that is empty, belongs to something else,
 * or is damaged. Without them SQLite happily treats a zero-byte file as a new database (a second "first start": new
 * administrator, new audit chain), adds opsdesk's tables to another application's database, and serves from a file
 * with corrupt pages until a query happens to touch one.
 */

/** Why opsdesk will not use a database file. The message names the file and says what to do. */
export class DatabaseFileError extends Error {
  override name = 'DatabaseFileError';
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** What to do about a damaged or emptied database: the same advice wherever it is found. */
export function restoreAdvice(file: string): string {
  return `Stop every opsdesk process using it, restore ${path.basename(file)} from the newest backup (or move it away to start with a new database), then check the audit log with \`opsdesk audit verify --data ${path.dirname(file)}\`.`;
}

/**
 * Refuses an existing file that cannot be opsdesk's database, before SQLite opens it. An absent file is fine: that
 * is a first start.
 */
export function assertSqliteFileUsable(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return;
    throw new DatabaseFileError(`cannot open the database ${file}: ${e.code === 'EACCES' ? 'permission denied' : e.message}`);
  }
  try {
    if (fs.fstatSync(fd).size === 0) {
      throw new DatabaseFileError(`the database ${file} is empty (0 bytes). opsdesk never leaves an empty database behind, so it was truncated or replaced; opsdesk will not treat it as a first start. ${restoreAdvice(file)}`);
    }
    const header = Buffer.alloc(SQLITE_HEADER.length);
    fs.readSync(fd, header, 0, header.length, 0);
    if (!header.equals(SQLITE_HEADER)) {
      throw new DatabaseFileError(`${file} is not an SQLite database (it does not begin with "SQLite format 3"). Point OPSDESK_DATA_DIR at opsdesk's data directory, or restore the database from a backup.`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Creates a new, empty database: under a temporary name first, switched to WAL (which writes its header), then
 * hard-linked into place. So the file at `file` is never a zero-byte one that assertSqliteFileUsable would refuse,
 * even when the process dies half-way, and a second process creating it at the same moment cannot replace the first
 * one's (link fails when the name exists; the loser just opens the winner's).
 */
export function createSqliteFile(file: string, open: (file: string) => SQLite.Database, createPrivate: (file: string) => void): void {
  if (fs.existsSync(file)) return;
  const temporary = `${file}.new-${process.pid}`;
  fs.rmSync(temporary, { force: true });
  createPrivate(temporary);
  try {
    open(temporary).close();
    fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Refuses an SQLite database that holds another application's tables and none of opsdesk's. */
export function assertOpsdeskTables(sqlite: SQLite.Database, file: string): void {
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`).pluck().all() as string[];
  if (tables.length === 0 || tables.includes('opsdesk_migrations')) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
  throw new DatabaseFileError(`${file} is an SQLite database, but not opsdesk's: it holds other tables (${shown}) and none of opsdesk's. opsdesk will not add its tables to another application's database; point OPSDESK_DATA_DIR at opsdesk's data directory.`);
}

/** SQLite's result codes that mean the file itself is damaged. */
const DAMAGED_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

export const isDamagedError = (error: unknown): boolean => DAMAGED_CODES.has((error as { code?: string } | null)?.code ?? '');

export function damagedDatabase(file: string, problems: readonly string[]): DatabaseFileError {
  const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
  return new DatabaseFileError(`the database ${file} is damaged (${shown}). opsdesk will not start on it. ${restoreAdvice(file)}`);
}

/** At most this many problems are listed: the first few say enough. */
const MAX_PROBLEMS = 10;

/**
 * PRAGMA quick_check on a connection of its own in a worker thread, so a large database does not hold up the event
 * loop. It reads every page and checks the b-trees' structure (not index contents, which integrity_check does at many
 * times the cost). Resolves with the problems found; none means the file is sound.
 */
export function quickCheck(file: string): Promise<string[]> {
  return new Promise((resolve) => {
    const thread = new Worker(new URL('./quick-check.worker.mjs', import.meta.url), { workerData: { file, maxProblems: MAX_PROBLEMS } });
    thread.once('message', (message: { problems: string[] }) => resolve(message.problems));
    thread.once('error', (error) => resolve([`the check could not run: ${error.message}`]));
    thread.once('exit', (code) => resolve([`the check stopped with exit code ${code}`]));
  });
}
