import { sql } from 'kysely';
import { keyset, pageQuery, type PageRequest } from '../../../db/keyset.ts';
import { containsText, type Executor } from '../../../db/types.ts';
import type { AlertRulesTable } from '../alerting.tables.ts';

/** The list's order: by key, which is unique. */
export const RULES_ORDER = keyset<AlertRulesTable>({ column: 'alert_rules.key', direction: 'asc', type: 'text', of: (r) => r.key });

export interface RuleFilter {
  kind?: string | undefined;
  enabled?: boolean | undefined;
  q?: string | undefined;
}

/** How much of an evaluation error is kept: enough to see what threw, not a whole stack. */
const MAX_BROKEN_TEXT = 2000;

export const alertRulesRepository = {
  findById: (db: Executor, id: string) => db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst(),

  findByKey: (db: Executor, key: string) => db.selectFrom('alert_rules').selectAll().where('key', '=', key).executeTakeFirst(),

  /** Every rule, by key. An estate has tens of rules, a few hundred at most: the checks and exports read them all. */
  all: (db: Executor): Promise<AlertRulesTable[]> => db.selectFrom('alert_rules').selectAll().orderBy('key').execute(),

  list(db: Executor, filter: RuleFilter, page: PageRequest): Promise<AlertRulesTable[]> {
    let query = db.selectFrom('alert_rules').selectAll();
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.enabled !== undefined) query = query.where('enabled', '=', filter.enabled ? 1 : 0);
    if (filter.q) {
      const q = filter.q;
      query = query.where((eb) => eb.or([containsText('key', q), containsText('name', q), containsText('name_en', q)]));
    }
    return pageQuery(query, RULES_ORDER, page).execute();
  },

  insert: (db: Executor, row: AlertRulesTable) => db.insertInto('alert_rules').values(row).execute(),

  update: (db: Executor, id: string, patch: Partial<Omit<AlertRulesTable, 'id'>>) => db.updateTable('alert_rules').set(patch).where('id', '=', id).execute(),

  delete: (db: Executor, id: string) => db.deleteFrom('alert_rules').where('id', '=', id).execute(),

  /**
   * Whether a registered device reported this metric (a roll-up row) since `since`. One primary-key seek per device
   * (device_code, metric, minute), stopping at the first hit: the roll-ups of 30 days run to hundreds of millions of
   * rows on a large estate, and a DISTINCT over them — or a scan for a name nobody reports — would read them all.
   */
  async metricReportedSince(db: Executor, metric: string, since: number): Promise<boolean> {
    const row = await db
      .selectFrom('devices')
      .select('devices.code')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('metric_rollups')
            .select('metric_rollups.minute')
            .whereRef('metric_rollups.device_code', '=', 'devices.code')
            .where('metric_rollups.metric', '=', metric)
            .where('metric_rollups.minute', '>=', since),
        ),
      )
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },
};

/** The enabled rules, broken ones included (their `broken` says so): what the evaluator loads. */
export const enabledRules = (db: Executor): Promise<AlertRulesTable[]> => db.selectFrom('alert_rules').selectAll().where('enabled', '=', 1).orderBy('key').execute();

/**
 * A text that changes whenever the rules do — a rule added, edited, enabled, disabled, deleted, marked broken or
 * cleared — so the evaluator reloads only then. One aggregate over a small table: cheap enough to ask on every batch.
 * Edits bump `version` and `updated_at`; marking broken sets `broken_at`; a delete lowers the count or, with another
 * rule created in the same millisecond, changes the highest id.
 */
export async function rulesStamp(db: Executor): Promise<string> {
  const row = await db
    .selectFrom('alert_rules')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max('updated_at').as('updated'),
      eb.fn.sum<number | string>('version').as('versions'),
      eb.fn.max('id').as('last_id'),
      sql<number | string>`count(broken)`.as('broken'),
      eb.fn.max('broken_at').as('broken_at'),
    ])
    .executeTakeFirstOrThrow();
  return [row.n, row.updated, row.versions, row.last_id, row.broken, row.broken_at].map((v) => (v === null ? '-' : String(v))).join(':');
}

/** Records why a rule stopped being evaluated (it threw). Not an edit: version and updated_at stay. */
export async function markBroken(db: Executor, ruleId: string, error: string, at: number): Promise<void> {
  await db
    .updateTable('alert_rules')
    .set({ broken: error.slice(0, MAX_BROKEN_TEXT), broken_at: at })
    .where('id', '=', ruleId)
    .execute();
}

/** Forgets a rule's evaluation error (the evaluator found it working again). */
export async function clearBroken(db: Executor, ruleId: string): Promise<void> {
  await db.updateTable('alert_rules').set({ broken: null, broken_at: null }).where('id', '=', ruleId).execute();
}
