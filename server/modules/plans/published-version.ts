import type { Executor } from '../../db/types.ts';
import type { PlanDocument } from './plan-document.ts';
import { plansRepository } from './plans.repository.ts';

/** A plan's newest published version as another module runs it (drills copy its steps). */
export interface PublishedPlan {
  planId: string;
  key: string;
  /** the published version's number (1, 2, …) */
  number: number;
  /** 'active' or 'archived': the caller decides whether an archived plan may still run */
  state: string;
  document: PlanDocument;
}

/**
 * The newest published version of a plan, or null when the plan does not exist or was never published. Versions are
 * never updated, so what this returns stays true for that number: a caller that copies it (a drill's checklist) is
 * never changed by a later publish.
 */
export async function newestPublishedPlan(db: Executor, planId: string): Promise<PublishedPlan | null> {
  const plan = await plansRepository.findById(db, planId);
  if (!plan || plan.published_version === null) return null;
  const version = await plansRepository.version(db, planId, plan.published_version);
  if (!version) return null;
  return { planId, key: plan.key, number: version.number, state: plan.state, document: JSON.parse(version.document) as PlanDocument };
}

/**
 * One published version of a plan (the one a drill copied), or null when there is no such plan or version. With the
 * plan's key and state as they are now.
 */
export async function publishedPlanVersion(db: Executor, planId: string, number: number): Promise<PublishedPlan | null> {
  const [plan, version] = await Promise.all([plansRepository.findById(db, planId), plansRepository.version(db, planId, number)]);
  if (!plan || !version) return null;
  return { planId, key: plan.key, number: version.number, state: plan.state, document: JSON.parse(version.document) as PlanDocument };
}
