import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { DomainEvent, EventOf, EventType } from './catalog.ts';
import { eventsRepository as repo } from './events.repository.ts';

/** What the dispatcher logs through (pino and Fastify's logger both fit). */
export interface EventsLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** An event as read back from the outbox, with its position. */
export interface Delivered<E extends DomainEvent = DomainEvent> {
  position: number;
  event: E;
}

/**
 * A durable consumer: alert rules, paging, SLA clocks. Its cursor lives in `event_cursors` and moves only after its
 * handler succeeded, so delivery is at least once, in position order (and so in order per key). A handler that throws
 * is retried with back-off from the same event; other consumers and the live stream carry on meanwhile. One node at a
 * time delivers to a consumer (a lease in its cursor row), so it never runs on two nodes at once.
 */
export interface DurableConsumer<T extends EventType = EventType> {
  /** unique and stable: it names the cursor row (renaming a consumer starts it afresh) */
  name: string;
  /** the event types it receives; the others are passed over (its cursor still moves past them) */
  types: readonly T[];
  handle(delivered: Delivered<EventOf<T>>): Promise<void>;
  /**
   * Where a consumer seen for the first time starts: at the newest event ('head', the default: what happens from now
   * on) or at the oldest still kept ('beginning').
   */
  startAt?: 'head' | 'beginning';
  /**
   * How long this consumer's lease outlives a node that died holding it (default: the dispatcher's). Short for a
   * consumer that hears something every few seconds anyway, so another node (or the restarted one) takes over soon.
   */
  leaseMs?: number;
}

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  /** unique per process: it holds consumers' leases */
  nodeId: string;
  log: EventsLog;
  /** events read at a time */
  batchSize?: number;
  /** how long a node keeps a consumer without renewing (renewed with every batch delivered) */
  leaseMs?: number;
  /** delay before retrying a consumer after its `failures`-th failure in a row */
  retryDelayMs?: (failures: number) => number;
}

/** How often a busy consumer writes its position (its lease is renewed as well, at least every half lease). */
const ADVANCE_EVERY_MS = 1000;

/** 1 s, 2 s, 4 s … capped at a minute: a consumer whose target is down is retried often enough, not hammered. */
export const defaultRetryDelayMs = (failures: number): number => Math.min(1000 * 2 ** (failures - 1), 60_000);

/**
 * Runs `round` when poked; a poke during a round makes one more round after it, so a wake is never lost and rounds
 * never overlap. The promise a poke returns settles once no round is pending.
 */
function createRunner(round: () => Promise<void>) {
  let running: Promise<void> | null = null;
  let again = false;
  return {
    poke(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await round();
          } while (again);
        } finally {
          running = null;
        }
      })();
      return running;
    },
    idle: () => running ?? Promise.resolve(),
  };
}

const parse = (position: number, payload: string): Delivered => ({ position: Number(position), event: JSON.parse(payload) as DomainEvent });

/**
 * Reads the outbox after a position and hands what it finds, in position order, to the node's live listeners (the
 * SSE stream: a tail that starts at the head when the node starts and needs no cursor) and to the durable consumers
 * (each from its own cursor). It reads when woken — by an append on this node, PostgreSQL's NOTIFY from another, or
 * the safety poll — and each reader runs on its own, so a slow or failing consumer holds up nobody else.
 */
