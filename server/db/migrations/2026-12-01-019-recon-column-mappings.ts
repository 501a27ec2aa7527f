import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. Saved column mappings for generic ledgers (issue 13): a ledger export whose header the
 * recogniser cannot map (NEEDS_MAPPING) is mapped once by a person, under a name, and the mapping is applied by name
 * or, when the same layout arrives again, by its header signature. See server/modules/recon/README.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recon_column_mappings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // what people pick it by, in the upload dialog and as ?mapping= of an import
    .addColumn('name', 'text', (c) => c.notNull().unique())
    // the API's source name it applies to (ledger)
    .addColumn('source', 'text', (c) => c.notNull())
    // JSON ColumnMapping: { field: header name or 0-based index, …, amountUnit? }
    .addColumn('mapping', 'text', (c) => c.notNull())
    // JSON array of the normalised header cells it was made for: an import with the same header finds it
    .addColumn('header_signature', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // optimistic concurrency: an update names the version it read
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recon_column_mappings_signature_idx').on('recon_column_mappings').columns(['source', 'header_signature']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recon_column_mappings').execute();
}
