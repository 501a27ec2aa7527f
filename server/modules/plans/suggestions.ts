import type { PlanTrigger } from './plan-document.ts';
import type { Suggestion } from './plans.schemas.ts';

/** A published plan's trigger, as suggestions read it. */
export interface PublishedTrigger {
  planId: string;
  key: string;
  title: string;
  category: string;
  version: number;
  trigger: PlanTrigger;
}

/** What is matched against triggers: one alert, or the incident itself (alertId null). */
export interface MatchSubject {
  alertId: string | null;
  ruleKey: string | null;
  alertName: string | null;
  subsystem: string | null;
  deviceType: string | null;
  level: 1 | 2 | 3;
}

/**
 * The scoring, most specific first: the alert's own rule named by the plan outweighs its name (external alerts,
 * site-down), which outweighs the kind of device, which outweighs the subsystem; a level the plan lists adds a little.
 * A plan that lists levels is not suggested at other levels; one that lists none applies at every level.
 */
export const SCORES = { alertRule: 100, alertType: 80, deviceType: 30, subsystem: 20, level: 5 } as const;

type Reason = Suggestion['reasons'][number];

function match(trigger: PlanTrigger, s: MatchSubject): { score: number; reasons: Reason[] } | null {
  if (trigger.levels.length > 0 && !trigger.levels.includes(s.level)) return null;
  const reasons: Reason[] = [];
  const why = (kind: Reason['kind'], value: string) => reasons.push({ kind, value, alertId: s.alertId });
  if (s.ruleKey !== null && trigger.alertRules.includes(s.ruleKey)) why('alertRule', s.ruleKey);
  if (s.alertName !== null && trigger.alertTypes.includes(s.alertName)) why('alertType', s.alertName);
  if (s.deviceType !== null && (trigger.deviceTypes as readonly string[]).includes(s.deviceType)) why('deviceType', s.deviceType);
  if (s.subsystem !== null && (trigger.subsystems as readonly string[]).includes(s.subsystem)) why('subsystem', s.subsystem);
  if (reasons.length === 0) return null;
  if (trigger.levels.length > 0) why('level', String(s.level));
  return { score: reasons.reduce((sum, r) => sum + SCORES[r.kind], 0), reasons };
}

/**
 * The plans any subject matches, each scored by its best-matching subject (with that subject's reasons), best first;
 * equal scores by plan key, so the order is stable.
 */
export function rankPlans(plans: readonly PublishedTrigger[], subjects: readonly MatchSubject[]): Suggestion[] {
  const out: Suggestion[] = [];
  for (const plan of plans) {
    let best: { score: number; reasons: Reason[] } | null = null;
    for (const subject of subjects) {
      const m = match(plan.trigger, subject);
      if (m && (!best || m.score > best.score)) best = m;
    }
    if (best) out.push({ planId: plan.planId, key: plan.key, title: plan.title, category: plan.category, version: plan.version, score: best.score, reasons: best.reasons });
  }
  return out.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
