import type { Generated } from 'kysely';

/** The outbox: every domain event, in the order it was appended (migration 2026-11-30-005). */
export interface DomainEventsTable {
  /** monotonically increasing, never reused (SQLite AUTOINCREMENT, PostgreSQL identity); gaps are rolled-back appends */
  position: Generated<number>;
  type: string;
  /** what orders delivery: events with one key reach a consumer in position order (e.g. the device id) */
  key: string;
  /** the whole event as JSON text (server/events/catalog.ts) */
  payload: string;
  /** epoch ms, when it happened (retention goes by it) */
  at: number;
}

/** One row per durable consumer: how far it has got, and which node is delivering to it. */
export interface EventCursorsTable {
  consumer: string;
  /** the last position delivered to the consumer (its handler succeeded); 0 before the first */
  position: number;
  /** the node delivering to this consumer while `lease_expires_at` is ahead; null when none */
  holder: string | null;
  lease_expires_at: number | null;
  updated_at: number;
}

export interface EventsTables {
  domain_events: DomainEventsTable;
  event_cursors: EventCursorsTable;
}
