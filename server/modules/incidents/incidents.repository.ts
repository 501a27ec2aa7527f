import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import { containsText, type Executor } from '../../db/types.ts';
import type { IncidentAlertsTable, IncidentSource, IncidentsTable, IncidentTimelineTable } from './incidents.tables.ts';
import type { IncidentState } from './workflow/model.ts';

/** The incident list's order: newest first, the id breaking ties. */
export const INCIDENTS_ORDER = keyset<IncidentsTable>(
  { column: 'incidents.created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'incidents.id', direction: 'desc', type: 'text', of: (r) => r.id },
);

export interface IncidentFilter {
  /** null: every site; otherwise only incidents of these sites */
  onlySiteIds: readonly string[] | null;
  states?: readonly IncidentState[];
  levels?: readonly number[];
  siteId?: string;
  assigneeUserId?: string;
  source?: IncidentSource;
  number?: number;
  titleWords?: string;
  /** incidents with a target in this standing at `now`: warning (past the warning share), breached (late, or closed late) */
  sla?: { standing: 'warning' | 'breached'; now: number };
}

/** The incidents the filter keeps, nothing selected yet; null when the caller may see no site at all. */
function filtered(db: Executor, f: IncidentFilter) {
  let q = db.selectFrom('incidents');
  if (f.onlySiteIds !== null) {
    if (f.onlySiteIds.length === 0) return null;
    q = q.where('site_id', 'in', f.onlySiteIds);
  }
  if (f.states?.length) q = q.where('state', 'in', f.states);
  if (f.levels?.length) q = q.where('level', 'in', f.levels as IncidentsTable['level'][]);
  if (f.siteId) q = q.where('site_id', '=', f.siteId);
  if (f.assigneeUserId) q = q.where('assignee_user_id', '=', f.assigneeUserId);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.number !== undefined) q = q.where('number', '=', f.number);
  if (f.titleWords) q = q.where(containsText('incidents.title', f.titleWords));
  if (f.sla) {
    const { standing, now } = f.sla;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('incident_sla')
          .select('incident_sla.clock')
          .whereRef('incident_sla.incident_id', '=', 'incidents.id')
          .where((eb) =>
            standing === 'warning'
              ? eb.and([eb('status', '=', 'running'), eb('warn_at', '<=', now), eb('due_at', '>=', now)])
              : eb.or([eb.and([eb('status', '=', 'running'), eb('due_at', '<', now)]), eb.and([eb('status', '=', 'stopped'), eb('met', '=', 0)]), eb.and([eb('status', '=', 'paused'), eb('paused_at', '>', eb.ref('due_at'))])]),
          ),
      ),
    );
  }
  return q;
}

