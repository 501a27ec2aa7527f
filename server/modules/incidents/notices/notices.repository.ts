import type { Executor } from '../../../db/types.ts';

/** The people an incident's notices go to, as ids of active users. All SQL of incidents/notices. */
export const noticesRepository = {
  /** A team's active members (a team assignee's warning goes to each of them). */
  async teamMembers(db: Executor, teamId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select('team_members.user_id')
      .where('team_members.team_id', '=', teamId)
      .where('users.status', '=', 'active')
      .orderBy('users.username')
      .execute();
    return rows.map((r) => r.user_id);
  },

  /** Active users holding one of these roles who see the site (every site, or this one among theirs). */
  async usersInRolesOnSite(db: Executor, roleIds: readonly string[], siteId: string): Promise<string[]> {
    if (roleIds.length === 0) return [];
    const rows = await db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['users.id', 'users.username'])
      .distinct()
      .where('user_roles.role_id', 'in', roleIds)
      .where('users.status', '=', 'active')
      .where((eb) =>
        eb.or([
          eb('users.all_sites', '=', 1),
          eb.exists(eb.selectFrom('user_sites').select('user_sites.user_id').whereRef('user_sites.user_id', '=', 'users.id').where('user_sites.site_id', '=', siteId)),
        ]),
      )
      .orderBy('users.username')
      .execute();
    return rows.map((r) => r.id);
  },
};
