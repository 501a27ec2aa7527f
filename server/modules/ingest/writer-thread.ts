import { Worker } from 'node:worker_threads';
import { startBackgroundCheckpoints } from '../../db/checkpointer.ts';
import type { BatchStore, StoreOutcome, StoreRequest } from './store.ts';

export interface WriterThreadData {
  /** the SQLite file the main connection has open */
  file: string;
}

export type ToWriter = { type: 'store'; id: number; request: StoreRequest } | { type: 'close' };
export type FromWriter =
  | { type: 'ready' }
  | { type: 'stored'; id: number; outcome: StoreOutcome }
  | { type: 'failed'; id: number; error: { message: string; code?: string | undefined } };

/** An error the writer thread reported, with SQLite's code (SQLITE_BUSY, SQLITE_FULL…) kept. */
export class WriterThreadError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve: (outcome: StoreOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * Stores batches on a writer thread with its own connection to the SQLite file, with background checkpoints beside it
 * (ADR 0006). The thread starts with the first batch (or ready()), so a node that never ingests never pays for it. If
 * it dies, the batches it held fail (none was acknowledged, and a re-sent id is a no-op) and the next batch starts a
 * new one.
 */
export function createWriterThread(data: WriterThreadData): BatchStore {
  let worker: Worker | null = null;
  let started: Promise<void> | null = null;
  let checkpoints: { stop(): Promise<void> } | null = null;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();

  /**
   * An idle thread must not keep a finishing process alive; one starting up or holding batches must, until it has
   * answered.
   */
  function holdProcessWhileBusy(thread = worker): void {
    if (pending.size > 0) thread?.ref();
    else thread?.unref();
  }

  function failAll(error: Error): void {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  }

  function start(): Worker {
    const thread = new Worker(new URL('./writer-thread.boot.mjs', import.meta.url), { workerData: data });
    checkpoints ??= startBackgroundCheckpoints(data.file);
    let onReady: () => void = () => {};
    let onFailure: (error: Error) => void = () => {};
    started = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onFailure = reject;
    });
    started.catch(() => {}); // reported to whoever awaits ready() or a batch
    thread.on('message', (message: FromWriter) => {
      if (message.type === 'ready') {
        holdProcessWhileBusy(thread);
        return onReady();
      }
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      holdProcessWhileBusy();
      if (message.type === 'stored') p.resolve(message.outcome);
      else p.reject(new WriterThreadError(message.error.message, message.error.code));
    });
    thread.on('error', (error) => {
      onFailure(error);
      failAll(new WriterThreadError(`the ingest writer thread failed: ${error.message}`));
    });
    thread.on('exit', (code) => {
      if (worker === thread) {
        worker = null;
        started = null;
      }
      onFailure(new WriterThreadError(`the ingest writer thread stopped (exit code ${code})`));
      failAll(new WriterThreadError(`the ingest writer thread stopped (exit code ${code})`));
    });
    return thread;
  }

  return {
    ready() {
      if (closed) return Promise.reject(new WriterThreadError('the ingest writer is closed'));
      worker ??= start();
      return started!;
    },

    store(request) {
      if (closed) return Promise.reject(new WriterThreadError('the ingest writer is closed'));
      const id = nextId++;
      return new Promise<StoreOutcome>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker ??= start();
        holdProcessWhileBusy();
        worker.postMessage({ type: 'store', id, request } satisfies ToWriter);
      });
    },

    /** Lets the thread finish what it holds, then stops it and the checkpointer. */
    async close() {
      closed = true;
      const stopping = worker;
      worker = null;
      if (stopping) {
        const exited = new Promise<void>((resolve) => stopping.once('exit', () => resolve()));
        stopping.postMessage({ type: 'close' } satisfies ToWriter);
        await exited;
      }
      await checkpoints?.stop();
      checkpoints = null;
    },
  };
}
