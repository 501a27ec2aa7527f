import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. Manual fallback and back-fill (补录, SPEC C6.2, issue 12 item 4): what staff did by hand while
 * a system was down — tickets sold and checked, payments taken at the counter — entered afterwards against the
 * incident. Each record is also a row of `transactions` (source 'backfill'), so reconciliation sees it like any other;
 * this table says which incident it belongs to, its handheld or paper record number, and who entered it and how.
 * See server/modules/backfill/README.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backfill_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    // csv | xlsx
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('backfill_imports_incident_idx').on('backfill_imports').columns(['incident_id', 'created_at']).execute();

  await db.schema
    .createTable('backfill_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    // ticket_sale | ticket_check | counter_payment
    .addColumn('kind', 'text', (c) => c.notNull())
    // the handheld, ticket window or counter terminal it was done on (a device code), and its record number there
    .addColumn('device_code', 'text', (c) => c.notNull())
    .addColumn('record_no', 'text', (c) => c.notNull())
    // the transactions row it became (txn_id), one to one
    .addColumn('txn_id', 'text', (c) => c.notNull().unique())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    // form | import
    .addColumn('entered_via', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.references('backfill_imports.id'))
    .addColumn('note', 'text')
    .addColumn('entered_by', 'text')
    .addColumn('entered_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // The same record number on the same device is the same record: idempotence lives here.
  await db.schema.createIndex('backfill_records_record_idx').on('backfill_records').columns(['device_code', 'record_no']).unique().execute();
  // The incident's list, newest first, and its totals by kind.
  await db.schema.createIndex('backfill_records_incident_idx').on('backfill_records').columns(['incident_id', 'occurred_at', 'id']).execute();
  await db.schema.createIndex('backfill_records_kind_idx').on('backfill_records').columns(['incident_id', 'kind', 'amount_fen']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backfill_records').execute();
  await db.schema.dropTable('backfill_imports').execute();
}
