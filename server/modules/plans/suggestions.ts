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
  // No closure per call: this runs for every published plan on every request (the runtime names each closure anew).
  const reasons: Reason[] = [];
  if (s.ruleKey !== null && trigger.alertRules.includes(s.ruleKey)) reasons.push({ kind: 'alertRule', value: s.ruleKey, alertId: s.alertId });
  if (s.alertName !== null && trigger.alertTypes.includes(s.alertName)) reasons.push({ kind: 'alertType', value: s.alertName, alertId: s.alertId });
  if (s.deviceType !== null && (trigger.deviceTypes as readonly string[]).includes(s.deviceType)) reasons.push({ kind: 'deviceType', value: s.deviceType, alertId: s.alertId });
  if (s.subsystem !== null && (trigger.subsystems as readonly string[]).includes(s.subsystem)) reasons.push({ kind: 'subsystem', value: s.subsystem, alertId: s.alertId });
  if (reasons.length === 0) return null;
  if (trigger.levels.length > 0) reasons.push({ kind: 'level', value: String(s.level), alertId: s.alertId });
  let score = 0;
  for (const r of reasons) score += SCORES[r.kind];
  return { score, reasons };
}

/**
 * How many suggestions an answer carries at most. A library of hundreds of plans can match one alert by subsystem or
 * device type a hundred times over; nobody reads past the first screen, and serialising every match was most of the
 * answer's time (bench/plans.bench.ts: 160 matches of 517 plans).
 */
export const MAX_SUGGESTIONS = 20;

const byScoreThenKey = (a: Suggestion, b: Suggestion) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The plans any subject matches, each scored by its best-matching subject (with that subject's reasons), best first;
 * equal scores by plan key, so the order is stable. At most `limit` (MAX_SUGGESTIONS).
 */
export function rankPlans(plans: readonly PublishedTrigger[], subjects: readonly MatchSubject[], limit = MAX_SUGGESTIONS): Suggestion[] {
  const out: Suggestion[] = [];
  for (const plan of plans) {
    let best: { score: number; reasons: Reason[] } | null = null;
    for (const subject of subjects) {
      const m = match(plan.trigger, subject);
      if (m && (!best || m.score > best.score)) best = m;
    }
    if (best) out.push({ planId: plan.planId, key: plan.key, title: plan.title, category: plan.category, version: plan.version, score: best.score, reasons: best.reasons });
  }
  return out.sort(byScoreThenKey).slice(0, limit);
}
