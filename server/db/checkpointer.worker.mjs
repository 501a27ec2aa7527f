// The background checkpointer's thread (checkpointer.ts). Plain JavaScript: it needs nothing but better-sqlite3.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, everyMs } = workerData;
const db = new SQLite(file);
// Never wait: a busy checkpoint lock means the writer is checkpointing by itself right now.
db.pragma('busy_timeout = 0');

let lastVersion = -1;
const timer = setInterval(() => {
  // data_version moves when another connection commits: an idle database costs one cheap read a tick.
  const version = db.pragma('data_version', { simple: true });
  if (version === lastVersion) return;
  lastVersion = version;
  db.pragma('wal_checkpoint(PASSIVE)');
}, everyMs);

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
