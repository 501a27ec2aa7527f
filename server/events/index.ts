/**
 * Durable domain events (README.md): the catalogue, the outbox, and the dispatcher that delivers from it. What the
 * rest of opsdesk uses is exported here.
 */
import os from 'node:os';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Executor } from '../db/types.ts';
import { randomSecret } from '../ids.ts';
import type { DomainEvent, EventType } from './catalog.ts';
import { createEventDispatcher, type Delivered, type DurableConsumer, type EventsLog } from './dispatcher.ts';
import { appendEventRows, eventsRepository } from './events.repository.ts';
import { listenForAppends } from './pg-listener.ts';
import { toEventRow } from './rows.ts';

export {
  AlertChangedEvent,
  AlertingTickEvent,
  AlertNotifyEvent,
  BatchSignals,
  DeviceHealthEvent,
  DomainEvent,
  EVENT_SCHEMAS,
  EVENT_TYPES,
  IncidentChangedEvent,
  IngestBatchEvent,
  NotifyConsoleEvent,
  NotifyQueuedEvent,
  ReconChangedEvent,
  type EventOf,
  type EventType,
} from './catalog.ts';
export { EVENT_KEYS, toEventRow, type EventRow } from './rows.ts';
export type { Delivered, DurableConsumer, EventsLog } from './dispatcher.ts';
export { INSERT_EVENT_SQLITE } from './events.repository.ts';

/** What a service needs to record events: append in its transaction; wake after a commit made elsewhere. */
export interface EventAppender {
  /**
   * Appends events in the caller's transaction — last, just before it commits (on PostgreSQL this holds the events
   * lock until the commit). They are delivered once, and only if, the transaction commits.
   */
  append(trx: Executor, ...events: DomainEvent[]): Promise<void>;
  /** After a commit that appended events without append() (the ingest writer thread): look now, not at the next poll. */
  wake(): void;
}

const quiet: EventsLog = { warn: () => {}, error: () => {}, debug: () => {} };

export interface DomainEventsOptions {
  db: Db;
  clock: Clock;
  /** unique per process; one is made up when not given */
  nodeId?: string;
  /** the safety net: how often every reader looks even if nobody woke it (a NOTIFY lost with its connection) */
  pollMs?: number;
  /** how long delivered events are kept (applyRetention) */
  retentionMs?: number;
  /** passed on to the dispatcher (tests shorten back-off) */
  retryDelayMs?: (failures: number) => number;
  batchSize?: number;
}

/**
 * The node's domain events: append (in the caller's transaction), the live tail (subscribe), durable consumers
 * (register), and the machinery that wakes them — in-process on SQLite, LISTEN/NOTIFY across nodes on PostgreSQL,
 * and a poll as the safety net. Nothing is read until start(); a CLI command that only appends never starts it.
 */
