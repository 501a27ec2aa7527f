import type { IngestWriter } from './ingest.repository.ts';

type Work = (writer: IngestWriter) => Promise<void>;

interface Waiting {
  work: Work;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: batches that arrive while a transaction is being written wait, then go in together in the next one,
 * so one commit (one fsync) acknowledges several requests. Each batch still resolves only after the commit that holds
 * it. If a group fails, its batches are retried one by one, so one bad batch cannot take the others down with it.
 */
export function createGroupCommit(write: <T>(fn: (writer: IngestWriter) => Promise<T>) => Promise<T>, maxGroup = 16) {
  const queue: Waiting[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const group = queue.splice(0, maxGroup);
        try {
          await write(async (writer) => {
            for (const item of group) await item.work(writer);
          });
          for (const item of group) item.resolve();
        } catch (error) {
          if (group.length === 1) {
            group[0]!.reject(error);
            continue;
          }
          for (const item of group) {
            try {
              await write(item.work);
              item.resolve();
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

  return function commit(work: Work): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      queue.push({ work, resolve, reject });
      if (!draining) void drain();
    });
  };
}
