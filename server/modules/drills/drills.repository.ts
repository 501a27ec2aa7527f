import { sql, type SqlBool } from 'kysely';
import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import type { DrillFindingsTable, DrillRunsTable, DrillSchedulesTable, DrillStepsTable, FindingStatus, RunState } from './drills.tables.ts';

/** Schedules newest first. */
export const SCHEDULE_ORDER = keyset<DrillSchedulesTable>(
  { column: 'created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);
/** Runs by when they are (or were) due, the latest first: the calendar reads a month of them. */
export const RUN_ORDER = keyset<DrillRunsTable>(
  { column: 'scheduled_for', direction: 'desc', type: 'integer', of: (r) => r.scheduled_for },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);
export const FINDING_ORDER = keyset<DrillFindingsTable>(
  { column: 'created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);

/** The sites an actor is limited to (null: every site). */
export type SiteScope = readonly string[] | null;

export interface RunFilter {
  state?: RunState | undefined;
  scheduleId?: string | undefined;
  planId?: string | undefined;
  /** scheduled_for in [from, to) */
  from?: number | undefined;
  to?: number | undefined;
}

export interface FindingFilter {
  runId?: string | undefined;
  status?: FindingStatus | undefined;
  ownerId?: string | undefined;
}

/** A drill limited to some sites is seen by whoever sees one of them (as incidents are). */
const inScope = (kind: 'schedule' | 'run', idColumn: string, scope: SiteScope) =>
  sql<SqlBool>`exists (select 1 from drill_sites ds where ds.owner_kind = ${kind} and ds.owner_id = ${sql.ref(idColumn)} and ds.site_id in (${sql.join(scope!.length > 0 ? [...scope!] : [''])}))`;

const isUniqueViolation = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

/**
 * Every query of the drills module. One read goes to another module's table, read-only, because the users module's
 * public surface reads one account at a time: the names (and whether active) of a page's participants and owners.
 */
export const drillsRepository = {
  async people(db: Executor, ids: readonly string[]): Promise<Map<string, { id: string; name: string; active: boolean }>> {
    const found = new Map<string, { id: string; name: string; active: boolean }>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await db.selectFrom('users').select(['id', 'display_name', 'status']).where('id', 'in', unique.slice(i, i + 500)).execute();
      for (const r of rows) found.set(r.id, { id: r.id, name: r.display_name, active: r.status === 'active' });
    }
    return found;
  },

  // ————— schedules —————
  insertSchedule: (db: Executor, row: DrillSchedulesTable) => db.insertInto('drill_schedules').values(row).execute(),

  findSchedule: (db: Executor, id: string) => db.selectFrom('drill_schedules').selectAll().where('id', '=', id).executeTakeFirst(),

  async updateScheduleIfVersion(db: Executor, id: string, version: number, patch: Partial<DrillSchedulesTable>): Promise<DrillSchedulesTable | undefined> {
    const result = await db.updateTable('drill_schedules').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return drillsRepository.findSchedule(db, id);
  },

  /** Deletes a schedule and its sites; its runs stay, detached (schedule_id null, their occurrence kept). */
  async deleteScheduleIfVersion(db: Executor, id: string, version: number): Promise<boolean> {
    const found = await db.selectFrom('drill_schedules').select('id').where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (!found) return false;
    await db.updateTable('drill_runs').set({ schedule_id: null }).where('schedule_id', '=', id).execute();
    await db.deleteFrom('drill_sites').where('owner_kind', '=', 'schedule').where('owner_id', '=', id).execute();
    const gone = await db.deleteFrom('drill_schedules').where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(gone.numDeletedRows) > 0;
  },

  listSchedules(db: Executor, scope: SiteScope, page: PageRequest): Promise<DrillSchedulesTable[]> {
    let q = db.selectFrom('drill_schedules').selectAll();
    if (scope !== null) q = q.where(inScope('schedule', 'drill_schedules.id', scope));
    return pageQuery(q, SCHEDULE_ORDER, page).execute();
  },

  /** Enabled schedules whose next occurrence has come, oldest due first. */
  dueSchedules: (db: Executor, now: number, limit: number) =>
    db.selectFrom('drill_schedules').selectAll().where('enabled', '=', 1).where('next_due_at', '<=', now).orderBy('next_due_at').orderBy('id').limit(limit).execute(),

  /** Moves a schedule past the occurrence `due`, only if nobody did meanwhile. */
  async advanceSchedule(db: Executor, id: string, due: number, next: number | null): Promise<boolean> {
    const result = await db.updateTable('drill_schedules').set({ next_due_at: next }).where('id', '=', id).where('next_due_at', '=', due).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  // ————— sites —————
  async setSites(db: Executor, kind: 'schedule' | 'run', ownerId: string, siteIds: readonly string[]): Promise<void> {
    await db.deleteFrom('drill_sites').where('owner_kind', '=', kind).where('owner_id', '=', ownerId).execute();
    if (siteIds.length > 0) await db.insertInto('drill_sites').values(siteIds.map((site_id) => ({ owner_kind: kind, owner_id: ownerId, site_id }))).execute();
  },

  async sitesOf(db: Executor, kind: 'schedule' | 'run', ownerIds: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>(ownerIds.map((id) => [id, []]));
    if (ownerIds.length === 0) return found;
    const rows = await db.selectFrom('drill_sites').select(['owner_id', 'site_id']).where('owner_kind', '=', kind).where('owner_id', 'in', [...new Set(ownerIds)]).orderBy('site_id').execute();
    for (const r of rows) found.get(r.owner_id)?.push(r.site_id);
    return found;
  },

  // ————— runs —————
  /** Inserts the run; false when the schedule's occurrence already has one (another node, a retry). */
  async insertRun(db: Executor, row: DrillRunsTable): Promise<boolean> {
    try {
      const result = await db
        .insertInto('drill_runs')
        .values(row)
        .onConflict((oc) => oc.columns(['schedule_id', 'occurrence_at']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  },

  findRun: (db: Executor, id: string) => db.selectFrom('drill_runs').selectAll().where('id', '=', id).executeTakeFirst(),

  async updateRunIfVersion(db: Executor, id: string, version: number, patch: Partial<DrillRunsTable>): Promise<DrillRunsTable | undefined> {
    const result = await db.updateTable('drill_runs').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return drillsRepository.findRun(db, id);
  },

  listRuns(db: Executor, f: RunFilter, scope: SiteScope, page: PageRequest): Promise<DrillRunsTable[]> {
    let q = db.selectFrom('drill_runs').selectAll();
    if (f.state) q = q.where('state', '=', f.state);
    if (f.scheduleId) q = q.where('schedule_id', '=', f.scheduleId);
    if (f.planId) q = q.where('plan_id', '=', f.planId);
    if (f.from !== undefined) q = q.where('scheduled_for', '>=', f.from);
    if (f.to !== undefined) q = q.where('scheduled_for', '<', f.to);
    if (scope !== null) q = q.where(inScope('run', 'drill_runs.id', scope));
    return pageQuery(q, RUN_ORDER, page).execute();
  },

  /** The occurrences of these schedules that already have a run, from `from` on (the calendar leaves them out). */
  async occurrencesWithRuns(db: Executor, scheduleIds: readonly string[], from: number): Promise<Set<string>> {
    if (scheduleIds.length === 0) return new Set();
    const rows = await db.selectFrom('drill_runs').select(['schedule_id', 'occurrence_at']).where('schedule_id', 'in', [...scheduleIds]).where('occurrence_at', '>=', from).execute();
    return new Set(rows.map((r) => `${r.schedule_id}:${r.occurrence_at}`));
  },

  // ————— steps —————
  insertSteps: (db: Executor, rows: readonly DrillStepsTable[]) => (rows.length === 0 ? Promise.resolve() : db.insertInto('drill_steps').values([...rows]).execute()),

  steps: (db: Executor, runId: string) => db.selectFrom('drill_steps').selectAll().where('run_id', '=', runId).orderBy('position').execute(),

  step: (db: Executor, runId: string, key: string) => db.selectFrom('drill_steps').selectAll().where('run_id', '=', runId).where('step_key', '=', key).executeTakeFirst(),

  async updateStepIfVersion(db: Executor, runId: string, key: string, version: number, patch: Partial<DrillStepsTable>): Promise<DrillStepsTable | undefined> {
    const result = await db
      .updateTable('drill_steps')
      .set({ ...patch, version: version + 1 })
      .where('run_id', '=', runId)
      .where('step_key', '=', key)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return drillsRepository.step(db, runId, key);
  },

  /** Steps per run for a page of runs: how far each has come. */
  async stepCounts(db: Executor, runIds: readonly string[]): Promise<Map<string, { total: number; done: number; skipped: number }>> {
    const found = new Map<string, { total: number; done: number; skipped: number }>();
    if (runIds.length === 0) return found;
    const rows = await db
      .selectFrom('drill_steps')
      .select((eb) => [
        'run_id',
        eb.fn.countAll<number>().as('total'),
        eb.fn.count<number>('done_at').as('done'),
        eb.fn.count<number>('skipped_at').as('skipped'),
      ])
      .where('run_id', 'in', [...runIds])
      .groupBy('run_id')
      .execute();
    for (const r of rows) found.set(r.run_id, { total: Number(r.total), done: Number(r.done), skipped: Number(r.skipped) });
    return found;
  },

  // ————— findings —————
  insertFinding: (db: Executor, row: DrillFindingsTable) => db.insertInto('drill_findings').values(row).execute(),

  findFinding: (db: Executor, id: string) => db.selectFrom('drill_findings').selectAll().where('id', '=', id).executeTakeFirst(),

  async updateFindingIfVersion(db: Executor, id: string, version: number, patch: Partial<DrillFindingsTable>): Promise<DrillFindingsTable | undefined> {
    const result = await db.updateTable('drill_findings').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return drillsRepository.findFinding(db, id);
  },

  async deleteFindingIfVersion(db: Executor, id: string, version: number): Promise<boolean> {
    const result = await db.deleteFrom('drill_findings').where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  listFindings(db: Executor, f: FindingFilter, scope: SiteScope, page: PageRequest): Promise<DrillFindingsTable[]> {
    let q = db.selectFrom('drill_findings').selectAll();
    if (f.runId) q = q.where('run_id', '=', f.runId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.ownerId) q = q.where('owner_id', '=', f.ownerId);
    if (scope !== null) q = q.where(inScope('run', 'drill_findings.run_id', scope));
    return pageQuery(q, FINDING_ORDER, page).execute();
  },

  /** A run's findings for its page and report, oldest first; a drill has a handful, bounded anyway. */
  findingsOfRun: (db: Executor, runId: string, limit: number) =>
    db.selectFrom('drill_findings').selectAll().where('run_id', '=', runId).orderBy('created_at').orderBy('id').limit(limit).execute(),

  countFindings: async (db: Executor, runId: string): Promise<number> =>
    Number((await db.selectFrom('drill_findings').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow()).n),
};
