import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { withSqliteConnection, type Db } from '../../db/database.ts';
import { pageQuery, keyset, type PageRequest } from '../../db/keyset.ts';
import { retryWhileBusy } from '../../db/sqlite-busy.ts';
import type { Executor } from '../../db/types.ts';
// The outbox's rows and SQL, not its schemas: the writer thread loads this file (server/events/rows.ts).
import { appendEventRows, INSERT_EVENT_SQLITE } from '../../events/events.repository.ts';
import type { EventRow } from '../../events/rows.ts';
import { kyselyDeviceTelemetry, sqliteDeviceTelemetry, type DeviceTelemetryWriter } from '../estate/index.ts';
import type { EventsTable, LoginsTable, MetricRollupsTable, TransactionsTable } from './ingest.tables.ts';

/** The writes of one ingest transaction: its own tables, and the estate's devices through the estate's writer. */
export interface IngestWriter extends DeviceTelemetryWriter {
  /** Inserts the events that are not there yet; returns the ids that were new (re-sent ids are no-ops). */
  insertEvents(rows: readonly EventsTable[]): Promise<Set<string>>;
  insertTransactions(rows: readonly TransactionsTable[]): Promise<void>;
  insertLogins(rows: readonly LoginsTable[]): Promise<void>;
  /** Adds a batch's samples to the one-minute roll-ups (count, sum, min, max, last). */
  upsertRollups(rows: readonly MetricRollupsTable[]): Promise<void>;
  /**
   * Appends domain events (as rows: server/events/rows.ts) to the outbox in this transaction. On PostgreSQL they are
   * written when the transaction's work is done, just before the commit, so the events lock is held only for the commit.
   */
  appendEventRows(rows: readonly EventRow[]): Promise<void>;
}

const CHUNK = 500;
function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * The writer over Kysely: PostgreSQL's path (multi-row statements, one round trip per chunk). Domain events are
 * collected in `outbox` for the caller to append last.
 */
function kyselyWriter(trx: Executor, greatest: 'greatest' | 'max', least: string, outbox: EventRow[]): IngestWriter {
  return {
    ...kyselyDeviceTelemetry(trx, greatest),
    async appendEventRows(rows) {
      outbox.push(...rows);
    },
    async insertEvents(rows) {
      const fresh = new Set<string>();
      for (const part of chunks(rows)) {
        const inserted = await trx.insertInto('events').values(part).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
        for (const r of inserted) fresh.add(r.id);
      }
      return fresh;
    },
    async insertTransactions(rows) {
      for (const part of chunks(rows)) await trx.insertInto('transactions').values(part).onConflict((oc) => oc.column('txn_id').doNothing()).execute();
    },
    async insertLogins(rows) {
      for (const part of chunks(rows)) await trx.insertInto('logins').values(part).onConflict((oc) => oc.column('event_id').doNothing()).execute();
    },
    async upsertRollups(rows) {
      for (const part of chunks(rows)) {
        await trx
          .insertInto('metric_rollups')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['device_code', 'metric', 'minute']).doUpdateSet({
              count: sql`metric_rollups.count + excluded.count`,
              sum: sql`metric_rollups.sum + excluded.sum`,
              min: sql`${sql.raw(least)}(metric_rollups.min, excluded.min)`,
              max: sql`${sql.raw(greatest)}(metric_rollups.max, excluded.max)`,
              last: sql`excluded.last`,
            }),
          )
          .execute();
      }
    },
  };
}

/**
 * The writer over prepared better-sqlite3 statements: SQLite's path. The same statements as the Kysely writer, but
 * prepared once and run row by row in-process, which is what lets one node take tens of thousands of events a second
 * (bench/ingest.bench.ts). Statements are prepared lazily, once per connection.
 */
function sqliteWriter(s: SqliteStatements): IngestWriter {
  return {
    ...s.devices,
    async appendEventRows(rows) {
      for (const row of rows) s.domainEvent.run(row.type, row.key, row.payload, row.at);
    },
    async insertEvents(rows) {
      const fresh = new Set<string>();
      for (const r of rows) if (s.event.run(r.id, r.kind, r.ts, r.received_at, r.device_code, r.site_code, r.source, r.labels, r.data).changes === 1) fresh.add(r.id);
      return fresh;
    },
    async insertTransactions(rows) {
      for (const r of rows) {
        s.txn.run(r.txn_id, r.event_id, r.type, r.amount_fen, r.account, r.card, r.channel, r.status, r.error_code, r.card_counter, r.balance_before_fen, r.balance_after_fen, r.device_code, r.site_code, r.device_ts, r.collected_at, r.offline, r.source);
      }
    },
    async insertLogins(rows) {
      for (const r of rows) s.login.run(r.event_id, r.account, r.ip, r.client_device, r.user_agent, r.result, r.reason, r.device_code, r.site_code, r.ts);
    },
    async upsertRollups(rows) {
      for (const r of rows) s.rollup.run(r.device_code, r.metric, r.minute, r.count, r.sum, r.min, r.max, r.last);
    },
  };
}

