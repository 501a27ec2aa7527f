import { sql } from 'kysely';
import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import { containsText, type Executor } from '../../db/types.ts';
import type { SpareMovementsTable, SparePartsTable } from './estate.tables.ts';

export interface SparePartFilter {
  q?: string;
  /** only parts whose total stock is at or below their reorder threshold */
  lowStock?: boolean;
}

/** Parts by SKU, which is unique. */
export const SPARE_PARTS_ORDER = keyset<SparePartsTable>({ column: 'sku', direction: 'asc', type: 'text', of: (r) => r.sku });

/** A part's movements newest first, the id breaking ties between movements of the same millisecond. */
export const MOVEMENTS_ORDER = keyset<SpareMovementsTable>(
  { column: 'at', direction: 'desc', type: 'integer', of: (r) => r.at },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);

export const sparePartsRepository = {
  findById: (db: Executor, id: string) => db.selectFrom('spare_parts').selectAll().where('id', '=', id).executeTakeFirst(),

  findBySku: (db: Executor, sku: string) => db.selectFrom('spare_parts').selectAll().where('sku', '=', sku).executeTakeFirst(),

  list(db: Executor, filter: SparePartFilter, page: PageRequest): Promise<SparePartsTable[]> {
    let query = db.selectFrom('spare_parts').selectAll();
    if (filter.q) {
      const q = filter.q;
      query = query.where((eb) => eb.or(['sku', 'name', 'category'].map((c) => containsText(c, q))));
    }
    if (filter.lowStock) {
      query = query.where(sql<boolean>`reorder_threshold >= coalesce((select sum(s.quantity) from spare_stock s where s.part_id = spare_parts.id), 0)`);
    }
    return pageQuery(query, SPARE_PARTS_ORDER, page).execute();
  },

  insert: (db: Executor, row: SparePartsTable) => db.insertInto('spare_parts').values(row).execute(),

  update: (db: Executor, id: string, patch: Partial<Omit<SparePartsTable, 'id'>>) => db.updateTable('spare_parts').set(patch).where('id', '=', id).execute(),

  /** Stock per warehouse of each part, warehouses by name. */
  async stockOf(db: Executor, partIds: readonly string[]): Promise<Map<string, { warehouse: string; quantity: number }[]>> {
    const result = new Map<string, { warehouse: string; quantity: number }[]>(partIds.map((id) => [id, []]));
    if (partIds.length === 0) return result;
    const rows = await db.selectFrom('spare_stock').selectAll().where('part_id', 'in', partIds).orderBy('warehouse').execute();
    for (const r of rows) result.get(r.part_id)?.push({ warehouse: r.warehouse, quantity: Number(r.quantity) });
    return result;
  },

  async quantityIn(db: Executor, partId: string, warehouse: string): Promise<number> {
    const row = await db.selectFrom('spare_stock').select('quantity').where('part_id', '=', partId).where('warehouse', '=', warehouse).executeTakeFirst();
    return Number(row?.quantity ?? 0);
  },

  /**
   * Books a change of stock in one statement, so two engineers taking the last part at once cannot both succeed.
   * Returns the quantity after, or null when taking that many would go below zero.
   */
  async applyDelta(trx: Executor, partId: string, warehouse: string, delta: number): Promise<number | null> {
    if (delta > 0) {
      const row = await trx
        .insertInto('spare_stock')
        .values({ part_id: partId, warehouse, quantity: delta })
        .onConflict((oc) => oc.columns(['part_id', 'warehouse']).doUpdateSet({ quantity: sql`spare_stock.quantity + ${delta}` }))
        .returning('quantity')
        .executeTakeFirstOrThrow();
      return Number(row.quantity);
    }
    const row = await trx
      .updateTable('spare_stock')
      .set({ quantity: sql`quantity + ${delta}` })
      .where('part_id', '=', partId)
      .where('warehouse', '=', warehouse)
      .where(sql<boolean>`quantity + ${delta} >= 0`)
      .returning('quantity')
      .executeTakeFirst();
    return row ? Number(row.quantity) : null;
  },

  insertMovement: (db: Executor, row: SpareMovementsTable) => db.insertInto('spare_movements').values(row).execute(),

  /** A page of a part's movements in MOVEMENTS_ORDER. */
  movements(db: Executor, partId: string, page: PageRequest): Promise<SpareMovementsTable[]> {
    return pageQuery(db.selectFrom('spare_movements').selectAll().where('part_id', '=', partId), MOVEMENTS_ORDER, page).execute();
  },
};
