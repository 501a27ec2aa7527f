import type { Executor } from '../../../db/types.ts';
import type { AlertChangedEvent, AlertNotifyEvent } from '../../../events/index.ts';
import type { AlertGroupsTable } from '../alerting.tables.ts';

/**
 * Notification groups, timed as Alertmanager times them: a group's first alert waits `groupWait` for its siblings, a
 * group already told waits `groupInterval` before telling what changed, and a group still firing is told again every
 * `repeatInterval`. What is due becomes an alert.notify event, which paging sends. Children of a topology alert,
 * suppressed (silenced, inhibited, in maintenance), flapping and acknowledged alerts are not told; resolutions of alerts
 * that were told are. The timers live in alert_groups, so a restart or another node carries on where this one left.
 */
export const GROUP_TIMING = { groupWaitMs: 30_000, groupIntervalMs: 5 * 60_000, repeatIntervalMs: 4 * 3_600_000 };

export interface GroupMember {
  id: string;
  state: string;
  level: number;
  parent_id: string | null;
  suppressed_by: string | null;
  flapping: number;
}

/** Whether an alert in this state is one to tell people about now. */
export const notifiable = (a: GroupMember): boolean => a.state === 'firing' && a.parent_id === null && a.suppressed_by === null && a.flapping === 0;

export const groupsRepository = {
  find: (db: Executor, key: string) => db.selectFrom('alert_groups').selectAll().where('group_key', '=', key).executeTakeFirst(),
  due: (db: Executor, now: number, limit: number) => db.selectFrom('alert_groups').selectAll().where('flush_at', '<=', now).orderBy('flush_at').limit(limit).execute(),
  /** When the next group falls due (null: none is waiting). */
  nextFlushAt: async (db: Executor): Promise<number | null> =>
    (await db.selectFrom('alert_groups').select((eb) => eb.fn.min<number | null>('flush_at').as('at')).executeTakeFirst())?.at ?? null,
  members: (db: Executor, key: string): Promise<GroupMember[]> =>
    db.selectFrom('alerts').select(['id', 'state', 'level', 'parent_id', 'suppressed_by', 'flapping']).where('group_key', '=', key).where('state', '<>', 'resolved').execute(),
  async upsert(db: Executor, row: AlertGroupsTable): Promise<void> {
    await db
      .insertInto('alert_groups')
      .values(row)
      .onConflict((oc) => oc.column('group_key').doUpdateSet({ flush_at: row.flush_at, notified_at: row.notified_at, notified: row.notified, updated_at: row.updated_at }))
      .execute();
  },
};

/** A change to an alert: when its group should next be looked at (null: no change to its timer). */
export async function scheduleFor(db: Executor, event: AlertChangedEvent, labels: Record<string, string>, now: number, timing = GROUP_TIMING): Promise<AlertGroupsTable | null> {
  const group = await groupsRepository.find(db, event.groupKey);
  const told = group?.notified ? (JSON.parse(group.notified) as string[]) : [];
  const matters = (event.state === 'firing' && event.parentId === null && !event.suppressed && !event.flapping) || told.includes(event.alertId);
  if (!matters) return null;
  if (!group) return { group_key: event.groupKey, labels: JSON.stringify(labels), first_at: now, flush_at: now + timing.groupWaitMs, notified_at: null, notified: null, updated_at: now };
  const earliest = group.notified_at === null ? group.first_at + timing.groupWaitMs : group.notified_at + timing.groupIntervalMs;
  const flushAt = Math.max(now, earliest);
  if (group.flush_at !== null && group.flush_at <= flushAt) return null;
  return { ...group, flush_at: flushAt, updated_at: now };
}

/** A due group: what to tell (or null when there is nothing), and its timers after telling it. */
export async function flushGroup(db: Executor, group: AlertGroupsTable, now: number, timing = GROUP_TIMING): Promise<{ notify: AlertNotifyEvent | null; next: AlertGroupsTable }> {
  const members = await groupsRepository.members(db, group.group_key);
  const firing = members.filter(notifiable);
  const told = new Set(group.notified ? (JSON.parse(group.notified) as string[]) : []);
  const firingIds = new Set(firing.map((a) => a.id));
  const newlyFiring = firing.filter((a) => !told.has(a.id)).map((a) => a.id);
  // Told before and no longer open: resolved. (Told and now acknowledged or silenced: just no longer told about.)
  const stillOpen = new Set(members.map((m) => m.id));
  const gone = [...told].filter((id) => !stillOpen.has(id));
  const repeatDue = group.notified_at !== null && now >= group.notified_at + timing.repeatIntervalMs && firing.length > 0;
  const changed = newlyFiring.length > 0 || gone.length > 0;
  const next: AlertGroupsTable = {
    ...group,
    flush_at: firing.length > 0 ? now + timing.repeatIntervalMs : null,
    notified_at: changed || repeatDue ? now : group.notified_at,
    notified: JSON.stringify([...firingIds]),
    updated_at: now,
  };
  if (!changed && !repeatDue) {
    // Nothing new since the last time: wait for the repeat (if anything still fires and was ever told).
    const flushAt = firing.length > 0 && group.notified_at !== null ? group.notified_at + timing.repeatIntervalMs : null;
    return { notify: null, next: { ...next, notified_at: group.notified_at, flush_at: flushAt } };
  }
  return {
    notify: {
      type: 'alert.notify',
      groupKey: group.group_key,
      labels: JSON.parse(group.labels) as Record<string, string>,
      reason: changed ? (group.notified_at === null ? 'new' : 'changed') : 'repeat',
      level: firing.reduce((m, a) => Math.min(m, a.level), 3),
      firing: [...firingIds],
      newlyFiring,
      resolved: gone,
      at: now,
    },
    next,
  };
}
