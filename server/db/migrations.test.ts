import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/databases.ts';
import { describeEachDatabase } from '../testing/each-database.ts';
import { migrateDown, migrateToLatest, pendingMigrations } from './migrator.ts';
import { migrations } from './migrations/index.ts';

const dir = path.join(import.meta.dirname, 'migrations');

describe('migrations are frozen', () => {
  it('every shipped migration still has the checksum it shipped with', () => {
    const frozen = JSON.parse(fs.readFileSync(path.join(dir, 'frozen.json'), 'utf8')) as Record<string, string>;
    for (const name of Object.keys(migrations)) {
      const text = fs.readFileSync(path.join(dir, `${name}.ts`));
      const sum = createHash('sha256').update(text).digest('hex');
      expect(frozen[name], `${name} is missing from frozen.json (add "${name}": "${sum}")`).toBeDefined();
      expect(sum, `${name}.ts changed after it shipped: add a new migration instead`).toBe(frozen[name]);
    }
  });

  it('do not import application code', () => {
    for (const name of Object.keys(migrations)) {
      const text = fs.readFileSync(path.join(dir, `${name}.ts`), 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => i !== 'kysely'), name).toEqual([]);
    }
  });
});

describeEachDatabase('migrations on %s', (dialect) => {
  let t: TestDb;
  afterEach(async () => t?.destroy());

  /** This database's tables: on PostgreSQL only its own schema's, not those of the other tests running meanwhile. */
  async function tables(): Promise<string[]> {
    const list = await t.db.kysely.introspection.getTables();
    return list
      .filter((x) => t.pg === null || x.schema === t.pg.schema)
      .map((x) => x.name)
      .filter((n) => !n.startsWith('opsdesk_migrations'))
      .sort();
  }

  it('run up, down to nothing, and up again', async () => {
    t = await createTestDb(dialect, { migrate: false });
    expect(await pendingMigrations(t.db)).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(t.db)).toEqual(Object.keys(migrations));
    expect(await tables()).toContain('audit_log');
    expect(await pendingMigrations(t.db)).toEqual([]);

    for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(t.db);
    expect(await tables()).toEqual([]);

    await migrateToLatest(t.db);
    expect(await tables()).toContain('users');
    // The schema is usable, not just present.
    await sql`insert into sites (id, code, name, timezone, created_at, updated_at) values ('s1', 'c1', 'n', 'Asia/Shanghai', 1, 1)`.execute(t.db.kysely);
    const row = await t.db.kysely.selectFrom('sites').selectAll().executeTakeFirstOrThrow();
    expect(row.created_at).toBe(1);
  });
});
