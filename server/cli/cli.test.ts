import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabase, opsdesk, type CliDatabase } from '../testing/cli.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

describeEachDatabase('opsdesk CLI on %s', (dialect) => {
  let cli: CliDatabase;
  /** Runs SQL straight against the database, as an attacker with file or superuser access would. */
  let tamper: (statement: string) => Promise<void>;

  beforeAll(async () => {
    cli = await cliDatabase(dialect, 'opsdesk-cli-');
    tamper = async (statement) => {
      if (cli.pg === null) {
        const db = new SQLite(path.join(cli.dir, 'opsdesk.sqlite'));
        db.exec(statement);
        db.close();
        return;
      }
      const client = new pg.Client({ connectionString: cli.pg.url, options: `-c search_path=${cli.pg.schema}` });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
  });
  afterAll(() => cli.destroy());

  // Six runs of the real command, a few seconds each on a busy two-core machine.
  it('migrates, creates users (audited) and verifies an intact log', { timeout: 120_000 }, async () => {
    const migrated = await opsdesk(['migrate', ...cli.dbArgs], cli.env);
    expect(migrated.code, JSON.stringify(migrated.stderr)).toBe(0);
    expect(migrated.stdout).toContain('2026-11-29-001-foundation');
    for (const name of ['duty1', 'duty2', 'duty3']) {
      const created = await opsdesk(['user', 'create', name, '--role', 'engineer', ...cli.dbArgs], cli.env);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toMatch(new RegExp(`created ${name} with password \\S+`));
    }
    const weak = await opsdesk(['user', 'create', 'weakling', '--role', 'engineer', '--password', 'password', ...cli.dbArgs], cli.env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('WEAK_PASSWORD');
    const verified = await opsdesk(['audit', 'verify', ...cli.dbArgs], cli.env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/audit log intact: 4 records/);
  });

  it('exits non-zero naming the first bad record when one is edited', async () => {
    await tamper(`update audit_log set actor_name = 'nobody' where seq = 2`);
    const verified = await opsdesk(['audit', 'verify', '--json', ...cli.dbArgs], cli.env);
    expect(verified.code).toBe(1);
    const report = JSON.parse(verified.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ seq: 2, kind: 'altered' });
  });
});

describe('opsdesk with options it cannot use', () => {
  it('says what is wrong with a database URL instead of crashing', async () => {
    const res = await opsdesk(['audit', 'verify', '--database-url', 'mysql://x'], {});
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('must start with postgres://');
  });

  it('exits 2 naming a data directory that is not there', async () => {
    const res = await opsdesk(['audit', 'verify', '--data', path.join(os.tmpdir(), 'no-such-opsdesk-dir')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no opsdesk database');
  });
});
