import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Dialect } from '../db/database.ts';
import { createTestDb } from './databases.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/opsdesk.mjs');

/** What a run of the real `opsdesk` command said: its exit code and both streams. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `opsdesk` command (bin/opsdesk.mjs) as a child process, as a shell would; a minute at most. */
export async function opsdesk(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Where the real command keeps its data in a test: a data directory, and on PostgreSQL a database of its own. */
export interface CliDatabase {
  dir: string;
  /** the command's database flags: `--data DIR`, plus `--database-url URL` on PostgreSQL */
  dbArgs: string[];
  /** the environment the command needs besides (the PostgreSQL schema) */
  env: Record<string, string>;
  /** the PostgreSQL database, to look at or tamper with it directly; null on SQLite (the file is `DIR/opsdesk.sqlite`) */
  pg: { url: string; schema: string } | null;
  destroy(): Promise<void>;
}

/**
 * A fresh, empty database for the real command, as on a new installation: the command migrates it itself. The
 * directory is private and removed by destroy(), with the PostgreSQL database.
 */
export async function cliDatabase(dialect: Dialect, prefix: string): Promise<CliDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const t = dialect === 'postgres' ? await createTestDb('postgres', { migrate: false }) : null;
  return {
    dir,
    dbArgs: t ? ['--data', dir, '--database-url', t.pg!.url] : ['--data', dir],
    env: t ? { OPSDESK_DATABASE_SCHEMA: t.pg!.schema } : {},
    pg: t?.pg ?? null,
    destroy: async () => {
      await t?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
