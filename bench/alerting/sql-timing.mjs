/**
 * A diagnostic preload for the server under benchmark (`--sql-timing DIR`): times every better-sqlite3 statement by its
 * SQL text, per thread, and writes the totals to DIR when the thread ends. CPU profiles show the main thread inside
 * better-sqlite3 without saying which query (Kysely runs queries from a promise chain, so the caller is not on the
 * stack); this says which. It wraps the driver's own calls and changes nothing they do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import Database from 'better-sqlite3';

const dir = process.env.OPSDESK_BENCH_SQL_TIMING_DIR;
if (dir) {
  const totals = new Map();
  const record = (sql, ms) => {
    const key = sql.replace(/\s+/g, ' ').replace(/\(\?(, \?)+\)/g, '(?…)').slice(0, 160);
    const t = totals.get(key) ?? { count: 0, ms: 0, maxMs: 0 };
    t.count += 1;
    t.ms += ms;
    if (ms > t.maxMs) t.maxMs = ms;
    totals.set(key, t);
  };
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (sql, ...rest) {
    const statement = prepare.call(this, sql, ...rest);
    for (const method of ['run', 'get', 'all']) {
      const original = statement[method];
      statement[method] = function (...args) {
        const t0 = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          record(sql, performance.now() - t0);
        }
      };
    }
    return statement;
  };
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (sql) {
    const t0 = performance.now();
    try {
      return exec.call(this, sql);
    } finally {
      record(`exec: ${sql}`, performance.now() - t0);
    }
  };
  const transaction = Database.prototype.transaction;
  Database.prototype.transaction = function (fn) {
    const wrapped = transaction.call(this, fn);
    const timed = function (...args) {
      const t0 = performance.now();
      try {
        return wrapped.apply(this, args);
      } finally {
        record('transaction (whole)', performance.now() - t0);
      }
    };
    for (const variant of ['deferred', 'immediate', 'exclusive']) timed[variant] = wrapped[variant];
    return timed;
  };
  const dump = () => {
    const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms).map(([sql, t]) => ({ sql, count: t.count, ms: Math.round(t.ms), maxMs: Math.round(t.maxMs) }));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `sql-${process.pid}-thread${threadId}.json`), JSON.stringify(rows, null, 1));
  };
  process.on('exit', dump);
  if (threadId === 0) for (const signal of ['SIGTERM', 'SIGINT']) process.prependListener(signal, dump);
}
