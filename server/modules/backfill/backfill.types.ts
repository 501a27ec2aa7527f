import type { IngestTables } from '../ingest/index.ts';

/** A `transactions` row (the ingest module's table, where back-filled records are booked with source 'backfill'). */
export type TransactionsTableRow = IngestTables['transactions'];
