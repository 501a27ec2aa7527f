/**
 * The reconciliation matching engine (DuckDB, in-process): record files in, a MatchResult out. See README.md.
 */
export { readRecordFile, writeRecordFile } from './record-file.ts';
export { RECORD_COLUMNS } from './schema.ts';
export { runMatch, type EngineOptions, type EngineResult } from './run.ts';
export { fastLayoutOf, loadFastCsv, type FastLayout, type FastOptions } from './fast-loader.ts';
export { readBalanceFile, writeBalanceFile } from './balance-file.ts';
