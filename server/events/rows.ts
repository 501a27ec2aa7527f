/**
 * Events as the outbox stores them. No schema is loaded here (types only), so that the ingest writer thread, which
 * appends them on its own connection, does not load the catalogue's schemas and what they import.
 */
import type { DomainEvent, EventOf, EventType } from './catalog.ts';

/**
 * Each event type's key, which orders delivery: a consumer sees the events of one key in the order they were
 * appended (device.health: per device; ingest.batch: per transport).
 */
export const EVENT_KEYS: { readonly [T in EventType]: (event: EventOf<T>) => string } = {
  'device.health': (e) => e.deviceId,
  'ingest.batch': (e) => e.source,
  'alert.changed': (e) => e.alertId,
  'alert.notify': (e) => e.groupKey,
  'alerting.tick': () => 'tick',
  'notify.queued': () => 'notify',
  'notify.console': (e) => e.userId,
  'incident.changed': (e) => e.incidentId,
  'recon.changed': (e) => e.jobId,
};

/** The ordering key of an event (domain_events.key). */
export function keyOf(event: DomainEvent): string {
  return (EVENT_KEYS[event.type] as (e: DomainEvent) => string)(event);
}

/** An event as the outbox stores it: plain data, so that it also crosses to the ingest writer thread. */
export interface EventRow {
  type: EventType;
  key: string;
  /** the whole event as JSON text (type and at included: a row read back needs nothing else) */
  payload: string;
  at: number;
}

export function toEventRow(event: DomainEvent): EventRow {
  return { type: event.type, key: keyOf(event), payload: JSON.stringify(event), at: event.at };
}
