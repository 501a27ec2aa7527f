import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { ConflictError } from '../../errors.ts';
import { pageQuery, type PageRequest, type Keyset, keyset } from '../../db/keyset.ts';
import type { TransactionsTableRow } from './backfill.types.ts';
import type { BackfillImportsTable, BackfillKind, BackfillRecordsTable } from './backfill.tables.ts';

/** Rows per INSERT: 1,000 × 18 columns stays inside SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const BATCH = 1000;
/** Values per IN list. */
const LOOKUP = 1000;
/** Rows per INSERT … SELECT FROM unnest on PostgreSQL: 18 array parameters whatever the count; bounded for memory. */
const UNNEST_BATCH = 10_000;

/**
 * PostgreSQL's column types, for the unnest path: one array parameter per column. Typed by the table, so a column
 * added to either table without its type here fails the typecheck instead of being left out of the insert.
 */
const TXN_TYPES: Record<keyof TransactionsTableRow, 'text' | 'bigint' | 'integer'> = {
  txn_id: 'text', event_id: 'text', type: 'text', amount_fen: 'bigint', account: 'text', card: 'text', channel: 'text', status: 'text',
  error_code: 'text', card_counter: 'bigint', balance_before_fen: 'bigint', balance_after_fen: 'bigint', device_code: 'text',
  site_code: 'text', device_ts: 'bigint', collected_at: 'bigint', offline: 'integer', source: 'text',
};
const RECORD_TYPES: Record<keyof BackfillRecordsTable, 'text' | 'bigint'> = {
  id: 'text', incident_id: 'text', kind: 'text', device_code: 'text', record_no: 'text', txn_id: 'text', amount_fen: 'bigint',
  occurred_at: 'bigint', entered_via: 'text', import_id: 'text', note: 'text', entered_by: 'text', entered_by_name: 'text', created_at: 'bigint',
};

const isPostgres = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Many rows in one statement on PostgreSQL: `INSERT … SELECT * FROM unnest($1::text[], $2::bigint[], …)`, one array
 * per column. A 1,000-row VALUES list is 18,000 parameters to bind, send and parse each time; measured on the
 * back-fill benchmark's 100,000 rows, the arrays wrote the same rows about three times as fast.
 */
