/**
 * The plans module's public surface (SPEC C6.1, C5.5; issue 12): the plan document and the shipped plans, the library
 * (draft + immutable published versions), suggestions for an alert or incident, and the checklist an incident runs.
 * See README.md.
 */
export type { PlansTables } from './plans.tables.ts';
export type { PlansService } from './plans.service.ts';
export { backfillSteps, readPlanDocument, PlanDocument, type PlanTrigger } from './plan-document.ts';
export { DEFAULT_PLANS } from './defaults/default-plans.ts';
export { newestPublishedPlan, publishedPlanVersion, type PublishedPlan } from './published-version.ts';
export { MAX_PLAN_FILE_BYTES, type PlanFileFormat, type PlanFilesService } from './plan-files.ts';
