/**
 * The back-fill module's public surface (SPEC C6.2, issue 12 item 4): records of the manual fallback an incident ran
 * (tickets sold and checked by hand, payments taken at the counter), each booked as a `transactions` row with source
 * 'backfill'. See README.md.
 */
export type { BackfillTables, BackfillKind } from './backfill.tables.ts';
export { BACKFILL_KINDS } from './backfill.tables.ts';
export type { BackfillService } from './backfill.service.ts';