export const incidentsRepository = {
  findById: (db: Executor, id: string) => db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst(),

  findByNumber: (db: Executor, number: number) => db.selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirst(),

  /** The open incident an alert group feeds, if any (one incident per open group). */
  findOpenBySource: (db: Executor, source: IncidentSource, ref: string, openStates: readonly IncidentState[]) =>
    db.selectFrom('incidents').selectAll().where('source', '=', source).where('source_ref', '=', ref).where('state', 'in', openStates).orderBy('created_at', 'desc').executeTakeFirst(),

  async nextNumber(db: Executor): Promise<number> {
    const row = await db.selectFrom('incidents').select((eb) => eb.fn.max<number | null>('number').as('n')).executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  },

  insert: (db: Executor, row: IncidentsTable) => db.insertInto('incidents').values(row).execute(),

  /**
   * Writes a change only if the incident is still the version it was read at: two people acting at once cannot both
   * move it (the second gets a 409 and reloads). Returns the row as written, or undefined when someone was first.
   */
  async updateIfVersion(db: Executor, id: string, version: number, patch: Partial<IncidentsTable>): Promise<IncidentsTable | undefined> {
    const result = await db
      .updateTable('incidents')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return undefined;
    return incidentsRepository.findById(db, id);
  },

  /**
   * A page of the list, newest first. Several states (the open queue is five) are read one state at a time and
   * merged: each state's rows come newest first straight from a (state, …, created_at) index, where one query over all
   * of them had to sort every open incident for each page (140–230 ms at 38,000 open of 1,000,000 on SQLite; a top-N
   * sort on PostgreSQL likewise). Each state's part has the same filter and cursor, so the merge is the page exactly.
   */
  async list(db: Executor, f: IncidentFilter, page: PageRequest): Promise<IncidentsTable[]> {
    if (!f.states || f.states.length < 2 || f.number !== undefined) {
      const q = filtered(db, f);
      return q ? pageQuery(q.selectAll(), INCIDENTS_ORDER, page).execute() : [];
    }
    // Each state's page of keys (from the index alone where it covers them), all in one compound query; then the
    // page's rows. Reading whole rows for every state's page would cost as much as the sort it saves.
    const arms = f.states.map((state) => {
      const q = filtered(db, { ...f, states: [state] });
      return q && db.selectFrom(pageQuery(q.select(['incidents.id', 'incidents.created_at']), INCIDENTS_ORDER, page).as('arm')).select(['arm.id', 'arm.created_at']);
    });
    const [first, ...rest] = arms.filter((arm) => arm !== null);
    if (!first) return [];
    const keys = await db
      .selectFrom(rest.reduce((union, arm) => union.unionAll(arm), first).as('keys'))
      .select('keys.id')
      .orderBy('keys.created_at', 'desc')
      .orderBy('keys.id', 'desc')
      .limit(page.limit)
      .execute();
    if (keys.length === 0) return [];
    const rows = new Map((await db.selectFrom('incidents').selectAll().where('id', 'in', keys.map((k) => k.id)).execute()).map((r) => [r.id, r]));
    return keys.flatMap((k) => rows.get(k.id) ?? []);
  },

  /** Resolved incidents whose auto-close is due: resolved before `resolvedBefore`, never confirmed. */
  resolvedBefore: (db: Executor, resolvedBefore: number, limit: number) =>
    db.selectFrom('incidents').select('id').where('state', '=', 'resolved').where('resolved_at', '<=', resolvedBefore).orderBy('resolved_at').limit(limit).execute(),

  /** Open major incidents (for the update reminders). */
  openMajor: (db: Executor, openStates: readonly IncidentState[]) =>
    db.selectFrom('incidents').selectAll().where('major_declared_at', 'is not', null).where('state', 'in', openStates).execute(),

  /** The last timeline line of a kind (the major-incident reminder's mark). */
  lastNote: (db: Executor, incidentId: string, kind: string) =>
    db.selectFrom('incident_timeline').select(['at', 'details']).where('incident_id', '=', incidentId).where('kind', '=', kind).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst(),

  insertTimeline: (db: Executor, row: IncidentTimelineTable) => db.insertInto('incident_timeline').values(row).execute(),

  timeline: (db: Executor, incidentId: string, limit: number) =>
    db.selectFrom('incident_timeline').selectAll().where('incident_id', '=', incidentId).orderBy('at').orderBy('id').limit(limit).execute(),

  linkAlert: (db: Executor, row: IncidentAlertsTable) =>
    db.insertInto('incident_alerts').values(row).onConflict((oc) => oc.columns(['incident_id', 'alert_id']).doNothing()).executeTakeFirst(),

  linkedAlerts: (db: Executor, incidentId: string) => db.selectFrom('incident_alerts').selectAll().where('incident_id', '=', incidentId).orderBy('linked_at').limit(500).execute(),

  attachments: (db: Executor, incidentId: string) =>
    db.selectFrom('incident_attachments').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').limit(500).execute(),

  /** The notification group of an alert (alerting's alerts.group_key): one incident per open group. */
  alertGroupKey: async (db: Executor, alertId: string): Promise<string | null> =>
    (await db.selectFrom('alerts').select('group_key').where('id', '=', alertId).executeTakeFirst())?.group_key ?? null,

  incidentsOfAlert: (db: Executor, alertId: string) => db.selectFrom('incident_alerts').select('incident_id').where('alert_id', '=', alertId).execute(),

  teamIdsOf: async (db: Executor, userId: string): Promise<string[]> =>
    (await db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute()).map((r) => r.team_id),

  teamExists: async (db: Executor, teamId: string): Promise<boolean> => (await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()) !== undefined,

  causeCategoryEnabled: async (db: Executor, code: string): Promise<boolean> =>
    (await db.selectFrom('cause_categories').select('code').where('code', '=', code).where('enabled', '=', 1).executeTakeFirst()) !== undefined,

  names: async (db: Executor, userIds: readonly string[], teamIds: readonly string[]) => {
    const users = userIds.length ? await db.selectFrom('users').select(['id', 'display_name', 'username']).where('id', 'in', userIds).execute() : [];
    const teams = teamIds.length ? await db.selectFrom('teams').select(['id', 'name']).where('id', 'in', teamIds).execute() : [];
    return {
      users: new Map(users.map((u) => [u.id, u.display_name || u.username])),
      teams: new Map(teams.map((t) => [t.id, t.name])),
    };
  },
};
