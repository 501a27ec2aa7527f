import type { Clock } from '../../../clock.ts';
import type { Envelope, IngestSink, IngestSource, ItemResult } from '../envelope.ts';
import { validateEnvelope } from '../envelope.validate.ts';

/**
 * Tests only: a stand-in for our own ingest pipeline (which is built in parallel) behind the IngestSink contract.
 * It validates each item with the pipeline's own envelope validator, treats a known id as a duplicate, and records
 * what was accepted, so transport tests prove their envelopes would be stored, not merely that they were sent.
 */
export function createRecordingSink(clock: Clock = { now: () => Date.now() }) {
  const calls: { source: IngestSource; items: unknown[] }[] = [];
  const stored = new Map<string, Envelope>();
  let failNext: Error | null = null;
  const waiters: { count: number; resolve: () => void }[] = [];

  const sink: IngestSink = {
    async ingest(items, source) {
      if (failNext) {
        const error = failNext;
        failNext = null;
        throw error;
      }
      calls.push({ source, items: [...items] });
      const results: ItemResult[] = items.map((item, index) => {
        const checked = validateEnvelope(item, { now: clock.now(), maxFutureMs: 600_000, maxAgeMs: 30 * 86_400_000 });
        if (!checked.ok) return { index, id: checked.id, status: 'rejected', error: checked.error };
        if (stored.has(checked.value.id)) return { index, id: checked.value.id, status: 'duplicate' };
        stored.set(checked.value.id, item as Envelope);
        return { index, id: checked.value.id, status: 'accepted' };
      });
      for (const w of [...waiters]) if (stored.size >= w.count) w.resolve();
      return results;
    },
  };

  return {
    sink,
    calls,
    /** accepted envelopes, in arrival order */
    get envelopes(): Envelope[] {
      return [...stored.values()];
    },
    /** the next ingest call rejects as a whole (database down, node saturated) */
    failNextWith(error: Error) {
      failNext = error;
    },
    /** resolves once `count` envelopes have been accepted */
    waitFor(count: number, timeoutMs = 5000): Promise<void> {
      if (stored.size >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${count} envelopes, have ${stored.size}`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}
