import type { BalanceRow } from './importers/balance-csv.ts';
import type { NormalizedRecord } from './importers/index.ts';
import type { MatchResult, MatchSpec } from './matching.ts';

/**
 * What the reconciliation service needs of the matching engine (engine/index.ts, DuckDB): record files written and
 * read, and a day matched. The module passes the real engine (recon.module.ts); the CLI does too. An interface here
 * keeps the service's construction explicit and its imports one-way.
 */
export interface ReconEngine {
  writeRecordFile(records: AsyncIterable<NormalizedRecord> | Iterable<NormalizedRecord>, path: string): Promise<{ records: number }>;
  readRecordFile(path: string, options: { limit?: number; offset?: number }): Promise<(NormalizedRecord & { rowKey: number })[]>;
  runMatch(spec: MatchSpec): Promise<MatchResult>;
  /** the account daily settlement's rows (balance files, engine/balance-file.ts) */
  writeBalanceFile(rows: AsyncIterable<BalanceRow> | Iterable<BalanceRow>, path: string): Promise<{ rows: number }>;
  readBalanceFile(path: string, options: { limit?: number; offset?: number }): Promise<(BalanceRow & { rowKey: number })[]>;
}
