import type { Executor } from '../../../db/types.ts';
import type { CauseCategoriesTable, IncidentSettingsTable, TeamsTable } from '../incidents.tables.ts';
import { OPEN_STATES } from '../workflow/model.ts';

const SETTINGS_ID = 'default';

/** The one settings row (id 'default'). */
export const settingsRepository = {
  find: (db: Executor) => db.selectFrom('incident_settings').selectAll().where('id', '=', SETTINGS_ID).executeTakeFirst(),
  /** Inserts the row unless one exists; true when this call inserted it. */
  async insertIfAbsent(db: Executor, row: Omit<IncidentSettingsTable, 'id'>): Promise<boolean> {
    const r = await db
      .insertInto('incident_settings')
      .values({ id: SETTINGS_ID, ...row })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  },
  /** Writes only if the row still has the version it was read with: false when someone saved in between. */
  async updateIfVersion(db: Executor, version: number, patch: Omit<IncidentSettingsTable, 'id'>): Promise<boolean> {
    const r = await db.updateTable('incident_settings').set(patch).where('id', '=', SETTINGS_ID).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
};

export const causesRepository = {
  list: (db: Executor) => db.selectFrom('cause_categories').selectAll().orderBy('position').orderBy('code').execute(),
  count: async (db: Executor) => Number((await db.selectFrom('cause_categories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  insert: (db: Executor, rows: readonly CauseCategoriesTable[]) => (rows.length === 0 ? Promise.resolve() : db.insertInto('cause_categories').values([...rows]).execute()),
  update: (db: Executor, row: CauseCategoriesTable) =>
    db.updateTable('cause_categories').set({ name_zh: row.name_zh, name_en: row.name_en, position: row.position, enabled: row.enabled }).where('code', '=', row.code).execute(),
  /** The shipped taxonomy: codes another node seeded meanwhile are left as they are. */
  insertMissing: (db: Executor, rows: readonly CauseCategoriesTable[]) =>
    rows.length === 0 ? Promise.resolve() : db.insertInto('cause_categories').values([...rows]).onConflict((oc) => oc.column('code').doNothing()).execute(),
  delete: (db: Executor, codes: readonly string[]) => (codes.length === 0 ? Promise.resolve() : db.deleteFrom('cause_categories').where('code', 'in', [...codes]).execute()),
  /** Of these codes, those some incident records as its cause (whatever its state: closed records keep their cause). */
  async inUse(db: Executor, codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = await db.selectFrom('incidents').select('cause_category').distinct().where('cause_category', 'in', [...codes]).execute();
    return rows.map((r) => r.cause_category!).sort();
  },
};

export type TeamWithMembers = TeamsTable & { members: { id: string; displayName: string }[] };

export const teamsRepository = {
  list: (db: Executor) => db.selectFrom('teams').selectAll().orderBy('name').orderBy('id').execute(),
  findById: (db: Executor, id: string) => db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst(),
  findByName: (db: Executor, name: string) => db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst(),
  insert: (db: Executor, row: TeamsTable) => db.insertInto('teams').values(row).execute(),
  update: (db: Executor, id: string, patch: Partial<TeamsTable>) => db.updateTable('teams').set(patch).where('id', '=', id).execute(),
  /** Deletes the team; its memberships go with it (ON DELETE CASCADE). */
  delete: (db: Executor, id: string) => db.deleteFrom('teams').where('id', '=', id).execute(),
  /** Members of these teams, by team, in name order. */
  async members(db: Executor, teamIds: readonly string[]): Promise<Map<string, { id: string; displayName: string }[]>> {
    const result = new Map<string, { id: string; displayName: string }[]>(teamIds.map((id) => [id, []]));
    if (teamIds.length === 0) return result;
    const rows = await db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select(['team_members.team_id', 'users.id', 'users.display_name'])
      .where('team_members.team_id', 'in', [...teamIds])
      .orderBy('users.display_name')
      .orderBy('users.id')
      .execute();
    for (const r of rows) result.get(r.team_id)?.push({ id: r.id, displayName: r.display_name });
    return result;
  },
  async setMembers(db: Executor, teamId: string, userIds: readonly string[]): Promise<void> {
    await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
    if (userIds.length > 0) await db.insertInto('team_members').values(userIds.map((user_id) => ({ team_id: teamId, user_id }))).execute();
  },
  /** Numbers of the open incidents (new … waiting) assigned to the team, a few of them to name in a refusal. */
  openIncidentNumbers: (db: Executor, teamId: string, limit: number) =>
    db
      .selectFrom('incidents')
      .select('number')
      .where('assignee_team_id', '=', teamId)
      .where('state', 'in', [...OPEN_STATES])
      .orderBy('number')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((r) => r.number)),
};

/** Of these user ids, the active users. */
export async function activeUserIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', [...ids]).where('status', '=', 'active').execute();
  return new Set(rows.map((r) => r.id));
}

/** Of these ids, the alert rules that exist. */
export async function existingRuleIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('alert_rules').select('id').where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}
