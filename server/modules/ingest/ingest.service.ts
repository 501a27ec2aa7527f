import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { EventBus } from '../../events.ts';
import { ServiceUnavailableError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { aggregateRollups, samplesOf, toEventRow, toLoginRow, toTransactionRow, type Sample } from './derive.ts';
import type { IngestSink, IngestSource, ItemResult } from './envelope.ts';
import { validateEnvelope, type ValidEnvelope } from './envelope.validate.ts';
import { createGroupCommit } from './group-commit.ts';
import { combine, nextHealth, signalOf, silenceReason, type HealthSignal } from './health.ts';
import { createIngestRepository, type DiscoveredTouch, type HealthChange } from './ingest.repository.ts';
import type { LoginsTable, TransactionsTable } from './ingest.tables.ts';

export interface IngestCounters {
  onBatch?: (source: IngestSource, counts: { accepted: number; duplicates: number; rejected: number }) => void;
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

/**
 * The ingest pipeline behind every transport (SPEC C2): validate each item on its own, then store the good ones in
 * one transaction — raw events (idempotent by id), transactions, logins, one-minute roll-ups, device liveness and
 * health, discovered devices. It resolves only after the commit, so a transport acknowledges only what is durable.
 */
export function createIngestService(deps: { db: Db; clock: Clock; config: Config['ingest']; counters?: IngestCounters; bus?: EventBus }) {
  const { db, clock, config } = deps;
  const repo = createIngestRepository(db);
  const commit = createGroupCommit(repo.write);
  let inFlight = 0;

  /** Tells the live stream, after the commit, which devices changed health. */
  function announce(changes: readonly HealthChange[]): void {
    for (const c of changes) deps.bus?.publish({ type: 'device.health', deviceId: c.deviceId, code: c.code, siteId: c.siteId, health: c.health, reason: c.reason, at: c.at });
  }

  async function store(valid: { index: number; envelope: ValidEnvelope }[], source: IngestSource, results: ItemResult[], now: number) {
    const rows = valid.map((v) => toEventRow(v.envelope, source, now));
    const changes: HealthChange[] = [];
    await commit(async (w) => {
      // A failed group is retried batch by batch: start from nothing each time this runs.
      changes.length = 0;
      const fresh = await w.insertEvents(rows);
      const txns: TransactionsTable[] = [];
      const logins: LoginsTable[] = [];
      const samples: Sample[] = [];
      const activity = new Map<string, DeviceActivity>();
      for (const { index, envelope } of valid) {
        if (!fresh.has(envelope.id)) {
          results[index] = { index, id: envelope.id, status: 'duplicate' };
          continue;
        }
        results[index] = { index, id: envelope.id, status: 'accepted' };
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
      }
      if (txns.length > 0) await w.insertTransactions(txns);
      if (logins.length > 0) await w.insertLogins(logins);
      if (samples.length > 0) await w.upsertRollups(aggregateRollups(samples));
      if (activity.size === 0) return;

      const known = new Map((await w.devicesByCodes([...activity.keys()])).map((d) => [d.code, d]));
      const touches: { id: string; lastSeenAt: number }[] = [];
      const discovered: DiscoveredTouch[] = [];
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
        if (act.lastSeen < now - config.deviceSilenceMs) continue;
        const next = nextHealth(device.health, device.maintenance === 1, act.signal);
        if (next) changes.push({ deviceId: device.id, code: device.code, siteId: device.site_id, health: next.health, reason: next.reason, at: now, historyId: newId() });
      }
      await w.touchDevices(touches);
      await w.recordHealthChanges(changes);
      await w.upsertDiscovered(discovered);
    });
    announce(changes);
  }

  function assertNotSaturated(): void {
    if (inFlight >= config.maxInFlight) {
      throw new ServiceUnavailableError('opsdesk is busy writing earlier batches: retry shortly', 1, 'INGEST_SATURATED');
    }
  }

  const sink: IngestSink & {
    assertNotSaturated(): void;
    sweepSilentDevices(): Promise<number>;
    applyRetention(): Promise<{ events: number; rollups: number }>;
  } = {
    assertNotSaturated,

    async ingest(items: readonly unknown[], source: IngestSource): Promise<ItemResult[]> {
      assertNotSaturated();
      inFlight++;
      try {
        const now = clock.now();
        const limits = { now, maxFutureMs: config.maxFutureMs, maxAgeMs: config.maxAgeMs };
        const results: ItemResult[] = new Array(items.length);
        const valid: { index: number; envelope: ValidEnvelope }[] = [];
        const ids = new Set<string>();
        items.forEach((item, index) => {
          const checked = validateEnvelope(item, limits);
          if (!checked.ok) results[index] = { index, id: checked.id, status: 'rejected', error: checked.error };
          else if (ids.has(checked.value.id)) results[index] = { index, id: checked.value.id, status: 'duplicate' };
          else {
            ids.add(checked.value.id);
            valid.push({ index, envelope: checked.value });
          }
        });
        if (valid.length > 0) await store(valid, source, results, now);
        const counts = { accepted: 0, duplicates: 0, rejected: 0 };
        for (const r of results) counts[r.status === 'accepted' ? 'accepted' : r.status === 'duplicate' ? 'duplicates' : 'rejected']++;
        deps.counters?.onBatch?.(source, counts);
        deps.bus?.publish({ type: 'ingest.batch', source, ...counts, at: now });
        return results;
      } finally {
        inFlight--;
      }
    },

    /** Marks devices offline that reported health and then fell silent for longer than the threshold. */
    async sweepSilentDevices(): Promise<number> {
      const now = clock.now();
      // Read and mark in one transaction, so a device that reports meanwhile is not marked offline.
      const changes = await repo.write(async (w) => {
        const silent = await w.silentDevices(now - config.deviceSilenceMs);
        const marked = silent.map((d) => ({
          deviceId: d.id,
          code: d.code,
          siteId: d.site_id,
          health: 'offline' as const,
          reason: silenceReason(d.last_seen_at ?? now, now),
          at: now,
          historyId: newId(),
        }));
        await w.recordHealthChanges(marked);
        return marked;
      });
      announce(changes);
      return changes.length;
    },

    /** Deletes raw events and roll-ups past their retention, a slice at a time so writers are never blocked long. */
    async applyRetention(): Promise<{ events: number; rollups: number }> {
      const now = clock.now();
      let events = 0;
      for (;;) {
        const deleted = await db.kysely.transaction().execute((trx) => repo.deleteEventsBefore(trx, now - config.eventRetentionMs, 5000));
        events += deleted;
        if (deleted < 5000) break;
      }
      const rollups = await db.kysely.transaction().execute((trx) => repo.deleteRollupsBefore(trx, now - config.rollupRetentionMs));
      return { events, rollups };
    },
  };
  return sink;
}

export type IngestService = ReturnType<typeof createIngestService>;
