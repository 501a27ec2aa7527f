import type { ExpressionBuilder } from 'kysely';
import { keyset, pageQuery, type PageRequest } from '../../../db/keyset.ts';
import type { Database } from '../../../db/schema.ts';
import type { Executor } from '../../../db/types.ts';
import type { SilencesTable } from '../alerting.tables.ts';
import type { SilenceState } from './silences.schemas.ts';

/** A silence with its creator's display name (null when the user no longer exists). */
export type SilenceRow = SilencesTable & { created_by_name: string | null };

/** The list's order: latest end first (the index silences_ends_idx), the id breaking ties. */
export const SILENCES_ORDER = keyset<SilenceRow>(
  { column: 'silences.ends_at', direction: 'desc', type: 'integer', of: (r) => r.ends_at },
  { column: 'silences.id', direction: 'desc', type: 'text', of: (r) => r.id },
);

export interface SilenceFilter {
  /** absent or empty: every state */
  states?: readonly SilenceState[];
  now: number;
}

function inState(eb: ExpressionBuilder<Database, 'silences'>, state: SilenceState, now: number) {
  switch (state) {
    case 'pending':
      return eb('silences.starts_at', '>', now);
    case 'active':
      return eb.and([eb('silences.starts_at', '<=', now), eb('silences.ends_at', '>', now)]);
    case 'expired':
      return eb('silences.ends_at', '<=', now);
  }
}

const withCreator = (db: Executor) =>
  db.selectFrom('silences').leftJoin('users', 'users.id', 'silences.created_by').selectAll('silences').select('users.display_name as created_by_name');

/** An open alert's id and labels, as the preview reads them. */
export interface OpenAlertLabels {
  id: string;
  labels: string;
}

export const silencesRepository = {
  findById: (db: Executor, id: string): Promise<SilenceRow | undefined> => withCreator(db).where('silences.id', '=', id).executeTakeFirst(),

  list(db: Executor, filter: SilenceFilter, page: PageRequest): Promise<SilenceRow[]> {
    let query = withCreator(db);
    const { states, now } = filter;
    if (states && states.length > 0) query = query.where((eb) => eb.or(states.map((s) => inState(eb, s, now))));
    return pageQuery(query, SILENCES_ORDER, page).execute();
  },

  insert: (db: Executor, row: SilencesTable) => db.insertInto('silences').values(row).execute(),

  update: (db: Executor, id: string, patch: Partial<Omit<SilencesTable, 'id' | 'created_by' | 'created_at'>>) =>
    db.updateTable('silences').set(patch).where('id', '=', id).execute(),

  /**
   * Open (not resolved) alerts, newest first, `limit` at a time after the id `beforeId`: the preview matches their
   * labels in JS, batch by batch, so however many are open it never holds them all. `onlySiteIds` null: every site.
   */
  openAlertLabels(db: Executor, onlySiteIds: readonly string[] | null, beforeId: string | null, limit: number): Promise<OpenAlertLabels[]> {
    if (onlySiteIds !== null && onlySiteIds.length === 0) return Promise.resolve([]);
    let query = db.selectFrom('alerts').select(['id', 'labels']).where('state', '<>', 'resolved');
    if (onlySiteIds !== null) query = query.where('site_id', 'in', onlySiteIds);
    if (beforeId !== null) query = query.where('id', '<', beforeId);
    return query.orderBy('id', 'desc').limit(limit).execute();
  },
};