export function createDomainEvents(options: DomainEventsOptions) {
  const { db, clock } = options;
  const nodeId = options.nodeId ?? `${os.hostname()}-${process.pid}-${randomSecret(4)}`;
  const pollMs = options.pollMs ?? 1000;
  let log: EventsLog = quiet;
  const dispatcher = createEventDispatcher({
    db,
    clock,
    nodeId,
    log: { warn: (o, m) => log.warn(o, m), error: (o, m) => log.error(o, m), debug: (o, m) => log.debug(o, m) },
    ...(options.retryDelayMs && { retryDelayMs: options.retryDelayMs }),
    ...(options.batchSize && { batchSize: options.batchSize }),
  });
  let running = false;
  let poll: NodeJS.Timeout | null = null;
  let listener: ReturnType<typeof listenForAppends> | null = null;

  const wake = () => {
    if (running) dispatcher.wake();
  };

  return {
    nodeId,

    async append(trx: Executor, ...events: DomainEvent[]): Promise<void> {
      await appendEventRows(trx, db.dialect, events.map(toEventRow));
      // On SQLite the read this starts waits for the connection the transaction holds, so it runs after the commit;
      // on PostgreSQL it may run before, and the NOTIFY sent at the commit wakes the readers again.
      setImmediate(wake);
    },

    wake,

    /** The live tail of this node: every event committed after start(), from any node. Returns the unsubscribe. */
    subscribe: (listener: (delivered: Delivered) => void) => dispatcher.subscribe(listener),

    /** A durable consumer, before start(); a duplicate name is refused. */
    register: <T extends EventType>(consumer: DurableConsumer<T>) => dispatcher.register(consumer),

    /** Runs every reader until caught up: tests, with a ManualClock, instead of waiting for a wake. */
    drain: () => dispatcher.drain(),

    /** Starts reading: the live tail from the current head, the consumers from their cursors. */
    async start(deps: { log: EventsLog }): Promise<void> {
      if (running) return;
      log = deps.log;
      await dispatcher.startTail();
      running = true;
      if (db.dialect === 'postgres' && db.dedicatedConnection) listener = listenForAppends({ connect: db.dedicatedConnection, wake, log });
      poll = setInterval(wake, pollMs);
      poll.unref();
      wake();
    },

    /**
     * The kept events of these types appended from about `sinceAt` up to (not including) position `before`, oldest
     * first: what a consumer that keeps state in memory replays to rebuild it after a restart or a lease moved to
     * this node. The outbox has no index on time, so the start is found by bisecting positions (times grow with them,
     * give or take a commit's lag, which a replay can afford).
     */
    async *replay(args: { sinceAt: number; before: number; types: readonly EventType[] }): AsyncGenerator<Delivered> {
      const k = db.kysely;
      let lo = await eventsRepository.tail(k);
      let hi = args.before;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        const found = await eventsRepository.atOrAfter(k, mid);
        if (!found || found.position >= args.before) hi = mid;
        else if (found.at < args.sinceAt) lo = found.position + 1;
        else hi = mid;
      }
      let after = lo - 1;
      for (;;) {
        const rows = await eventsRepository.readTypesBetween(k, { after, before: args.before, types: args.types, limit: 500 });
        for (const row of rows) yield { position: Number(row.position), event: JSON.parse(row.payload) as DomainEvent };
        if (rows.length < 500) return;
        after = Number(rows[rows.length - 1]!.position);
      }
    },

    /**
     * The newest committed position of one type of event, 0 when there is none: a version that moves on with every
     * change of that kind, made on any node (positions follow commit order, README.md), for answers cached meanwhile.
     */
    latestOf: (type: EventType): Promise<number> => eventsRepository.latestOfType(db.kysely, type),

    /** Whether any event of these types lies strictly between two positions (a consumer's gap: another node had it). */
    async anyBetween(after: number, before: number, types: readonly EventType[]): Promise<boolean> {
      if (before - after <= 1) return false;
      return (await eventsRepository.readTypesBetween(db.kysely, { after, before, types, limit: 1 })).length > 0;
    },

    /** Resolves once this node hears other nodes' appends (PostgreSQL: its LISTEN is in place). */
    listening: async (): Promise<void> => listener?.opened,

    /** The LISTEN connection's backend, for tests that cut it. */
    listenerPid: async (): Promise<number | null> => (listener ? listener.backendPid() : null),

    /** Stops reading and gives the consumers' leases up (so another node takes them at once). */
    async stop(): Promise<void> {
      running = false;
      if (poll) clearInterval(poll);
      poll = null;
      await listener?.stop();
      listener = null;
      await dispatcher.stop();
    },

    /**
     * Retention (the `events.retention` job): deletes events older than `retentionMs` that every durable consumer has
     * passed, a slice at a time so appends never wait long. Returns how many.
     */
    applyRetention(): Promise<number> {
      return this.deleteDeliveredBefore(clock.now() - (options.retentionMs ?? 7 * 86_400_000));
    },

    /** Deletes events older than `cutoff` that every durable consumer has passed, in slices. */
    async deleteDeliveredBefore(cutoff: number): Promise<number> {
      let deleted = 0;
      for (;;) {
        const n = await db.kysely.transaction().execute((trx) => eventsRepository.deleteDeliveredBefore(trx, cutoff, 5000));
        deleted += n;
        if (n < 5000) return deleted;
      }
    },
  };
}

export type DomainEvents = ReturnType<typeof createDomainEvents>;
