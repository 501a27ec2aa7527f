import { sql } from 'kysely';
import type { Dialect } from '../db/database.ts';
import { LOCK_KEYS, lockUntilCommit } from '../db/locks.ts';
import type { Executor } from '../db/types.ts';
import type { EventRow } from './rows.ts';

/** The PostgreSQL channel every node LISTENs on; the payload is the schema, so installations sharing a server ignore each other. */
export const NOTIFY_CHANNEL = 'opsdesk_events';

/** One insert, for the ingest writer's prepared SQLite statement (the same columns as appendEventRows). */
export const INSERT_EVENT_SQLITE = 'insert into domain_events (type, key, payload, at) values (?, ?, ?, ?)';

export interface StoredEventRow {
  position: number;
  type: string;
  payload: string;
}

/**
 * Appends events in the caller's transaction. Call it last, just before the commit: on PostgreSQL it takes the events
 * lock, held until the commit, so that no transaction can take a later position and commit before this one — a
 * reader that saw the later one would otherwise move past this one and never see it (the gap; README.md). The lock is
 * taken before the positions are, so positions commit in order. pg_notify is transactional: the other nodes hear of
 * it when (and only if) the transaction commits. SQLite transactions are exclusive already (BEGIN IMMEDIATE).
 */
export async function appendEventRows(trx: Executor, dialect: Dialect, rows: readonly EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await lockUntilCommit(trx, dialect, LOCK_KEYS.events);
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('domain_events').values(rows.slice(i, i + 500)).execute();
  if (dialect === 'postgres') await sql`select pg_notify(${NOTIFY_CHANNEL}, current_schema())`.execute(trx);
}

