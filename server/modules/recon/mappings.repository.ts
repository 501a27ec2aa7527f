import type { Executor } from '../../db/types.ts';
import type { ReconColumnMappingsTable } from './mappings.tables.ts';

/** Every query of saved column mappings. */
export const mappingsRepository = {
  list: (db: Executor, source?: string) => {
    let q = db.selectFrom('recon_column_mappings').selectAll();
    if (source !== undefined) q = q.where('source', '=', source);
    return q.orderBy('name').orderBy('id').execute();
  },

  find: (db: Executor, id: string) => db.selectFrom('recon_column_mappings').selectAll().where('id', '=', id).executeTakeFirst(),

  findByName: (db: Executor, name: string) => db.selectFrom('recon_column_mappings').selectAll().where('name', '=', name).executeTakeFirst(),

  /** The mappings of a source saved for exactly this header signature (JSON text of the normalised cells). */
  findBySignature: (db: Executor, source: string, signature: string) =>
    db.selectFrom('recon_column_mappings').selectAll().where('source', '=', source).where('header_signature', '=', signature).orderBy('name').execute(),

  /** False when the name is taken (by a mapping saved meanwhile, too: the unique index decides). */
  async insert(db: Executor, row: ReconColumnMappingsTable): Promise<boolean> {
    const result = await db.insertInto('recon_column_mappings').values(row).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async updateIfVersion(db: Executor, id: string, version: number, patch: Partial<ReconColumnMappingsTable>): Promise<boolean> {
    const result = await db.updateTable('recon_column_mappings').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async remove(db: Executor, id: string): Promise<boolean> {
    const result = await db.deleteFrom('recon_column_mappings').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};
