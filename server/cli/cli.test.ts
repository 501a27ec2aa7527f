import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsdesk } from '../testing/cli.ts';
import { createTestDb, type TestDb } from '../testing/databases.ts';
import { describeEachDatabase } from '../testing/each-database.ts';


/** Runs the real `opsdesk` command; never throws, so a test can look at the exit code. */

describeEachDatabase('opsdesk CLI on %s', (dialect) => {
  let dir: string;
  let t: TestDb | null = null;
  let dbArgs: string[];
  let env: Record<string, string>;
  /** Runs SQL straight against the database, as an attacker with file or superuser access would. */
  let tamper: (statement: string) => Promise<void>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-cli-'));
    if (dialect === 'sqlite') {
      dbArgs = ['--data', dir];
      env = {};
      tamper = async (statement) => {
        const db = new SQLite(path.join(dir, 'opsdesk.sqlite'));
        db.exec(statement);
        db.close();
      };
    } else {
      t = await createTestDb('postgres', { migrate: false });
      dbArgs = ['--data', dir, '--database-url', t.pg!.url];
      env = { OPSDESK_DATABASE_SCHEMA: t.pg!.schema };
      tamper = async (statement) => {
        const client = new pg.Client({ connectionString: t!.pg!.url, options: `-c search_path=${t!.pg!.schema}` });
        await client.connect();
        await client.query(statement);
        await client.end();
      };
    }
  });
  afterAll(async () => {
    await t?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Six runs of the real command, a few seconds each on a busy two-core machine.
  it('migrates, creates users (audited) and verifies an intact log', { timeout: 120_000 }, async () => {
    const migrated = await opsdesk(['migrate', ...dbArgs], env);
    expect(migrated.code, JSON.stringify(migrated.stderr)).toBe(0);
    expect(migrated.stdout).toContain('2026-11-29-001-foundation');
    for (const name of ['duty1', 'duty2', 'duty3']) {
      const created = await opsdesk(['user', 'create', name, '--role', 'engineer', ...dbArgs], env);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toMatch(new RegExp(`created ${name} with password \\S+`));
    }
    const weak = await opsdesk(['user', 'create', 'weakling', '--role', 'engineer', '--password', 'password', ...dbArgs], env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('WEAK_PASSWORD');
    const verified = await opsdesk(['audit', 'verify', ...dbArgs], env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/audit log intact: 4 records/);
  });

  it('exits non-zero naming the first bad record when one is edited', async () => {
    await tamper(`update audit_log set actor_name = 'nobody' where seq = 2`);
    const verified = await opsdesk(['audit', 'verify', '--json', ...dbArgs], env);
    expect(verified.code).toBe(1);
    const report = JSON.parse(verified.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ seq: 2, kind: 'altered' });
  });

  it('says what is wrong with bad options instead of crashing', async () => {
    const res = await opsdesk(['audit', 'verify', '--database-url', 'mysql://x'], {});
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('must start with postgres://');
  });
});

describe('opsdesk audit verify on a data directory that is not there', () => {
  it('exits 2 with a message', async () => {
    const res = await opsdesk(['audit', 'verify', '--data', path.join(os.tmpdir(), 'no-such-opsdesk-dir')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no opsdesk database');
  });
});
