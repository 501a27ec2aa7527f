/**
 * When the server committed its alert.notify events (the evaluator found a group due) and its notify.queued events
 * (the escalator wrote the notifications), as seen from outside: nothing stores a commit time (a domain event's `at`
 * is the instant it is about — for both, the alerting.tick that found the group due, read before the evaluator even
 * began on that tick), and the live stream sends neither. So the benchmark polls domain_events on a connection of its
 * own every few milliseconds. A row first seen by the poll that began at q was
 * committed after the previous poll began (p) and before q; the benchmark takes q, so a span measured from it is short
 * by at most q − p, which is reported as the resolution.
 */
import type { Db } from '../../server/db/database.ts';
import { sleep } from '../alerting/measure.ts';

export type WatchedType = 'alert.notify' | 'notify.queued';

export interface Seen {
  position: number;
  type: WatchedType;
  /** the event's own `at` */
  at: number;
  /** wall clock when the poll that first returned it began, and when the poll before that began */
  seenAt: number;
  previousPollAt: number;
}

/**
 * On PostgreSQL positions come from a sequence, so a transaction that took a lower one can commit after a higher one
 * is visible: each poll there looks back this many positions as well, and skips what it has seen. SQLite commits one
 * transaction at a time, in position order.
 */
const PG_LOOK_BACK = 500;

export function watchNotifies(db: Db, everyMs: number): { seen: Map<number, Seen>; stop(): Promise<{ polls: number }> } {
  const lookBack = db.dialect === 'postgres' ? PG_LOOK_BACK : 0;
  const k = db.kysely;
  const seen = new Map<number, Seen>();
  let running = true;
  let polls = 0;
  const loop = (async () => {
    const head = async () => Number((await k.selectFrom('domain_events').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst())?.p ?? 0);
    let last = await head();
    let previousPollAt = Date.now();
    while (running) {
      const pollAt = Date.now();
      // The head first: whatever commits after it is looked at by the next poll. Only `type` is read from the other
      // rows — `at` comes after the payload, and an ingest.batch's payload runs to overflow pages.
      const next = await head();
      const rows = await k
        .selectFrom('domain_events')
        .select(['position', 'type', 'at'])
        .where('position', '>', Math.max(0, last - lookBack))
        .where('type', 'in', ['alert.notify', 'notify.queued'])
        .execute();
      polls++;
      for (const r of rows) {
        const position = Number(r.position);
        if (!seen.has(position)) seen.set(position, { position, type: r.type as WatchedType, at: Number(r.at), seenAt: pollAt, previousPollAt });
      }
      last = Math.max(last, next);
      previousPollAt = pollAt;
      const wait = pollAt + everyMs - Date.now();
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    seen,
    async stop() {
      running = false;
      await loop;
      return { polls };
    },
  };
}
