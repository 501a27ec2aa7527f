import type { BatchSignals, DeviceHealthEvent, IngestBatchEvent } from '../../events/index.ts';
import { newId } from '../../ids.ts';
import { aggregateRollups, samplesOf, toEventRow, toLoginRow, toTransactionRow, type Sample } from './derive.ts';
import type { IngestSource } from './envelope.ts';
import type { ValidEnvelope } from './envelope.validate.ts';
import { combine, nextHealth, signalOf, type HealthSignal } from './health.ts';
import type { DiscoveredTouch, HealthChange } from '../estate/index.ts';
import type { IngestWriter } from './ingest.repository.ts';
import type { LoginsTable, TransactionsTable } from './ingest.tables.ts';
import { createSignalsBuilder } from './signals.ts';

/** One validated batch to store. Plain data: it crosses to the writer thread by structured clone. */
export interface StoreRequest {
  envelopes: ValidEnvelope[];
  source: IngestSource;
  /** the receiving node's clock, epoch ms */
  now: number;
  /** how long a device may be silent before it counts as offline */
  silenceMs: number;
  /** the batch's items the main thread settled before storing: ids repeated within it, and items it refused */
  settled: { duplicates: number; rejected: number };
}

export interface StoreOutcome {
  /** positions in `envelopes` of ids stored before (re-sent: no-ops) */
  duplicates: number[];
  /** the devices whose health this batch changed (each also written as a device.health event) */
  changes: HealthChange[];
}

/** What storeRows found, with the signals its ingest.batch event will carry. */
type StoredRows = StoreOutcome & { signals?: BatchSignals };

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

interface DeviceActivity {
  signal: HealthSignal;
  lastSeen: number;
  events: number;
  site: string | null;
  lastKind: string;
  address: string | null;
}

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
  const { signals, ...outcome } = await storeRows(w, request);
  const { envelopes, source, now, settled } = request;
  const batch: IngestBatchEvent = {
    type: 'ingest.batch',
    source,
    accepted: envelopes.length - outcome.duplicates.length,
    duplicates: outcome.duplicates.length + settled.duplicates,
    rejected: settled.rejected,
    at: now,
  };
  if (signals) batch.signals = signals;
  await w.appendEvents([...outcome.changes.map(healthEvent), batch]);
  // The signals travel in the event only: the caller (across the writer thread's boundary) has no use for a copy.
  return outcome;
}

async function storeRows(w: IngestWriter, request: StoreRequest): Promise<StoredRows> {
  const { envelopes, source, now } = request;
  const fresh = await w.insertEvents(envelopes.map((e) => toEventRow(e, source, now)));
  const duplicates: number[] = [];
  const txns: TransactionsTable[] = [];
  const logins: LoginsTable[] = [];
  const samples: Sample[] = [];
  const activity = new Map<string, DeviceActivity>();
  const signals = createSignalsBuilder();
  const fromMonitoring = source === 'alertmanager' || source === 'grafana';
  envelopes.forEach((envelope, position) => {
    if (!fresh.has(envelope.id)) {
      duplicates.push(position);
      return;
    }
    // A monitoring system's alert about a device is kept in its history, but it is no sign of the device's life and
    // is an opsdesk alert already (alerting/external): no liveness, no health, no signals for the rules.
    if (fromMonitoring) return;
    signals.add(envelope);
    if (envelope.kind === 'txn') txns.push(toTransactionRow(envelope, now, 'live'));
    else if (envelope.kind === 'login') logins.push(toLoginRow(envelope));
    samplesOf(envelope, samples);
    const seen = activity.get(envelope.device);
    activity.set(envelope.device, {
      signal: combine(seen?.signal, signalOf(envelope)),
      lastSeen: Math.max(seen?.lastSeen ?? 0, Math.min(envelope.tsMs, now)),
      events: (seen?.events ?? 0) + 1,
      site: envelope.site ?? seen?.site ?? null,
      lastKind: envelope.kind,
      address: typeof envelope.labels?.address === 'string' ? envelope.labels.address : (seen?.address ?? null),
    });
  });
  if (txns.length > 0) await w.insertTransactions(txns);
  if (logins.length > 0) await w.insertLogins(logins);
  if (samples.length > 0) await w.upsertRollups(aggregateRollups(samples));
  if (activity.size === 0) return { duplicates, changes: [] };
  const batchSignals = signals.build();

  const known = new Map((await w.devicesByCodes([...activity.keys()])).map((d) => [d.code, d]));
  const touches: { id: string; lastSeenAt: number }[] = [];
  const discovered: DiscoveredTouch[] = [];
  const changes: HealthChange[] = [];
  for (const [code, act] of activity) {
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
  return { duplicates, changes, ...(batchSignals && { signals: batchSignals }) };
}
