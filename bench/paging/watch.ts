/**
 * When the server committed what the benchmark times, as seen from outside. The driven alerts' events: an ingest
 * answer can come long after its commit when the server is saturated (the request waits its turn, 503s are retried),
 * so each driven event's row is looked for directly — the envelope's id in `events`, an external alert's name in
 * `alerts`. And its alert.notify events (the evaluator found a group due) and its notify.queued events
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

/** A driven event's row: the envelope that makes the rule fire, or the external alert. */
export type CommitKey = { table: 'events'; id: string } | { table: 'alerts'; name: string };

export interface Committed {
  seenAt: number;
  previousPollAt: number;
}

export interface ServerWatch {
  /** alert.notify and notify.queued events by position */
  seen: Map<number, Seen>;
  /** driven events by key (`events:<id>`, `alerts:<name>`) */
  committed: Map<string, Committed>;
  /** looks for this row from the next poll on; returns its key in `committed` */
  expect(key: CommitKey): string;
  stop(): Promise<{ polls: number }>;
}

export const keyOf = (key: CommitKey) => (key.table === 'events' ? `events:${key.id}` : `alerts:${key.name}`);

export function watchServer(db: Db, everyMs: number): ServerWatch {
  const lookBack = db.dialect === 'postgres' ? PG_LOOK_BACK : 0;
  const k = db.kysely;
  const seen = new Map<number, Seen>();
  const committed = new Map<string, Committed>();
  const pendingEvents = new Set<string>();
  const pendingAlerts = new Set<string>();
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
      if (pendingEvents.size > 0) {
        for (const r of await k.selectFrom('events').select('id').where('id', 'in', [...pendingEvents]).execute()) {
          pendingEvents.delete(r.id);
          committed.set(`events:${r.id}`, { seenAt: pollAt, previousPollAt });
        }
      }
      if (pendingAlerts.size > 0) {
        for (const r of await k.selectFrom('alerts').select('name').where('name', 'in', [...pendingAlerts]).execute()) {
          pendingAlerts.delete(r.name);
          committed.set(`alerts:${r.name}`, { seenAt: pollAt, previousPollAt });
        }
      }
      last = Math.max(last, next);
      previousPollAt = pollAt;
      const wait = pollAt + everyMs - Date.now();
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    seen,
    committed,
    expect(key) {
      if (key.table === 'events') pendingEvents.add(key.id);
      else pendingAlerts.add(key.name);
      return keyOf(key);
    },
    async stop() {
      running = false;
      await loop;
      return { polls };
    },
  };
}
