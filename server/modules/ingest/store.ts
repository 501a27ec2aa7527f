import type { DeviceHealthEvent, IngestBatchEvent } from '../../events/index.ts';
// Rows only, not the catalogue's schemas: this file runs on the writer thread (server/events/rows.ts).
import { toEventRow, type EventRow } from '../../events/rows.ts';
import { newId } from '../../ids.ts';
import type { IngestSource } from './envelope.ts';
import { nextHealth } from './health.ts';
import type { DiscoveredTouch, HealthChange } from '../estate/index.ts';
import type { IngestWriter } from './ingest.repository.ts';
import { deriveRows, envelopeOfRow, type DerivedRows, type PreparedBatch } from './prepare.ts';

/** One validated batch to store, prepared on the thread that validated it. Plain data: it crosses to the writer thread. */
export interface StoreRequest extends PreparedBatch {
  source: IngestSource;
  /** the receiving node's clock, epoch ms */
  now: number;
  /** how long a device may be silent before it counts as offline */
  silenceMs: number;
  /** the batch's items the main thread settled before storing: ids repeated within it, and items it refused */
  settled: { duplicates: number; rejected: number };
}

export interface StoreOutcome {
  /** positions in `rows` of ids stored before (re-sent: no-ops) */
  duplicates: number[];
  /** the devices whose health this batch changed (each also written as a device.health event) */
  changes: HealthChange[];
}

/** Where validated batches are stored: a writer thread on SQLite, the node's own connection otherwise. */
export interface BatchStore {
  /** Resolves when the first batch will not wait for set-up (a server calls it before it listens). */
  ready(): Promise<void>;
  /** Resolves after the commit that holds the batch. */
  store(request: StoreRequest): Promise<StoreOutcome>;
  close(): Promise<void>;
}

/** How stale last_seen_at may be; the silence threshold is minutes, so seconds are plenty. */
const LAST_SEEN_RESOLUTION_MS = 5_000;

/** A health change as the domain event that announces it (server/events/catalog.ts). */
export function healthEvent(c: HealthChange): DeviceHealthEvent {
  return { type: 'device.health', deviceId: c.deviceId, code: c.code, siteId: c.siteId, subsystem: c.subsystem, previous: c.previous, health: c.health, reason: c.reason, at: c.at, lastSeenAt: c.lastSeenAt };
}

/**
 * Everything one batch writes, inside the caller's transaction: raw events (idempotent by id), transactions, logins,
 * one-minute roll-ups, device liveness and health, discovered devices, and its domain events — one `ingest.batch` and
 * one `device.health` per change, never one per heartbeat. Only events that were new count: a re-sent batch changes
 * nothing.
 */
export async function storeBatch(w: IngestWriter, request: StoreRequest): Promise<StoreOutcome> {
  const { rows, source, now, settled } = request;
  const fresh = await w.insertEvents(rows);
  const duplicates: number[] = [];
  rows.forEach((row, position) => {
    if (!fresh.has(row.id)) duplicates.push(position);
  });
  // Derived as prepared when every event was new; a batch partly sent before derives from its new events only.
  const derived = duplicates.length === 0 ? request.derived : deriveRows(rows.filter((row) => fresh.has(row.id)).map(envelopeOfRow), source, now);
  const changes = await storeDerived(w, derived, request);
  const batch: IngestBatchEvent = {
    type: 'ingest.batch',
    source,
    accepted: rows.length - duplicates.length,
    duplicates: duplicates.length + settled.duplicates,
    rejected: settled.rejected,
    at: now,
  };
  await w.appendEventRows([...changes.map((c) => toEventRow(healthEvent(c))), batchEventRow(batch, derived.signals)]);
  return { duplicates, changes };
}

/** The ingest.batch event's row with its signals, whose JSON text was made with them: not parsed and made again. */
function batchEventRow(batch: IngestBatchEvent, signals: string | null): EventRow {
  const row = toEventRow(batch);
  if (signals !== null) row.payload = `${row.payload.slice(0, -1)},"signals":${signals}}`;
  return row;
}

/** Writes what the batch's new events derive; returns the health changes it recorded. */
async function storeDerived(w: IngestWriter, derived: DerivedRows, request: StoreRequest): Promise<HealthChange[]> {
  const { source, now } = request;
  if (derived.transactions.length > 0) await w.insertTransactions(derived.transactions);
  if (derived.logins.length > 0) await w.insertLogins(derived.logins);
  if (derived.rollups.length > 0) await w.upsertRollups(derived.rollups);
  if (derived.activity.length === 0) return [];

  const known = new Map((await w.devicesByCodes(derived.activity.map(([code]) => code))).map((d) => [d.code, d]));
  const touches: { id: string; lastSeenAt: number }[] = [];
  const discovered: DiscoveredTouch[] = [];
  const changes: HealthChange[] = [];
  for (const [code, act] of derived.activity) {
    const device = known.get(code);
    if (!device) {
      // Not registered: keep its events and list it for an administrator to adopt (SPEC C1.2).
      discovered.push({ code, siteCode: act.site, address: act.address, source, lastKind: act.lastKind, events: act.events, at: now });
      continue;
    }
    // last_seen_at is for people and the silence sweep, which works in minutes: a device that reports every few
    // milliseconds is written at most every few seconds, not once a batch.
    if (device.last_seen_at === null || act.lastSeen - device.last_seen_at >= LAST_SEEN_RESOLUTION_MS) touches.push({ id: device.id, lastSeenAt: act.lastSeen });
    // Records collected late (an offline POS uploading yesterday's sales) say nothing about the device now.
    if (act.lastSeen < now - request.silenceMs) continue;
    const next = nextHealth(device.health, device.maintenance === 1, act.signal, device.first_report === 1);
    if (!next) continue;
    changes.push({ deviceId: device.id, code: device.code, siteId: device.site_id, subsystem: device.subsystem, previous: device.health, health: next.health, reason: next.reason, at: now, historyId: newId(), lastSeenAt: act.lastSeen });
  }
  await w.touchDevices(touches);
  await w.recordHealthChanges(changes);
  await w.upsertDiscovered(discovered);
  return changes;
}
