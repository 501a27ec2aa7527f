import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { toEventRow, type EventAppender } from '../../events/index.ts';
import { ServiceUnavailableError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { IngestSink, IngestSource, ItemResult } from './envelope.ts';
import { validateEnvelope, type ValidEnvelope } from './envelope.validate.ts';
import { createGroupCommit } from './group-commit.ts';
import { silenceReason } from './health.ts';
import { createIngestRepository, type IngestRepository } from './ingest.repository.ts';
import { prepareBatch } from './prepare.ts';
import { healthEvent, storeBatch, type BatchStore } from './store.ts';
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
 * health, discovered devices, and the domain events saying so (store.ts). It resolves only after the commit, so a
 * transport acknowledges only what is durable.
 */
export function createIngestService(deps: { db: Db; clock: Clock; config: Config['ingest']; counters?: IngestCounters; events?: Pick<EventAppender, 'wake'> }) {
  const { db, clock, config } = deps;
  const repo = createIngestRepository(db);
  const batches = createBatchStore(db, repo);
  let inFlight = 0;

  /**
   * Stores a batch with its domain events, even one whose items were all refused (its ingest.batch event counts
   * them), then wakes the readers: the writer thread's commit is not one this thread saw.
   */
  async function store(valid: { index: number; envelope: ValidEnvelope }[], source: IngestSource, results: ItemResult[], now: number, settled: { duplicates: number; rejected: number }) {
    const prepared = prepareBatch(valid.map((v) => v.envelope), source, now);
    const outcome = await batches.store({ ...prepared, source, now, silenceMs: config.deviceSilenceMs, settled });
    const duplicates = new Set(outcome.duplicates);
    valid.forEach(({ index, envelope }, position) => {
      results[index] = { index, id: envelope.id, status: duplicates.has(position) ? 'duplicate' : 'accepted' };
    });
    deps.events?.wake();
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
        const settled = { duplicates: 0, rejected: 0 };
        items.forEach((item, index) => {
          const checked = validateEnvelope(item, limits);
          if (!checked.ok) {
            results[index] = { index, id: checked.id, status: 'rejected', error: checked.error };
            settled.rejected++;
          } else if (ids.has(checked.value.id)) {
            results[index] = { index, id: checked.value.id, status: 'duplicate' };
            settled.duplicates++;
          } else {
            ids.add(checked.value.id);
            valid.push({ index, envelope: checked.value });
          }
        });
        if (items.length > 0) await store(valid, source, results, now, settled);
        const counts = { accepted: 0, duplicates: 0, rejected: 0 };
        for (const r of results) counts[r.status === 'accepted' ? 'accepted' : r.status === 'duplicate' ? 'duplicates' : 'rejected']++;
        deps.counters?.onBatch?.(source, counts);
        return results;
      } finally {
        inFlight--;
      }
    },

    /**
     * Marks devices offline that reported health and then fell silent for longer than the threshold, with their
     * device.health events in the same transaction: every node's consoles hear of it, whichever node swept.
     */
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
          lastSeenAt: d.last_seen_at,
        }));
        await w.recordHealthChanges(marked);
        await w.appendEventRows(marked.map((c) => toEventRow(healthEvent(c))));
        return marked;
      });
      if (changes.length > 0) deps.events?.wake();
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