async function unnestInsert<Row>(db: Executor, table: string, types: Record<keyof Row & string, string>, rows: readonly Row[]): Promise<void> {
  const columns = Object.keys(types) as (keyof Row & string)[];
  const arrays = columns.map((c) => sql`${rows.map((r) => r[c])}::${sql.raw(types[c])}[]`);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(db);
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export const recordKeys: Keyset<BackfillRecordsTable> = keyset<BackfillRecordsTable>(
  { column: 'occurred_at', direction: 'desc', type: 'integer', of: (r) => r.occurred_at },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);

/** What a back-filled record's device is: its site (for the actor's scope and the site code) and time zone. */
export interface DeviceSite {
  code: string;
  siteId: string;
  siteCode: string;
  timezone: string;
}

/**
 * All SQL of the back-fill. Two reads go to other modules' tables, read-only, because their public surfaces do not
 * carry them yet: the outage window's instants (incidents.created_at / resolved_at, the linked alerts' active_at) and
 * devices by code with their site (estate). Writes go to this module's tables and to `transactions`, whose `source`
 * column was made for 'backfill' (ingest.tables.ts).
 */
export const backfillRepository = {
  async outageFacts(db: Executor, incidentId: string): Promise<{ openedAt: number; resolvedAt: number | null; firstAlertAt: number | null } | null> {
    const row = await db.selectFrom('incidents').select(['created_at', 'resolved_at']).where('id', '=', incidentId).executeTakeFirst();
    if (!row) return null;
    const alert = await db
      .selectFrom('incident_alerts')
      .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
      .select((eb) => eb.fn.min('alerts.active_at').as('first'))
      .where('incident_alerts.incident_id', '=', incidentId)
      .executeTakeFirst();
    const first = alert?.first;
    return { openedAt: Number(row.created_at), resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at), firstAlertAt: first === null || first === undefined ? null : Number(first) };
  },

  async devicesByCodes(db: Executor, codes: readonly string[]): Promise<Map<string, DeviceSite>> {
    const found = new Map<string, DeviceSite>();
    for (const part of chunks([...new Set(codes)], LOOKUP)) {
      const rows = await db
        .selectFrom('devices')
        .innerJoin('sites', 'sites.id', 'devices.site_id')
        .select(['devices.code as code', 'devices.site_id as siteId', 'sites.code as siteCode', 'sites.timezone as timezone'])
        .where('devices.code', 'in', part)
        .execute();
      for (const r of rows) found.set(r.code, r);
    }
    return found;
  },

  /**
   * Of these transaction ids, those already stored, with their back-filled record (null: a transaction that is not
   * one). The primary key of `transactions` answers first; only its hits are looked up in `backfill_records`.
   */
  async existingTxns(db: Executor, txnIds: readonly string[]): Promise<Map<string, { incidentId: string | null; record: BackfillRecordsTable | null }>> {
    const found = new Map<string, { incidentId: string | null; record: BackfillRecordsTable | null }>();
    const pg = isPostgres(db);
    // PostgreSQL: one array parameter (= any) instead of an IN list of a thousand, so ten times the ids a query.
    for (const part of chunks([...new Set(txnIds)], pg ? UNNEST_BATCH : LOOKUP)) {
      const query = db.selectFrom('transactions').select('txn_id');
      const hits = (await (pg ? query.where('txn_id', '=', sql<string>`any(${part}::text[])`) : query.where('txn_id', 'in', part)).execute()).map((t) => t.txn_id);
      if (hits.length === 0) continue;
      for (const id of hits) found.set(id, { incidentId: null, record: null });
      const records = await db.selectFrom('backfill_records').selectAll().where('txn_id', 'in', hits).execute();
      for (const r of records) found.set(r.txn_id, { incidentId: r.incident_id, record: normalise(r) });
    }
    return found;
  },

  async insertImport(db: Executor, row: BackfillImportsTable): Promise<void> {
    await db.insertInto('backfill_imports').values(row).execute();
  },

  /** The records and their transactions, in batches, inside the caller's transaction. */
  async insertRecords(db: Executor, records: readonly BackfillRecordsTable[], txns: readonly TransactionsTableRow[]): Promise<void> {
    try {
      if (isPostgres(db)) {
        for (const part of chunks(txns, UNNEST_BATCH)) await unnestInsert(db, 'transactions', TXN_TYPES, part);
        for (const part of chunks(records, UNNEST_BATCH)) await unnestInsert(db, 'backfill_records', RECORD_TYPES, part);
      } else {
        for (const part of chunks(txns, BATCH)) await db.insertInto('transactions').values(part).execute();
        for (const part of chunks(records, BATCH)) await db.insertInto('backfill_records').values(part).execute();
      }
    } catch (error) {
      // Checked just before in the same transaction, so only a concurrent save of the same record gets here (two
      // PostgreSQL transactions both found it absent): a 409 to retry, after which it is answered as already there.
      if (isUniqueViolation(error)) throw new ConflictError('The same record was back-filled meanwhile: try again', 'BACKFILL_CHANGED');
      throw error;
    }
  },

  async page(db: Executor, incidentId: string, kind: BackfillKind | undefined, page: PageRequest): Promise<BackfillRecordsTable[]> {
    let q = db.selectFrom('backfill_records').selectAll().where('incident_id', '=', incidentId);
    if (kind) q = q.where('kind', '=', kind);
    return (await pageQuery(q, recordKeys, page).execute()).map(normalise);
  },

  async totals(db: Executor, incidentId: string): Promise<{ kind: BackfillKind; count: number; amountFen: number }[]> {
    const rows = await db
      .selectFrom('backfill_records')
      .select((eb) => ['kind', eb.fn.countAll().as('n'), eb.fn.sum('amount_fen').as('fen')])
      .where('incident_id', '=', incidentId)
      .groupBy('kind')
      .execute();
    return rows.map((r) => ({ kind: r.kind, count: Number(r.n), amountFen: Number(r.fen ?? 0) }));
  },
};

/** PostgreSQL returns bigint columns as text: numbers here, once. */
function normalise(r: BackfillRecordsTable): BackfillRecordsTable {
  return { ...r, amount_fen: Number(r.amount_fen), occurred_at: Number(r.occurred_at), created_at: Number(r.created_at) };
}

/** PostgreSQL's unique_violation, or SQLite's unique / primary key constraint. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
