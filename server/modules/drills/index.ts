/**
 * The drills module's public surface (SPEC C6.3, issue 12 item 5): scheduled drills of a plan, run with the plan's
 * checklist in drill mode, with findings, follow-up actions and a report. See README.md.
 */
export type { DrillsTables } from './drills.tables.ts';
export type { DrillsService } from './drills.service.ts';
