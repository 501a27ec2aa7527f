import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { EventBus } from '../../events.ts';
import { ServiceUnavailableError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { IngestSink, IngestSource, ItemResult } from './envelope.ts';
import { validateEnvelope, type ValidEnvelope } from './envelope.validate.ts';
import { createGroupCommit } from './group-commit.ts';
import { silenceReason } from './health.ts';
import { createIngestRepository, type HealthChange, type IngestRepository } from './ingest.repository.ts';
import { storeBatch, type BatchStore } from './store.ts';
import { createWriterThread } from './writer-thread.ts';

export interface IngestCounters {
  onBatch?: (source: IngestSource, counts: { accepted: number; duplicates: number; rejected: number }) => void;
}

/**
 * Where the batches go: on an embedded SQLite file, a writer thread with its own connection (ADR 0006), so the main
 * thread keeps parsing while SQLite inserts and fsyncs; on PostgreSQL (asynchronous already) or an in-memory
 * database, group commit on the node's own connection.
 */
function createBatchStore(db: Db, repo: IngestRepository): BatchStore {
  const file = db.sqlite?.name;
  if (db.sqlite && file && !db.sqlite.memory) return createWriterThread({ file });
  const commit = createGroupCommit(repo.write);
  return { ready: async () => {}, store: (request) => commit((writer) => storeBatch(writer, request)), close: async () => {} };
}

/**
 * The ingest pipeline behind every transport (SPEC C2): validate each item on its own, then store the good ones in
 * one transaction — raw events (idempotent by id), transactions, logins, one-minute roll-ups, device liveness and
 * health, discovered devices (store.ts). It resolves only after the commit, so a transport acknowledges only what is
 * durable.
 */
export function createIngestService(deps: { db: Db; clock: Clock; config: Config['ingest']; counters?: IngestCounters; bus?: EventBus }) {
  const { db, clock, config } = deps;
  const repo = createIngestRepository(db);
  const batches = createBatchStore(db, repo);
  let inFlight = 0;

  /** Tells the live stream, after the commit, which devices changed health. */
  function announce(changes: readonly HealthChange[]): void {
    for (const c of changes) {
      deps.bus?.publish({ type: 'device.health', deviceId: c.deviceId, code: c.code, siteId: c.siteId, subsystem: c.subsystem, previous: c.previous, health: c.health, reason: c.reason, at: c.at });
    }
  }

  async function store(valid: { index: number; envelope: ValidEnvelope }[], source: IngestSource, results: ItemResult[], now: number) {
    const outcome = await batches.store({ envelopes: valid.map((v) => v.envelope), source, now, silenceMs: config.deviceSilenceMs });
    const duplicates = new Set(outcome.duplicates);
    valid.forEach(({ index, envelope }, position) => {
      results[index] = { index, id: envelope.id, status: duplicates.has(position) ? 'duplicate' : 'accepted' };
    });
    announce(outcome.changes);
  }

  function assertNotSaturated(): void {
    if (inFlight >= config.maxInFlight) {
      throw new ServiceUnavailableError('opsdesk is busy writing earlier batches: retry shortly', 1, 'INGEST_SATURATED');
    }
  }

  const sink: IngestSink & {
    assertNotSaturated(): void;
    ready(): Promise<void>;
    close(): Promise<void>;
    sweepSilentDevices(): Promise<number>;
    applyRetention(): Promise<{ events: number; rollups: number }>;
  } = {
    assertNotSaturated,
    ready: () => batches.ready(),
    close: () => batches.close(),

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
          subsystem: d.subsystem,
          previous: d.health,
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
