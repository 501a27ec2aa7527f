import type { Executor } from '../../../db/types.ts';
import type { EscalationPoliciesTable, EscalationsTable } from '../oncall.tables.ts';

export const policiesRepository = {
  list: (db: Executor) => db.selectFrom('escalation_policies').selectAll().orderBy('position').orderBy('created_at').orderBy('id').execute(),
  enabled: (db: Executor) => db.selectFrom('escalation_policies').selectAll().where('enabled', '=', 1).orderBy('position').orderBy('created_at').orderBy('id').execute(),
  findById: (db: Executor, id: string) => db.selectFrom('escalation_policies').selectAll().where('id', '=', id).executeTakeFirst(),
  findByName: (db: Executor, name: string) => db.selectFrom('escalation_policies').selectAll().where('name', '=', name).executeTakeFirst(),
  insert: (db: Executor, row: EscalationPoliciesTable) => db.insertInto('escalation_policies').values(row).execute(),
  update: (db: Executor, id: string, patch: Partial<EscalationPoliciesTable>) => db.updateTable('escalation_policies').set(patch).where('id', '=', id).execute(),
  delete: (db: Executor, id: string) => db.deleteFrom('escalation_policies').where('id', '=', id).execute(),
  /** Whether anything still refers to these (for refusing to delete a channel, roster or user in use). */
  all: (db: Executor) => db.selectFrom('escalation_policies').select(['id', 'name', 'steps']).execute(),
};

export const escalationsRepository = {
  findById: (db: Executor, id: string) => db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirst(),
  active: (db: Executor, groupKey: string) => db.selectFrom('escalations').selectAll().where('group_key', '=', groupKey).where('state', '=', 'active').executeTakeFirst(),
  /** The group's latest escalation still listening (running, or out of steps but not yet answered). */
  current: (db: Executor, groupKey: string) =>
    db.selectFrom('escalations').selectAll().where('group_key', '=', groupKey).where('state', 'in', ['active', 'exhausted']).orderBy('started_at', 'desc').orderBy('id', 'desc').executeTakeFirst(),
  /** The group's latest escalations, newest first (resolutions go to whoever they paged). */
  latest: (db: Executor, groupKey: string, limit: number) =>
    db.selectFrom('escalations').selectAll().where('group_key', '=', groupKey).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
  due: (db: Executor, now: number, limit: number) => db.selectFrom('escalations').selectAll().where('state', '=', 'active').where('next_at', '<=', now).orderBy('next_at').limit(limit).execute(),
  insert: (db: Executor, row: EscalationsTable) => db.insertInto('escalations').values(row).execute(),
  /** Applies a change only if the row is still as it was read (same step and round): a second runner changes nothing. */
  async advance(db: Executor, before: EscalationsTable, patch: Partial<EscalationsTable>): Promise<boolean> {
    const r = await db
      .updateTable('escalations')
      .set(patch)
      .where('id', '=', before.id)
      .where('updated_at', '=', before.updated_at)
      .where('next_step', '=', before.next_step)
      .where('round', '=', before.round)
      .where('state', '=', before.state)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  list: (db: Executor, f: { alertId?: string; state?: string; limit: number }) => {
    let q = db.selectFrom('escalations').leftJoin('escalation_policies', 'escalation_policies.id', 'escalations.policy_id').selectAll('escalations').select(['escalation_policies.name as policy_name', 'escalation_policies.steps as policy_steps']);
    if (f.alertId) q = q.where('escalations.alerts', 'like', `%"${f.alertId.replace(/[%_"\\]/g, '')}"%`);
    if (f.state) q = q.where('escalations.state', '=', f.state as EscalationsTable['state']);
    return q.orderBy('escalations.started_at', 'desc').orderBy('escalations.id', 'desc').limit(f.limit).execute();
  },
};

/** Users holding a role, active ones only (a step that pages a role). */
export const roleMembers = async (db: Executor, roleIds: readonly string[]): Promise<Map<string, string[]>> => {
  if (roleIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['user_roles.role_id', 'user_roles.user_id'])
    .where('user_roles.role_id', 'in', roleIds)
    .where('users.status', '=', 'active')
    .orderBy('users.username')
    .execute();
  const result = new Map<string, string[]>();
  for (const r of rows) result.set(r.role_id, [...(result.get(r.role_id) ?? []), r.user_id]);
  return result;
};