type SqliteStatements = ReturnType<typeof prepareSqlite>;

function prepareSqlite(raw: SQLite.Database) {
  return {
    event: raw.prepare('insert or ignore into events (id, kind, ts, received_at, device_code, site_code, source, labels, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    txn: raw.prepare(
      `insert or ignore into transactions (txn_id, event_id, type, amount_fen, account, card, channel, status, error_code, card_counter,
        balance_before_fen, balance_after_fen, device_code, site_code, device_ts, collected_at, offline, source)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    login: raw.prepare('insert or ignore into logins (event_id, account, ip, client_device, user_agent, result, reason, device_code, site_code, ts) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    rollup: raw.prepare(
      `insert into metric_rollups (device_code, metric, minute, count, sum, min, max, last) values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (device_code, metric, minute) do update set count = metric_rollups.count + excluded.count, sum = metric_rollups.sum + excluded.sum,
         min = min(metric_rollups.min, excluded.min), max = max(metric_rollups.max, excluded.max), last = excluded.last`,
    ),
    domainEvent: raw.prepare(INSERT_EVENT_SQLITE),
    devices: sqliteDeviceTelemetry(raw),
  };
}

/**
 * Ingest transactions on one SQLite connection (the main one, or the writer thread's own): statements prepared on
 * first use, each call one IMMEDIATE transaction that commits everything fn wrote or nothing.
 */
export function createSqliteIngestWrite(raw: SQLite.Database) {
  let statements: SqliteStatements | null = null;
  return async function write<T>(fn: (writer: IngestWriter) => Promise<T>): Promise<T> {
    statements ??= prepareSqlite(raw);
    await retryWhileBusy(() => raw.exec('begin immediate'));
    try {
      const result = await fn(sqliteWriter(statements));
      raw.exec('commit');
      return result;
    } catch (error) {
      if (raw.inTransaction) raw.exec('rollback');
      throw error;
    }
  };
}

/** Every query of the ingest pipeline; dialect differences live here only. */
export function createIngestRepository(db: Db) {
  const greatest = db.dialect === 'postgres' ? 'greatest' : 'max';
  const least = db.dialect === 'postgres' ? 'least' : 'min';
  const sqliteWrite = db.sqlite ? createSqliteIngestWrite(db.sqlite) : null;

  return {
    /** Runs fn in one transaction on the main connection; everything it writes commits together or not at all. */
    async write<T>(fn: (writer: IngestWriter) => Promise<T>): Promise<T> {
      if (!sqliteWrite) {
        return db.kysely.transaction().execute(async (trx) => {
          const outbox: EventRow[] = [];
          const result = await fn(kyselyWriter(trx, greatest, least, outbox));
          // Last, so that PostgreSQL's events lock is held for the commit only, not for the group's writes.
          await appendEventRows(trx, db.dialect, outbox);
          return result;
        });
      }
      return withSqliteConnection(db, () => sqliteWrite(fn));
    },

    /** Retention: deletes up to `limit` raw events received before `cutoff`; returns how many. */
    async deleteEventsBefore(trx: Executor, cutoff: number, limit: number): Promise<number> {
      const ids = trx.selectFrom('events').select('id').where('received_at', '<', cutoff).limit(limit);
      const result = await trx.deleteFrom('events').where('id', 'in', ids).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteRollupsBefore(trx: Executor, cutoff: number): Promise<number> {
      const result = await trx.deleteFrom('metric_rollups').where('minute', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type IngestRepository = ReturnType<typeof createIngestRepository>;

/** The order transactions are read in for others (reconciliation): device time, then the unique txn id. */
export const TRANSACTION_ORDER = keyset<TransactionsTable>(
  { column: 'device_ts', direction: 'asc', type: 'integer', of: (r) => r.device_ts },
  { column: 'txn_id', direction: 'asc', type: 'text', of: (r) => r.txn_id },
);

/**
 * One page of the transactions whose device time is in [from, to) — live ones from terminals, imported ones and
 * back-filled records alike — in TRANSACTION_ORDER after `after`. The leading bound seeks on transactions_ts_idx.
 */
export function transactionsPage(db: Executor, from: number, to: number, page: PageRequest): Promise<TransactionsTable[]> {
  const query = db.selectFrom('transactions').selectAll().where('device_ts', '>=', from).where('device_ts', '<', to);
  return pageQuery(query, TRANSACTION_ORDER, page).execute();
}
