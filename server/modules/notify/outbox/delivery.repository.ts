import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';
import type { Executor } from '../../../db/types.ts';
import type { NotificationsTable } from '../notify.tables.ts';

/**
 * The deliverer's own statements: a claim that leaves some channels' rows to others, and the receipts of many rows
 * moved on in one statement per outcome. The rest of its SQL (the rate window, folding) is notify.repository.ts's.
 */

/** Columns whose value differs from one settled row to the next. */
export interface RowValues {
  id: string;
  next_attempt_at?: number | null;
  last_error?: string | null;
  provider_id?: string | null;
}

const CAST = { next_attempt_at: 'bigint', last_error: 'text', provider_id: 'text' } as const;
type Varying = keyof typeof CAST;
/** ids a statement names at most: with a CASE of two values a row, well inside both databases' bound-parameter limits */
const IDS_A_STATEMENT = 500;

/** `case id when … then … end`: each row's own value of a column, cast so PostgreSQL knows the parameters' type. */
const caseById = <C extends Varying>(column: C, rows: readonly RowValues[]): RawBuilder<NotificationsTable[C]> =>
  sql<NotificationsTable[C]>`case ${sql.ref('id')} ${sql.join(
    rows.map((r) => sql`when ${r.id} then cast(${r[column] ?? null} as ${sql.raw(CAST[column])})`),
    sql` `,
  )} end`;

const claimable = (now: number) => (eb: ExpressionBuilder<Database, 'notifications'>) =>
  eb.and([eb('state', '=', 'queued'), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)])]);

export const deliveryRepository = {
  /**
   * Takes up to `limit` due notifications for this node until `leaseUntil`, oldest due first, leaving the rows of
   * `skipChannels` (channels this node already holds enough of) to other nodes or a later claim. One statement; on
   * PostgreSQL the rows are picked with SKIP LOCKED, so two nodes claiming at once take different rows rather than
   * one waiting for the other, and the update re-checks the lease on each row, so no row is taken twice.
   */
  async claimDue(db: Db, args: { now: number; owner: string; leaseUntil: number; limit: number; skipChannels?: readonly string[]; onlyChannel?: string }): Promise<NotificationsTable[]> {
    const { now, owner, leaseUntil, limit, skipChannels = [], onlyChannel } = args;
    let due = db.kysely
      .selectFrom('notifications')
      .select('id')
      .where('state', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .where(claimable(now))
      .orderBy('next_attempt_at')
      .limit(limit);
    if (skipChannels.length > 0) due = due.where('channel_id', 'not in', skipChannels);
    if (onlyChannel) due = due.where('channel_id', '=', onlyChannel);
    if (db.dialect === 'postgres') due = due.forUpdate().skipLocked();
    // Through a materialised CTE: PostgreSQL may run a plain `IN (subquery)` again for each row it updates, and with
    // SKIP LOCKED each run skips the rows just taken and picks the next ones, claiming past the limit (jobs.repository).
    const rows = await db.kysely
      .with((cte) => cte('due').materialized(), () => due)
      .updateTable('notifications')
      .set({ lease_owner: owner, lease_until: leaseUntil })
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      .where(claimable(now))
      .returningAll()
      .execute();
    // RETURNING gives no order: oldest due first, as picked.
    return rows.sort((a, b) => (a.next_attempt_at ?? 0) - (b.next_attempt_at ?? 0) || a.created_at - b.created_at);
  },

  /** Channels among `channelIds` with rows due now that nobody holds. */
  async channelsWithDue(db: Executor, channelIds: readonly string[], now: number): Promise<string[]> {
    if (channelIds.length === 0) return [];
    const rows = await db
      .selectFrom('notifications')
      .select('channel_id')
      .where('state', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .where(claimable(now))
      .where('channel_id', 'in', channelIds)
      .groupBy('channel_id')
      .execute();
    return rows.map((r) => r.channel_id);
  },

  /**
   * Makes the deciders of one channel's rate take turns (inside their transaction): PostgreSQL locks the channel's row
   * until the transaction ends; on SQLite the transaction's write lock (BEGIN IMMEDIATE) already does.
   */
  async lockChannel(db: Executor, dialect: Db['dialect'], channelId: string): Promise<void> {
    if (dialect === 'postgres') await db.selectFrom('notify_channels').select('id').where('id', '=', channelId).forUpdate().execute();
  },

  /** Holds a channel's due rows that nobody holds until `until` (its rate window reopening). */
  async deferDue(db: Executor, channelId: string, now: number, until: number): Promise<void> {
    await db.updateTable('notifications').set({ next_attempt_at: until }).where('channel_id', '=', channelId).where('state', '=', 'queued').where('next_attempt_at', '<=', now).where(claimable(now)).execute();
  },

  /**
   * Moves on rows this node holds (their lease owner) and gives their lease back: `common` for every row, plus each
   * row's own values where they differ (a back-off, an error, a vendor's id), and one more attempt when `attempted`.
   * One statement per few hundred rows. Returns the ids moved: a row whose lease lapsed and another node took is not.
   */
  async settle(db: Executor, owner: string, rows: readonly RowValues[], common: Partial<NotificationsTable>, attempted: boolean): Promise<Set<string>> {
    const moved = new Set<string>();
    for (let i = 0; i < rows.length; i += IDS_A_STATEMENT) {
      const chunk = rows.slice(i, i + IDS_A_STATEMENT);
      const varying: { [C in Varying]?: RawBuilder<NotificationsTable[C]> } = {};
      const same: Partial<NotificationsTable> = {};
      for (const column of Object.keys(CAST) as Varying[]) {
        if (!chunk.some((r) => r[column] !== undefined)) continue;
        const first = chunk[0]![column] ?? null;
        if (chunk.every((r) => (r[column] ?? null) === first)) Object.assign(same, { [column]: first });
        else Object.assign(varying, { [column]: caseById(column, chunk) });
      }
      const updated = await db
        .updateTable('notifications')
        .set((eb) => ({
          ...common,
          ...same,
          ...varying,
          ...(attempted && { attempts: eb('attempts', '+', 1) }),
          lease_owner: null,
          lease_until: null,
        }))
        .where('id', 'in', chunk.map((r) => r.id))
        .where('lease_owner', '=', owner)
        .returning('id')
        .execute();
      for (const r of updated) moved.add(r.id);
    }
    return moved;
  },
};
