import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import type { IncidentPlansTable, IncidentPlanStepsTable, PlansTable, PlanState, PlanVersionsTable } from './plans.tables.ts';

export const PLANS_ORDER = keyset<PlansTable>({ column: 'plans.key', direction: 'asc', type: 'text', of: (r) => r.key });

export interface PlanFilter {
  state?: PlanState;
  category?: string;
}

/** Every query of the plans module. */
export const plansRepository = {
  findById: (db: Executor, id: string) => db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst(),

  existingKeys: async (db: Executor, keys: readonly string[]): Promise<Set<string>> =>
    keys.length === 0 ? new Set() : new Set((await db.selectFrom('plans').select('key').where('key', 'in', keys).execute()).map((r) => r.key)),

  list(db: Executor, f: PlanFilter, page: PageRequest): Promise<PlansTable[]> {
    let q = db.selectFrom('plans').selectAll();
    if (f.state) q = q.where('state', '=', f.state);
    if (f.category) q = q.where('category', '=', f.category);
    return pageQuery(q, PLANS_ORDER, page).execute();
  },

  insert: (db: Executor, row: PlansTable) => db.insertInto('plans').values(row).execute(),

  async updateIfVersion(db: Executor, id: string, version: number, patch: Partial<PlansTable>): Promise<PlansTable | undefined> {
    const result = await db.updateTable('plans').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return plansRepository.findById(db, id);
  },

  insertVersion: (db: Executor, row: PlanVersionsTable) => db.insertInto('plan_versions').values(row).execute(),

  versions: (db: Executor, planId: string) =>
    db.selectFrom('plan_versions').select(['plan_id', 'number', 'published_at', 'published_by']).where('plan_id', '=', planId).orderBy('number', 'desc').limit(1000).execute(),

  version: (db: Executor, planId: string, number: number) =>
    db.selectFrom('plan_versions').selectAll().where('plan_id', '=', planId).where('number', '=', number).executeTakeFirst(),

  /**
   * The newest published version's trigger of every active plan (or of these plans only): what suggestions match
   * against, in one query.
   */
  publishedTriggers(db: Executor, ids?: readonly string[]) {
    let q = db
      .selectFrom('plans')
      .innerJoin('plan_versions', (j) => j.onRef('plan_versions.plan_id', '=', 'plans.id').onRef('plan_versions.number', '=', 'plans.published_version'))
      .select(['plans.id', 'plans.key', 'plans.title', 'plans.category', 'plan_versions.number', 'plan_versions.trigger'])
      .where('plans.state', '=', 'active');
    if (ids) q = q.where('plans.id', 'in', ids);
    return q.orderBy('plans.key').execute();
  },

  /** Every plan's edit counter (it moves with every write of the plan): which plans changed since a look. */
  planVersions: (db: Executor) => db.selectFrom('plans').select(['id', 'version']).execute(),

  /** A cheap fingerprint of what suggestions depend on: it changes whenever a plan is published, archived or added. */
  async librarySignature(db: Executor): Promise<string> {
    const row = await db
      .selectFrom('plans')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at'), eb.fn.sum<number>('version').as('v')])
      .executeTakeFirstOrThrow();
    return `${row.n}:${row.at ?? 0}:${row.v ?? 0}`;
  },

  // ── incidents' plans ──

  incidentPlan: (db: Executor, incidentId: string) => db.selectFrom('incident_plans').selectAll().where('incident_id', '=', incidentId).executeTakeFirst(),

  insertIncidentPlan: (db: Executor, row: IncidentPlansTable) => db.insertInto('incident_plans').values(row).execute(),

  insertSteps: (db: Executor, rows: IncidentPlanStepsTable[]) => (rows.length === 0 ? Promise.resolve() : db.insertInto('incident_plan_steps').values(rows).execute()),

  steps: (db: Executor, incidentId: string) => db.selectFrom('incident_plan_steps').selectAll().where('incident_id', '=', incidentId).orderBy('position').execute(),

  step: (db: Executor, incidentId: string, key: string) =>
    db.selectFrom('incident_plan_steps').selectAll().where('incident_id', '=', incidentId).where('step_key', '=', key).executeTakeFirst(),

  async updateStepIfVersion(db: Executor, incidentId: string, key: string, version: number, patch: Partial<IncidentPlanStepsTable>): Promise<IncidentPlanStepsTable | undefined> {
    const result = await db
      .updateTable('incident_plan_steps')
      .set({ ...patch, version: version + 1 })
      .where('incident_id', '=', incidentId)
      .where('step_key', '=', key)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return plansRepository.step(db, incidentId, key);
  },

  /** The incident's back-fill steps that are neither done nor skipped. */
  openBackfillSteps: (db: Executor, incidentId: string) =>
    db
      .selectFrom('incident_plan_steps')
      .select(['step_key', 'title'])
      .where('incident_id', '=', incidentId)
      .where('backfill', '=', 1)
      .where('done_at', 'is', null)
      .where('skipped_at', 'is', null)
      .execute(),

  /** Open steps with a check, oldest incidents first: what the verification job evaluates. */
  openCheckedSteps: (db: Executor, limit: number) =>
    db
      .selectFrom('incident_plan_steps')
      .selectAll()
      .where('step_check', 'is not', null)
      .where('done_at', 'is', null)
      .where('skipped_at', 'is', null)
      .orderBy('incident_id')
      .orderBy('position')
      .limit(limit)
      .execute(),

  userNames: async (db: Executor, ids: readonly string[]): Promise<Map<string, string>> =>
    ids.length === 0 ? new Map() : new Map((await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((r) => [r.id, r.display_name])),
};
