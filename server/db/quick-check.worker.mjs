// PRAGMA quick_check on a thread of its own (integrity.ts). Plain JavaScript: it needs nothing but better-sqlite3.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, maxProblems } = workerData;
let problems;
try {
  const db = new SQLite(file, { fileMustExist: true, readonly: true });
  try {
    db.pragma('busy_timeout = 10000');
    const rows = db.pragma(`quick_check(${Number(maxProblems)})`, { simple: false });
    const results = rows.map((row) => String(Object.values(row)[0]));
    problems = results.length === 1 && results[0] === 'ok' ? [] : results;
  } finally {
    db.close();
  }
} catch (error) {
  // A check that cannot read the file has found the problem: SQLITE_CORRUPT, SQLITE_NOTADB…
  problems = [`${error.code ?? 'error'}: ${error.message}`];
}
parentPort.postMessage({ problems });
