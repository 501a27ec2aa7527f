/**
 * The oncall module's public surface (SPEC C4.2, C4.3): duty rosters (值班表) with holiday duty and the leader on duty,
 * escalation policies, and the escalator that pages by them through notify's outbox.
 */
export type { OncallTables } from './oncall.tables.ts';
export { onDutyInEveryRoster, type RostersService } from './rosters/rosters.service.ts';
export type { PoliciesService } from './policies/policies.service.ts';
export { firstStepTargets, stepPeople, type FirstStepTargets, type PagingSubject } from './policies/paging-targets.ts';
