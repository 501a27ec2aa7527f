import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sweepTestDatabases } from './databases.ts';

/**
 * Vitest global set-up, run once before the test files, in the process that starts the workers (so what it puts in
 * process.env reaches them):
 * - says what will be skipped and why, so a green run without PostgreSQL is not mistaken for a full one (the skipped
 *   suites also name the reason);
 * - points TMPDIR at a private directory in memory (/dev/shm) when the machine has one: every test database, data
 *   directory and upload lives under it, and SQLite's fsync per commit costs nothing there;
 * - drops the PostgreSQL test databases that test processes killed earlier left behind.
 * The returned function removes the directory after the run.
 */
export default async function globalSetup(): Promise<() => void> {
  // Several projects name this set-up; the first does the work for the run.
  if (process.env.OPSDESK_TESTS_PREPARED) return () => {};
  process.env.OPSDESK_TESTS_PREPARED = '1';
  if (!process.env.OPSDESK_TEST_PG_URL) {
    console.warn(
      '\nNot run in this test run, reported as skipped: PostgreSQL suites (set OPSDESK_TEST_PG_URL, e.g. postgres://postgres@127.0.0.1:5432/test)\n',
    );
  } else {
    await sweepTestDatabases();
  }
  const memory = '/dev/shm';
  if (!isWritableDir(memory)) return () => delete process.env.OPSDESK_TESTS_PREPARED;
  const dir = fs.mkdtempSync(path.join(memory, 'opsdesk-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    delete process.env.OPSDESK_TESTS_PREPARED;
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

function isWritableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory() && os.platform() === 'linux';
  } catch {
    return false;
  }
}
