import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import { containsText, type Executor } from '../../db/types.ts';
import type { SitesTable } from './sites.tables.ts';

export interface SiteFilter {
  q?: string;
  /** null: all sites; otherwise only these (the caller's scope) */
  onlyIds: readonly string[] | null;
}

/** The list's order: by code, which is unique. */
export const SITES_ORDER = keyset<SitesTable>({ column: 'sites.code', direction: 'asc', type: 'text', of: (r) => r.code });

export const sitesRepository = {
  findById: (db: Executor, id: string) => db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst(),

  findByCode: (db: Executor, code: string) => db.selectFrom('sites').selectAll().where('code', '=', code).executeTakeFirst(),

  async findByCodes(db: Executor, codes: readonly string[]): Promise<SitesTable[]> {
    const unique = [...new Set(codes)];
    const rows: SitesTable[] = [];
    for (let i = 0; i < unique.length; i += 500) rows.push(...(await db.selectFrom('sites').selectAll().where('code', 'in', unique.slice(i, i + 500)).execute()));
    return rows;
  },

  /** Every site the caller may see (null: all), by code: the estate tree lists them all, however few devices they have. */
  allVisible(db: Executor, onlyIds: readonly string[] | null): Promise<SitesTable[]> {
    if (onlyIds !== null && onlyIds.length === 0) return Promise.resolve([]);
    let query = db.selectFrom('sites').selectAll();
    if (onlyIds !== null) query = query.where('id', 'in', onlyIds);
    return query.orderBy('code').execute();
  },

  async existingIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.selectFrom('sites').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  },

  async list(db: Executor, filter: SiteFilter, page: PageRequest): Promise<SitesTable[]> {
    if (filter.onlyIds !== null && filter.onlyIds.length === 0) return [];
    let query = db.selectFrom('sites').selectAll();
    if (filter.onlyIds !== null) query = query.where('id', 'in', filter.onlyIds);
    if (filter.q) {
      const q = filter.q;
      query = query.where((eb) => eb.or([containsText('code', q), containsText('name', q)]));
    }
    return pageQuery(query, SITES_ORDER, page).execute();
  },

  insert: (db: Executor, row: SitesTable) => db.insertInto('sites').values(row).execute(),

  update: (db: Executor, id: string, patch: Partial<Omit<SitesTable, 'id'>>) => db.updateTable('sites').set(patch).where('id', '=', id).execute(),
};
