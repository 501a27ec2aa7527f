/**
 * The ingest writer thread (ADR 0006): its own connection to the embedded database, group commit, and the same
 * storeBatch as the in-process path. Parsing and validation stay on the main thread; this thread only writes, so
 * SQLite's synchronous inserts and fsyncs no longer stop the main thread from reading the next requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from '../../db/database.ts';
import { createGroupCommit } from './group-commit.ts';
import { createSqliteIngestWrite } from './ingest.repository.ts';
import { storeBatch } from './store.ts';
import type { ToWriter, FromWriter, WriterThreadData } from './writer-thread.ts';

const { file } = workerData as WriterThreadData;
const port = parentPort!;
const raw = openSqliteConnection(file);
const commit = createGroupCommit(createSqliteIngestWrite(raw));
let inFlight = 0;
let closing = false;
port.postMessage({ type: 'ready' } satisfies FromWriter);

function closeWhenIdle(): void {
  if (!closing || inFlight > 0) return;
  raw.close();
  port.close();
}

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    closing = true;
    closeWhenIdle();
    return;
  }
  inFlight++;
  commit((writer) => storeBatch(writer, message.request))
    .then(
      (outcome) => port.postMessage({ type: 'stored', id: message.id, outcome } satisfies FromWriter),
      (error: unknown) => {
        const { message: text, code } = error instanceof Error ? (error as Error & { code?: string }) : { message: String(error), code: undefined };
        port.postMessage({ type: 'failed', id: message.id, error: { message: text, code } } satisfies FromWriter);
      },
    )
    .finally(() => {
      inFlight--;
      closeWhenIdle();
    });
});
