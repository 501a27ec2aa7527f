import type { IngestWriter } from './ingest.repository.ts';

type Write = <T>(fn: (writer: IngestWriter) => Promise<T>) => Promise<T>;
type Work<T> = (writer: IngestWriter) => Promise<T>;

interface Waiting {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: batches that arrive while a transaction is being written wait, then go in together in the next one,
 * so one commit (one fsync) acknowledges several requests. Each batch still resolves only after the commit that holds
 * it, with what its own work returned. If a group fails, its batches are retried one by one, so one bad batch cannot
 * take the others down with it.
 *
 * A drain starts on the next turn of the event loop, not at once: SQLite runs synchronously, so starting at once
 * would commit the first batch before the requests already read from the sockets had a chance to join it (measured:
 * every group was a single batch).
 */
export function createGroupCommit(write: Write, maxGroup = 16) {
  const queue: Waiting[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        const group = queue.splice(0, maxGroup);
        try {
          const results = await write(async (writer) => {
            const out: unknown[] = [];
            for (const item of group) out.push(await item.work(writer));
            return out;
          });
          group.forEach((item, i) => item.resolve(results[i]));
        } catch (error) {
          if (group.length === 1) {
            group[0]!.reject(error);
            continue;
          }
          for (const item of group) {
            try {
              item.resolve(await write(item.work));
            } catch (alone) {
              item.reject(alone);
            }
          }
        }
      }
    } finally {
      draining = false;
    }
  }

  return function commit<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (draining) return;
      draining = true;
      setImmediate(() => void drain());
    });
  };
}
