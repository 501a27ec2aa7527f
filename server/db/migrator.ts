import { Migrator, type MigrationResultSet } from 'kysely';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

function migratorFor(db: Db): Migrator {
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'opsdesk_migrations',
    migrationLockTableName: 'opsdesk_migrations_lock',
    // Kysely looks for its tables in every schema unless told which; name ours so that databases sharing a server
    // (test schemas, several installations) never see each other's migration state.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed ?? '(unknown)'} failed: ${cause}`, { cause: result.error });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names applied. Safe to run on several nodes at once (Kysely locks). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migratorFor(db).migrateToLatest());
}

/** Applies or reverts migrations until `name` is the newest applied (tests of a migration's data conversion). */
export async function migrateTo(db: Db, name: string): Promise<string[]> {
  return check(await migratorFor(db).migrateTo(name));
}

/** Reverts the newest applied migration. */
export async function migrateDown(db: Db): Promise<string[]> {
  return check(await migratorFor(db).migrateDown());
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migratorFor(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
