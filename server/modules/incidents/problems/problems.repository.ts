import { keyset, pageQuery, type PageRequest } from '../../../db/keyset.ts';
import { containsText, type Executor } from '../../../db/types.ts';
import type { ProblemsTable } from '../incidents.tables.ts';
import type { ProblemState } from './problem-states.ts';

/** Problems newest first, the id breaking ties. */
export const PROBLEMS_ORDER = keyset<ProblemsTable>(
  { column: 'problems.created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'problems.id', direction: 'desc', type: 'text', of: (r) => r.id },
);

/** Who sees a problem: everyone with incidents:read when `onlySiteIds` is null; otherwise its creator and the people of a site one of its incidents is at. */
export interface ProblemScope {
  onlySiteIds: readonly string[] | null;
  userId: string | null;
}

export interface ProblemFilter extends ProblemScope {
  states?: readonly ProblemState[];
  ownerId?: string;
  number?: number;
  titleWords?: string;
}

const INCIDENT_BRIEF = ['incidents.id', 'incidents.number', 'incidents.title', 'incidents.state', 'incidents.site_id', 'incidents.device_id', 'incidents.cause_category', 'incidents.closed_at'] as const;

export const problemsRepository = {
  findById: (db: Executor, id: string) => db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirst(),

  async nextNumber(db: Executor): Promise<number> {
    const row = await db.selectFrom('problems').select((eb) => eb.fn.max<number | null>('number').as('n')).executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  },

  insert: (db: Executor, row: ProblemsTable) => db.insertInto('problems').values(row).execute(),

  /** Writes only if the problem is still at `version`; the row as written, or undefined when someone was first. */
  async updateIfVersion(db: Executor, id: string, version: number, patch: Partial<ProblemsTable>): Promise<ProblemsTable | undefined> {
    const result = await db.updateTable('problems').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return undefined;
    return problemsRepository.findById(db, id);
  },

  async visible(db: Executor, id: string, scope: ProblemScope): Promise<ProblemsTable | undefined> {
    const row = await problemsRepository.findById(db, id);
    if (!row || scope.onlySiteIds === null || row.created_by === scope.userId) return row;
    if (scope.onlySiteIds.length === 0) return undefined;
    const linked = await db
      .selectFrom('problem_incidents')
      .innerJoin('incidents', 'incidents.id', 'problem_incidents.incident_id')
      .select('incidents.id')
      .where('problem_incidents.problem_id', '=', id)
      .where('incidents.site_id', 'in', scope.onlySiteIds)
      .limit(1)
      .executeTakeFirst();
    return linked ? row : undefined;
  },

  list(db: Executor, f: ProblemFilter, page: PageRequest): Promise<ProblemsTable[]> {
    let q = db.selectFrom('problems').selectAll();
    if (f.onlySiteIds !== null) {
      const sites = f.onlySiteIds;
      q = q.where((eb) =>
        eb.or([
          ...(f.userId ? [eb('problems.created_by', '=', f.userId)] : []),
          ...(sites.length
            ? [
                eb.exists(
                  eb
                    .selectFrom('problem_incidents')
                    .innerJoin('incidents', 'incidents.id', 'problem_incidents.incident_id')
                    .select('incidents.id')
                    .whereRef('problem_incidents.problem_id', '=', 'problems.id')
                    .where('incidents.site_id', 'in', sites),
                ),
              ]
            : []),
        ]),
      );
    }
    if (f.states?.length) q = q.where('problems.state', 'in', f.states);
    if (f.ownerId) q = q.where('problems.owner_id', '=', f.ownerId);
    if (f.number !== undefined) q = q.where('problems.number', '=', f.number);
    if (f.titleWords) q = q.where(containsText('problems.title', f.titleWords));
    return pageQuery(q, PROBLEMS_ORDER, page).execute();
  },

  async incidentCounts(db: Executor, problemIds: readonly string[]): Promise<Map<string, number>> {
    if (problemIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('problem_incidents')
      .select(['problem_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('problem_id', 'in', problemIds)
      .groupBy('problem_id')
      .execute();
    return new Map(rows.map((r) => [r.problem_id, Number(r.n)]));
  },

  isActiveUser: async (db: Executor, id: string): Promise<boolean> =>
    (await db.selectFrom('users').select('id').where('id', '=', id).where('status', '=', 'active').executeTakeFirst()) !== undefined,

  /** Links once; true when the link is new. */
  async link(db: Executor, problemId: string, incidentId: string, at: number): Promise<boolean> {
    const result = await db
      .insertInto('problem_incidents')
      .values({ problem_id: problemId, incident_id: incidentId, linked_at: at })
      .onConflict((oc) => oc.columns(['problem_id', 'incident_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async unlink(db: Executor, problemId: string, incidentId: string): Promise<boolean> {
    const result = await db.deleteFrom('problem_incidents').where('problem_id', '=', problemId).where('incident_id', '=', incidentId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  linkedIncidents(db: Executor, problemId: string, onlySiteIds: readonly string[] | null) {
    let q = db
      .selectFrom('problem_incidents')
      .innerJoin('incidents', 'incidents.id', 'problem_incidents.incident_id')
      .select([...INCIDENT_BRIEF, 'problem_incidents.linked_at'])
      .where('problem_incidents.problem_id', '=', problemId);
    if (onlySiteIds !== null) {
      if (onlySiteIds.length === 0) return Promise.resolve([]);
      q = q.where('incidents.site_id', 'in', onlySiteIds);
    }
    return q.orderBy('problem_incidents.linked_at').orderBy('incidents.id').limit(500).execute();
  },

  deviceType: async (db: Executor, deviceId: string): Promise<string | null> =>
    (await db.selectFrom('devices').select('type').where('id', '=', deviceId).executeTakeFirst())?.type ?? null,

  /**
   * Closed incidents like one: the same cause category, closed since `closedSince`, at the same device or one of the
   * same type (or, for an incident of no device, in the same subsystem). Newest first.
   */
  similarClosed(
    db: Executor,
    f: { excludeId: string; causeCategory: string; closedSince: number; deviceId: string | null; deviceType: string | null; subsystem: string | null; onlySiteIds: readonly string[] | null; limit: number },
  ) {
    let q = db
      .selectFrom('incidents')
      .select(INCIDENT_BRIEF)
      .where('incidents.state', '=', 'closed')
      .where('incidents.closed_at', '>=', f.closedSince)
      .where('incidents.cause_category', '=', f.causeCategory)
      .where('incidents.id', '!=', f.excludeId);
    if (f.deviceId) {
      const { deviceId, deviceType } = f;
      q = q.where((eb) =>
        eb.or([
          eb('incidents.device_id', '=', deviceId),
          ...(deviceType !== null ? [eb('incidents.device_id', 'in', eb.selectFrom('devices').select('devices.id').where('devices.type', '=', deviceType))] : []),
        ]),
      );
    } else if (f.subsystem) {
      q = q.where('incidents.subsystem', '=', f.subsystem);
    } else {
      return Promise.resolve([]);
    }
    if (f.onlySiteIds !== null) {
      if (f.onlySiteIds.length === 0) return Promise.resolve([]);
      q = q.where('incidents.site_id', 'in', f.onlySiteIds);
    }
    return q.orderBy('incidents.closed_at', 'desc').orderBy('incidents.id', 'desc').limit(f.limit).execute();
  },

  async problemRefsOf(db: Executor, incidentIds: readonly string[]): Promise<Map<string, number[]>> {
    const result = new Map<string, number[]>();
    if (incidentIds.length === 0) return result;
    const rows = await db
      .selectFrom('problem_incidents')
      .innerJoin('problems', 'problems.id', 'problem_incidents.problem_id')
      .select(['problem_incidents.incident_id', 'problems.number'])
      .where('problem_incidents.incident_id', 'in', incidentIds)
      .orderBy('problems.number')
      .execute();
    for (const r of rows) result.set(r.incident_id, [...(result.get(r.incident_id) ?? []), Number(r.number)]);
    return result;
  },
};
