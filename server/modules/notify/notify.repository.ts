import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import type {
  AckLinksTable,
  ContactMethodsTable,
  NotificationAttemptsTable,
  NotificationKind,
  NotificationsTable,
  NotificationState,
  NotifyChannelsTable,
  NotifyPreferencesTable,
} from './notify.tables.ts';

/** Lists of notifications: newest first. */
export const NOTIFICATIONS_ORDER = keyset<NotificationsTable>(
  { column: 'notifications.created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'notifications.id', direction: 'desc', type: 'text', of: (r) => r.id },
);

export interface NotificationFilter {
  alertId?: string;
  incidentId?: string;
  userId?: string;
  channelId?: string;
  escalationId?: string;
  state?: NotificationState;
  kind?: NotificationKind;
  channelKind?: string;
  unread?: boolean;
  /** null: every site (and notifications of no site); otherwise only these sites' (and the reader's own) */
  onlySiteIds: readonly string[] | null;
  /** with onlySiteIds: the reader's id, whose own notifications they always see */
  readerId?: string | null;
}

/** A person as notifications need them: name, language, and the contacts on the user record. */
export interface PersonRow {
  id: string;
  display_name: string;
  locale: string;
  email: string | null;
  phone: string | null;
  status: string;
}

export const channelsRepository = {
  list: (db: Executor) => db.selectFrom('notify_channels').selectAll().orderBy('builtin', 'desc').orderBy('name').execute(),
  findById: (db: Executor, id: string) => db.selectFrom('notify_channels').selectAll().where('id', '=', id).executeTakeFirst(),
  findByName: (db: Executor, name: string) => db.selectFrom('notify_channels').selectAll().where('name', '=', name).executeTakeFirst(),
  findByIds: (db: Executor, ids: readonly string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('notify_channels').selectAll().where('id', 'in', ids).execute()),
  findBuiltin: (db: Executor, kind: string) => db.selectFrom('notify_channels').selectAll().where('builtin', '=', 1).where('kind', '=', kind).executeTakeFirst(),
  insert: (db: Executor, row: NotifyChannelsTable) => db.insertInto('notify_channels').values(row).execute(),
  update: (db: Executor, id: string, patch: Partial<NotifyChannelsTable>) => db.updateTable('notify_channels').set(patch).where('id', '=', id).execute(),
  delete: (db: Executor, id: string) => db.deleteFrom('notify_channels').where('id', '=', id).execute(),
};

export const peopleRepository = {
  find: (db: Executor, ids: readonly string[]): Promise<PersonRow[]> =>
    ids.length === 0 ? Promise.resolve([]) : db.selectFrom('users').select(['id', 'display_name', 'locale', 'email', 'phone', 'status']).where('id', 'in', ids).execute(),
  contactsOf: (db: Executor, userIds: readonly string[]): Promise<ContactMethodsTable[]> =>
    userIds.length === 0 ? Promise.resolve([]) : db.selectFrom('contact_methods').selectAll().where('user_id', 'in', userIds).orderBy('user_id').orderBy('created_at').orderBy('id').execute(),
  async replaceContacts(db: Executor, userId: string, rows: ContactMethodsTable[]): Promise<void> {
    await db.deleteFrom('contact_methods').where('user_id', '=', userId).execute();
    if (rows.length > 0) await db.insertInto('contact_methods').values(rows).execute();
  },
  /** Who has this phone number: their contact methods, then the user record's own number. */
  async usersWithPhone(db: Executor, phones: readonly string[]): Promise<string[]> {
    const fromContacts = await db.selectFrom('contact_methods').select('user_id').where('kind', '=', 'phone').where('value', 'in', phones).execute();
    const fromUsers = await db.selectFrom('users').select('id').where('phone', 'in', phones).execute();
    return [...new Set([...fromContacts.map((r) => r.user_id), ...fromUsers.map((r) => r.id)])];
  },
  preferencesOf: (db: Executor, userIds: readonly string[]): Promise<NotifyPreferencesTable[]> =>
    userIds.length === 0 ? Promise.resolve([]) : db.selectFrom('notify_preferences').selectAll().where('user_id', 'in', userIds).execute(),
  async upsertPreferences(db: Executor, row: NotifyPreferencesTable): Promise<void> {
    await db
      .insertInto('notify_preferences')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ levels: row.levels, quiet_hours: row.quiet_hours, updated_at: row.updated_at }))
      .execute();
  },
};