export function createEventDispatcher(options: DispatcherOptions) {
  const { db, clock, nodeId, log } = options;
  const k = db.kysely;
  const batchSize = options.batchSize ?? 200;
  const defaultLeaseMs = options.leaseMs ?? 30_000;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;

  const listeners = new Set<(delivered: Delivered) => void>();
  let tail: number | null = null;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();

  /** Real time between retries: the clock decides when a retry is due, this only makes sure somebody looks then. */
  function pokeLater(runner: { poke(): Promise<void> }, ms: number): void {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void runner.poke();
    }, Math.max(ms, 1));
    timer.unref();
    timers.add(timer);
  }

  const tailRunner = createRunner(async () => {
    try {
      // Nobody listening (a worker node, an API node with no console open): keep up with the head, read nothing.
      if (listeners.size === 0) {
        tail = await repo.head(k);
        return;
      }
      tail ??= await repo.head(k);
      for (;;) {
        const rows = await repo.readAfter(k, tail, batchSize);
        for (const row of rows) {
          const delivered = parse(row.position, row.payload);
          tail = delivered.position;
          for (const listener of listeners) {
            try {
              listener(delivered);
            } catch (error) {
              log.error({ err: error, position: delivered.position }, 'events: a live listener failed');
            }
          }
        }
        if (rows.length < batchSize) return;
      }
    } catch (error) {
      log.warn({ err: error }, 'events: reading the outbox for the live stream failed; trying again on the next wake');
    }
  });

  interface ConsumerState {
    consumer: DurableConsumer;
    types: ReadonlySet<string>;
    failures: number;
    retryAt: number;
    runner: ReturnType<typeof createRunner>;
    /** while this node holds the lease: how far it delivered, how far the cursor row says, and until when it holds it */
    held: { position: number; stored: number; until: number; storedAt: number } | null;
  }
  const consumers = new Map<string, ConsumerState>();

  /**
   * Writes the position delivered so far (and renews the lease). On SQLite every write waits for the ingest writer's
   * lock, so a busy consumer writes its cursor at most every ADVANCE_EVERY_MS rather than after every read: delivery
   * stays at least once — a node that dies redelivers that last second's events to the next holder.
   */
  async function storePosition(state: ConsumerState, leaseMs: number): Promise<boolean> {
    const held = state.held;
    if (!held) return false;
    const now = clock.now();
    const kept = await repo.advanceCursor(k, { consumer: state.consumer.name, holder: nodeId, position: held.position, now, expiresAt: now + leaseMs });
    state.held = kept ? { position: held.position, stored: held.position, until: now + leaseMs, storedAt: performance.now() } : null;
    return kept;
  }

  /** One round for a consumer: if it is due, nobody else holds it and there is something new, deliver until caught up. */
  async function deliverTo(state: ConsumerState): Promise<void> {
    const { consumer } = state;
    const now = clock.now();
    const leaseMs = consumer.leaseMs ?? defaultLeaseMs;
    if (stopped) return;
    if (state.retryAt > now) return pokeLater(state.runner, state.retryAt - now);
    // Holding the lease with half of it to go: carry on from where this node got to, without touching the cursor row.
    let position: number;
    if (state.held && state.held.until - now > leaseMs / 2) {
      // Progress not yet written, and a second has passed: write it now (a quiet consumer leaves none behind for long).
      if (state.held.position > state.held.stored && performance.now() - state.held.storedAt >= ADVANCE_EVERY_MS && !(await storePosition(state, leaseMs))) return;
      position = state.held.position;
      if (!(await repo.hasAfter(k, position))) return unstoredLater(state);
    } else {
      state.held = null;
      let cursor = await repo.findCursor(k, consumer.name);
      if (!cursor) {
        await repo.ensureCursor(k, consumer.name, consumer.startAt === 'beginning' ? 0 : await repo.head(k), now);
        cursor = await repo.findCursor(k, consumer.name);
        if (!cursor) return;
      }
      // Reads first, writes only when there is work: an idle consumer costs no commit per poll.
      if (cursor.holder !== null && cursor.holder !== nodeId && (cursor.lease_expires_at ?? 0) > now) return;
      if (!(await repo.hasAfter(k, Number(cursor.position)))) return;
      const claimed = await repo.claimCursor(k, { consumer: consumer.name, holder: nodeId, now, expiresAt: now + leaseMs });
      if (claimed === null) return;
      position = claimed;
      state.held = { position, stored: position, until: now + leaseMs, storedAt: performance.now() };
    }

    for (;;) {
      const rows = await repo.readAfterFor(k, position, batchSize, consumer.types);
      if (rows.length === 0) return;
      for (const row of rows) {
        if (state.types.has(row.type) && row.payload !== null) {
          try {
            await consumer.handle(parse(row.position, row.payload) as never);
          } catch (error) {
            state.failures += 1;
            const delay = retryDelayMs(state.failures);
            state.retryAt = clock.now() + delay;
            log.warn({ err: error, consumer: consumer.name, position: Number(row.position), failures: state.failures, retryInMs: delay }, 'events: a consumer failed; it will be retried from this event');
            if (state.held && state.held.position > state.held.stored) await storePosition(state, leaseMs);
            return pokeLater(state.runner, delay);
          }
        }
        if (state.held) state.held.position = Number(row.position);
      }
      state.failures = 0;
      const held = state.held;
      // Lost the lease meanwhile (another node's clock says it expired): the new holder carries on from the cursor.
      if (!held) return;
      if (performance.now() - held.storedAt >= ADVANCE_EVERY_MS || held.until - clock.now() <= leaseMs / 2) {
        if (!(await storePosition(state, leaseMs))) return;
      }
      position = held.position;
      if (rows.length < batchSize) return unstoredLater(state);
    }
  }

  /** Progress left unwritten: look again when it is due, so it is written even if nothing else happens. */
  function unstoredLater(state: ConsumerState): void {
    if (state.held && state.held.position > state.held.stored) pokeLater(state.runner, ADVANCE_EVERY_MS);
  }

  /** Writes every held consumer's delivered position (tests' drain, and before giving the leases up). */
  async function storePositions(): Promise<void> {
    for (const state of consumers.values()) {
      if (state.held && state.held.position > state.held.stored) await storePosition(state, state.consumer.leaseMs ?? defaultLeaseMs);
    }
  }

  return {
    /** Registers a durable consumer (at start-up, before start()); a name already taken is refused. */
    register<T extends EventType>(consumer: DurableConsumer<T>): void {
      if (consumers.has(consumer.name)) throw new Error(`events: a consumer named "${consumer.name}" is registered already`);
      const state: ConsumerState = {
        consumer: consumer as unknown as DurableConsumer,
        types: new Set<string>(consumer.types),
        failures: 0,
        retryAt: 0,
        held: null,
        runner: createRunner(async () => {
          try {
            await deliverTo(state);
          } catch (error) {
            // The database itself failed (not the handler): look again on the next wake.
            log.warn({ err: error, consumer: consumer.name }, 'events: delivering to a consumer failed');
          }
        }),
      };
      consumers.set(consumer.name, state);
    },

    /** Listens to every event from now on, on this node only (the live stream). Returns the unsubscribe. */
    subscribe(listener: (delivered: Delivered) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Fixes the live tail at the current head: what was appended before the node started is not streamed. */
    async startTail(): Promise<void> {
      tail = await repo.head(k);
    },

    /** Something may have been appended: every reader looks. */
    wake(): void {
      if (stopped) return;
      void tailRunner.poke();
      for (const state of consumers.values()) void state.runner.poke();
    },

    /** Runs every reader until it has caught up (or is backing off); for tests and shutdown. */
    async drain(): Promise<void> {
      await Promise.all([tailRunner.poke(), ...[...consumers.values()].map((s) => s.runner.poke())]);
      await storePositions();
    },

    /** Stops reading, waits for the rounds in progress, and gives the consumers' leases up so another node takes them at once. */
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([tailRunner.idle(), ...[...consumers.values()].map((s) => s.runner.idle())]);
      await storePositions().catch((error: unknown) => log.warn({ err: error }, 'events: could not store the consumers\' positions'));
      for (const name of consumers.keys()) {
        await repo.releaseCursor(k, name, nodeId).catch((error: unknown) => log.warn({ err: error, consumer: name }, 'events: could not release a consumer lease'));
      }
    },
  };
}

export type EventDispatcher = ReturnType<typeof createEventDispatcher>;