export const eventsRepository = {
  /** Events of these types after `position` and before `before`, oldest first. */
  readTypesBetween: (exec: Executor, args: { after: number; before: number; types: readonly string[]; limit: number }): Promise<StoredEventRow[]> =>
    exec
      .selectFrom('domain_events')
      .select(['position', 'type', 'payload'])
      .where('position', '>', args.after)
      .where('position', '<', args.before)
      .where('type', 'in', args.types)
      .orderBy('position')
      .limit(args.limit)
      .execute(),

  /** The oldest position kept, 0 when there is none. */
  async tail(exec: Executor): Promise<number> {
    const row = await exec.selectFrom('domain_events').select((eb) => eb.fn.min('position').as('tail')).executeTakeFirst();
    return Number(row?.tail ?? 0);
  },

  /** The time of the first event at or after `position` (null when there is none). */
  async atOrAfter(exec: Executor, position: number): Promise<{ position: number; at: number } | null> {
    const row = await exec.selectFrom('domain_events').select(['position', 'at']).where('position', '>=', position).orderBy('position').limit(1).executeTakeFirst();
    return row ? { position: Number(row.position), at: Number(row.at) } : null;
  },

  /** Events after `position`, oldest first. */
  readAfter: (exec: Executor, position: number, limit: number): Promise<StoredEventRow[]> =>
    exec.selectFrom('domain_events').select(['position', 'type', 'payload']).where('position', '>', position).orderBy('position').limit(limit).execute(),

  /**
   * Events after `position`, oldest first, each with its payload only when it is of one of `types`: a consumer steps
   * over the others without reading them (every ingest batch's signals, tens of KB, are for the alert rules alone).
   */
  readAfterFor: (exec: Executor, position: number, limit: number, types: readonly string[]): Promise<(Omit<StoredEventRow, 'payload'> & { payload: string | null })[]> =>
    exec
      .selectFrom('domain_events')
      .select(['position', 'type'])
      .select((eb) => eb.case().when('type', 'in', types).then(eb.ref('payload')).else(null).end().as('payload'))
      .where('position', '>', position)
      .orderBy('position')
      .limit(limit)
      .execute(),

  async hasAfter(exec: Executor, position: number): Promise<boolean> {
    return (await exec.selectFrom('domain_events').select('position').where('position', '>', position).limit(1).executeTakeFirst()) !== undefined;
  },

  /** The newest position, 0 when there is none. */
  async head(exec: Executor): Promise<number> {
    const row = await exec.selectFrom('domain_events').select((eb) => eb.fn.max('position').as('head')).executeTakeFirst();
    return Number(row?.head ?? 0);
  },

  /** The newest position of one type of event, 0 when there is none (from domain_events_type_idx). */
  async latestOfType(exec: Executor, type: string): Promise<number> {
    const row = await exec.selectFrom('domain_events').select((eb) => eb.fn.max('position').as('latest')).where('type', '=', type).executeTakeFirst();
    return Number(row?.latest ?? 0);
  },

  findCursor: (exec: Executor, consumer: string) =>
    exec.selectFrom('event_cursors').select(['position', 'holder', 'lease_expires_at']).where('consumer', '=', consumer).executeTakeFirst(),

  /** A consumer seen for the first time starts at `position`; an existing cursor (another node's, or ours) stays. */
  async ensureCursor(exec: Executor, consumer: string, position: number, now: number): Promise<void> {
    await exec
      .insertInto('event_cursors')
      .values({ consumer, position, holder: null, lease_expires_at: null, updated_at: now })
      .onConflict((oc) => oc.column('consumer').doNothing())
      .execute();
  },

  /**
   * Takes or renews the consumer's lease for `holder`; the cursor position when it holds it afterwards, null when
   * another node's lease is still running. Conditional, so two nodes racing cannot both win (on PostgreSQL the second
   * update waits for the first's row lock and re-reads the holder).
   */
  async claimCursor(exec: Executor, args: { consumer: string; holder: string; now: number; expiresAt: number }): Promise<number | null> {
    const { consumer, holder, now, expiresAt } = args;
    const updated = await exec
      .updateTable('event_cursors')
      .set({ holder, lease_expires_at: expiresAt, updated_at: now })
      .where('consumer', '=', consumer)
      .where((eb) => eb.or([eb('holder', 'is', null), eb('holder', '=', holder), eb('lease_expires_at', '<=', now)]))
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return null;
    const row = await exec.selectFrom('event_cursors').select('position').where('consumer', '=', consumer).where('holder', '=', holder).executeTakeFirst();
    return row ? Number(row.position) : null;
  },

  /** Moves the cursor on (never back) and renews the lease; false when the lease was lost to another node. */
  async advanceCursor(exec: Executor, args: { consumer: string; holder: string; position: number; now: number; expiresAt: number }): Promise<boolean> {
    const updated = await exec
      .updateTable('event_cursors')
      .set((eb) => ({
        position: sql<number>`case when ${eb.ref('position')} > ${args.position} then ${eb.ref('position')} else ${args.position} end`,
        lease_expires_at: args.expiresAt,
        updated_at: args.now,
      }))
      .where('consumer', '=', args.consumer)
      .where('holder', '=', args.holder)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  },

  async releaseCursor(exec: Executor, consumer: string, holder: string): Promise<void> {
    await exec.updateTable('event_cursors').set({ holder: null, lease_expires_at: null }).where('consumer', '=', consumer).where('holder', '=', holder).execute();
  },

  /**
   * Retention: deletes up to `limit` events that happened before `cutoff` and that every durable consumer has passed
   * (at or below the lowest cursor); returns how many.
   */
  async deleteDeliveredBefore(exec: Executor, cutoff: number, limit: number): Promise<number> {
    const lowest = await exec.selectFrom('event_cursors').select((eb) => eb.fn.min('position').as('lowest')).executeTakeFirst();
    let doomed = exec.selectFrom('domain_events').select('position').where('at', '<', cutoff).orderBy('position').limit(limit);
    if (lowest?.lowest !== null && lowest?.lowest !== undefined) doomed = doomed.where('position', '<=', Number(lowest.lowest));
    const result = await exec.deleteFrom('domain_events').where('position', 'in', doomed).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
