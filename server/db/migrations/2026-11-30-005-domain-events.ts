import { sql, type Kysely } from 'kysely';

/**
 * FROZEN once shipped. Durable domain events: the outbox (`domain_events`, appended in the transaction of the change)
 * and each durable consumer's cursor (`event_cursors`). See server/events/README.md.
 */

/** PostgreSQL numbers its parameters ($1), SQLite does not (?): telling them apart with Kysely alone. */
const isPostgres = (db: Kysely<any>): boolean => sql`select ${1}`.compile(db).sql.includes('$1');

export async function up(db: Kysely<any>): Promise<void> {
  // Positions only ever grow and are never reused, even once retention has emptied the table: a cursor past a reused
  // position would skip the new event. SQLite needs AUTOINCREMENT for that (a plain rowid restarts after the largest
  // row is deleted); PostgreSQL's identity never goes back.
  await db.schema
    .createTable('domain_events')
    .addColumn('position', isPostgres(db) ? 'bigint' : 'integer', (c) => (isPostgres(db) ? c.generatedAlwaysAsIdentity().primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('event_cursors')
    .addColumn('consumer', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('holder', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_cursors').execute();
  await db.schema.dropTable('domain_events').execute();
}
