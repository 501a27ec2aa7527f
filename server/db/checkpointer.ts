import { Worker } from 'node:worker_threads';

/**
 * Background WAL checkpoints for the embedded database (ADR 0006).
 *
 * A checkpoint copies committed pages from the WAL back into the database file. SQLite runs it inside the commit that
 * crosses wal_autocheckpoint, so under continuous ingest the writer regularly stopped to copy tens of megabytes. A
 * thread with its own connection now runs PASSIVE checkpoints a few times a second; they take no writer lock, so the
 * writer keeps writing, and when its own autocheckpoint comes due there is only a short tail left to copy before the
 * WAL starts over (bench/ingest.bench.ts: roughly 42,000 → 57,000 events/s).
 */
export function startBackgroundCheckpoints(file: string, everyMs = 200): { stop(): Promise<void> } {
  const thread = new Worker(new URL('./checkpointer.worker.mjs', import.meta.url), { workerData: { file, everyMs } });
  // It only helps; it must never keep a finishing process alive.
  thread.unref();
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  // A failing checkpointer costs speed, not data: SQLite's own autocheckpoint still runs in the writer.
  thread.on('error', () => {});
  return {
    async stop() {
      thread.postMessage('stop');
      await exited;
    },
  };
}