export const notificationsRepository = {
  /** Inserts what is not there yet (by dedupe_key): a replay of the same step inserts nothing. Returns the new rows. */
  async insertNew(db: Executor, rows: NotificationsTable[]): Promise<NotificationsTable[]> {
    if (rows.length === 0) return [];
    const inserted = await db
      .insertInto('notifications')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    const ids = new Set(inserted.map((r) => r.id));
    return rows.filter((r) => ids.has(r.id));
  },

  findById: (db: Executor, id: string) => db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst(),
  findByIds: (db: Executor, ids: readonly string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('notifications').selectAll().where('id', 'in', ids).execute()),

  /**
   * Takes up to `limit` due notifications for this node until `leaseUntil`: queued, due, and not held by a live lease.
   * The update re-checks the lease, so two nodes reaching for the same rows get each row once.
   */
  async claimDue(db: Executor, args: { now: number; owner: string; leaseUntil: number; limit: number; channelId?: string }): Promise<NotificationsTable[]> {
    let pick = db
      .selectFrom('notifications')
      .select('id')
      .where('state', '=', 'queued')
      .where('next_attempt_at', '<=', args.now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', args.now)]))
      .orderBy('next_attempt_at')
      .limit(args.limit);
    if (args.channelId) pick = pick.where('channel_id', '=', args.channelId);
    const due = await pick.execute();
    if (due.length === 0) return [];
    return db
      .updateTable('notifications')
      .set({ lease_owner: args.owner, lease_until: args.leaseUntil })
      .where('id', 'in', due.map((r) => r.id))
      .where('state', '=', 'queued')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', args.now)]))
      .returningAll()
      .execute();
  },

  /** Claims the due rows of one channel (a rate-limited channel folds them all into one digest). */
  claimChannel: (db: Executor, args: { channelId: string; now: number; owner: string; leaseUntil: number; limit: number }) => notificationsRepository.claimDue(db, args),

  /** The earliest time something queued falls due (the deliverer sleeps until then, or until woken). */
  nextDue: async (db: Executor): Promise<number | null> =>
    (await db.selectFrom('notifications').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('state', '=', 'queued').executeTakeFirst())?.at ?? null,

  /** Updates a row this node holds (its lease owner), so a node whose lease lapsed cannot overwrite another's outcome. */
  async settle(db: Executor, id: string, owner: string, patch: Partial<NotificationsTable>): Promise<boolean> {
    const r = await db.updateTable('notifications').set({ ...patch, lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', owner).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  update: (db: Executor, id: string, patch: Partial<NotificationsTable>) => db.updateTable('notifications').set(patch).where('id', '=', id).execute(),

  async fold(db: Executor, ids: readonly string[], digestId: string, at: number): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('notifications')
      .set({ state: 'folded', digest_id: digestId, lease_owner: null, lease_until: null, next_attempt_at: null, sent_at: at })
      .where('id', 'in', ids)
      .where('state', '=', 'queued')
      .execute();
  },

  async insertAttempts(db: Executor, rows: readonly NotificationAttemptsTable[]): Promise<void> {
    // 9 columns a row: 100 rows stay well under SQLite's and PostgreSQL's limits on bound parameters.
    for (let i = 0; i < rows.length; i += 100) await db.insertInto('notification_attempts').values(rows.slice(i, i + 100)).execute();
  },
  attemptsOf: (db: Executor, id: string) => db.selectFrom('notification_attempts').selectAll().where('notification_id', '=', id).orderBy('attempt').execute(),

  /** Hand-overs to a channel after `since` (sent, delivered, or refused as too fast): what its rate limit counts. A window of a minute counts (now − 60 s, now], so the oldest hand-over leaves it exactly when the window reopens. */
  async handedOverSince(db: Executor, channelId: string, since: number): Promise<{ count: number; oldest: number | null }> {
    const r = await db
      .selectFrom('notification_attempts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
      .where('channel_id', '=', channelId)
      .where('at', '>', since)
      .where('outcome', 'in', ['sent', 'delivered', 'rate-limited'])
      .executeTakeFirst();
    return { count: Number(r?.n ?? 0), oldest: r?.oldest === null || r?.oldest === undefined ? null : Number(r.oldest) };
  },

  findWithNames: (db: Executor, id: string) => notificationsRepository.withNames(db).where('notifications.id', '=', id).executeTakeFirst(),

  /** Notifications with their channel's and person's names. */
  withNames: (db: Executor) =>
    db
      .selectFrom('notifications')
      .leftJoin('notify_channels', 'notify_channels.id', 'notifications.channel_id')
      .leftJoin('users', 'users.id', 'notifications.user_id')
      .selectAll('notifications')
      .select(['notify_channels.name as channel_name', 'users.display_name as user_name']),

  /** Rows of a channel other nodes hold a live lease on: hand-overs in progress that no receipt counts yet. */
  leasedByOthers: async (db: Executor, channelId: string, owner: string, now: number): Promise<number> =>
    Number(
      (
        await db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('channel_id', '=', channelId)
          .where('state', '=', 'queued')
          .where('lease_owner', '<>', owner)
          .where('lease_until', '>=', now)
          .executeTakeFirst()
      )?.n ?? 0,
    ),

  list(db: Executor, f: NotificationFilter, page: PageRequest) {
    let q = notificationsRepository.withNames(db);
    if (f.onlySiteIds !== null) {
      const sites = f.onlySiteIds;
      const reader = f.readerId ?? null;
      q = q.where((eb) =>
        eb.or([...(sites.length > 0 ? [eb('notifications.site_id', 'in', sites)] : []), ...(reader ? [eb('notifications.user_id', '=', reader)] : []), eb.lit(false)]),
      );
    }
    if (f.alertId) {
      // Ids are ULIDs: anything a LIKE pattern would read as a wildcard or a quote is not part of one.
      const id = f.alertId.replace(/[%_"\\]/g, '');
      q = q.where((eb) => eb.or([eb('notifications.alert_id', '=', id), eb('notifications.alert_ids', 'like', `%"${id}"%`)]));
    }
    if (f.incidentId) q = q.where('notifications.incident_id', '=', f.incidentId);
    if (f.userId) q = q.where('notifications.user_id', '=', f.userId);
    if (f.channelId) q = q.where('notifications.channel_id', '=', f.channelId);
    if (f.escalationId) q = q.where('notifications.escalation_id', '=', f.escalationId);
    if (f.state) q = q.where('notifications.state', '=', f.state);
    if (f.kind) q = q.where('notifications.kind', '=', f.kind);
    if (f.channelKind) q = q.where('notifications.channel_kind', '=', f.channelKind);
    if (f.unread) q = q.where('notifications.read_at', 'is', null);
    return pageQuery(q, NOTIFICATIONS_ORDER, page).execute();
  },

  unreadCount: async (db: Executor, userId: string): Promise<number> =>
    Number(
      (
        await db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId)
          .where('channel_kind', '=', 'console')
          .where('state', 'in', ['sent', 'delivered'])
          .where('read_at', 'is', null)
          .executeTakeFirst()
      )?.n ?? 0,
    ),

  async markRead(db: Executor, userId: string, ids: readonly string[] | null, at: number): Promise<number> {
    let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('channel_kind', '=', 'console').where('read_at', 'is', null);
    if (ids) q = q.where('id', 'in', ids.length > 0 ? ids : ['']);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  },

  /** The latest notification sent to one of these phone numbers since `since` that is about alerts. */
  latestToPhones: (db: Executor, phones: readonly string[], since: number) =>
    db
      .selectFrom('notifications')
      .selectAll()
      .where('address', 'in', phones)
      .where('kind', '=', 'alert')
      .where('created_at', '>=', since)
      .where('state', 'in', ['sent', 'delivered'])
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),

  /** The people and channels told about these alerts (resolutions go to all of them). */
  toldAbout: (db: Executor, escalationId: string) =>
    db.selectFrom('notifications').select(['user_id', 'channel_id']).distinct().where('escalation_id', '=', escalationId).where('kind', '=', 'alert').execute(),

  retention: (db: Executor, before: number) =>
    db.deleteFrom('notifications').where('created_at', '<', before).where('state', 'not in', ['queued']).execute(),
};

export const ackLinksRepository = {
  insert: (db: Executor, row: AckLinksTable) => db.insertInto('ack_links').values(row).execute(),
  findById: (db: Executor, id: string) => db.selectFrom('ack_links').selectAll().where('id', '=', id).executeTakeFirst(),
  /** Marks the link used; false when it was used already (a replay, or two taps racing). */
  async use(db: Executor, id: string, at: number, ip: string | null): Promise<boolean> {
    const r = await db.updateTable('ack_links').set({ used_at: at, used_ip: ip }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  expired: (db: Executor, before: number) => db.deleteFrom('ack_links').where('expires_at', '<', before).execute(),
};

/**
 * The escalation policies naming a channel in a step. Policies are the oncall module's; this read (JSON text, no
 * join) is the one place notify looks at them, so that a channel in use is not deleted from under a policy.
 */
export async function channelsUsedByPolicies(db: Executor, channelId: string): Promise<string[]> {
  const rows = await db.selectFrom('escalation_policies').select(['name', 'steps']).execute();
  return rows.filter((r) => (JSON.parse(r.steps) as { channelIds?: string[] }[]).some((s) => s.channelIds?.includes(channelId))).map((r) => r.name);
}
