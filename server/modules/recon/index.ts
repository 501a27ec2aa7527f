/**
 * The reconciliation module's public surface (SPEC C7, issue 13): the streaming importers, the contract between a
 * job and the matching engine, the source names, and the module's tables. See README.md.
 */
export * from './importers/index.ts';
export * from './matching.ts';
export { fastLayoutOf, readRecordFile, runMatch, writeRecordFile, type EngineResult } from './engine/index.ts';
export { writeBalanceFile } from './engine/index.ts';
export { importBalanceCsv, type BalanceRow } from './importers/balance-csv.ts';
export { FILE_SOURCES, SOURCES, isSource, type FileSource, type Source } from './sources.ts';
export type { ReconTables } from './recon.tables.ts';
export type { ReconServices } from './recon.service.ts';
