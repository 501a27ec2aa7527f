/**
 * The sites module's public surface: the sites of the estate, their routes, and the site reads and writes the estate
 * needs (devices belong to a site; the bulk import creates and updates sites).
 */
import type { Executor } from '../../db/types.ts';
import { sitesRepository } from './sites.repository.ts';
import type { SitesTable } from './sites.tables.ts';

export { SITE_CODE_PATTERN } from './sites.schemas.ts';
export type { SitesService } from './sites.service.ts';
export type { SitesTable, SitesTables } from './sites.tables.ts';

export const siteRecords = {
  findById: (db: Executor, id: string) => sitesRepository.findById(db, id),
  findByCodes: (db: Executor, codes: readonly string[]) => sitesRepository.findByCodes(db, codes),
  existingIds: (db: Executor, ids: readonly string[]) => sitesRepository.existingIds(db, ids),
  /** the sites a user may see: all of them for `null` */
  allVisible: (db: Executor, onlyIds: readonly string[] | null) => sitesRepository.allVisible(db, onlyIds),
  insert: (db: Executor, row: SitesTable) => sitesRepository.insert(db, row),
  update: (db: Executor, id: string, patch: Partial<Omit<SitesTable, 'id'>>) => sitesRepository.update(db, id, patch),
};
