/**
 * The checklist's pure logic: texts in the reader's language, steps grouped by phase, what each step may do next, the
 * elapsed-time wording, and the request a step's form makes. Components only render what these return.
 */
import { ApiError } from '../../../api/client';
import { STEP_PHASES, type ChecklistStep, type IncidentPlan, type LocalText, type StepAction, type StepPhase, type StepUpdateBody } from './planApi';

/** The text in the reader's language: English when asked for and written, else the Chinese every plan has. */
export const localText = (text: LocalText | null | undefined, language: string): string => {
  if (!text) return '';
  return language.startsWith('en') && text.en?.trim() ? text.en : text.zh;
};

export interface PhaseGroup {
  phase: StepPhase;
  steps: ChecklistStep[];
}

/** Steps by phase in the plan's phase order (response, fallback, recovery, verification), each by position; empty phases left out. */
export function groupByPhase(steps: readonly ChecklistStep[]): PhaseGroup[] {
  const sorted = [...steps].sort((a, b) => a.position - b.position);
  return STEP_PHASES.map((phase) => ({ phase, steps: sorted.filter((s) => s.phase === phase) })).filter((g) => g.steps.length > 0);
}

export const isFinished = (step: Pick<ChecklistStep, 'status'>): boolean => step.status === 'done' || step.status === 'skipped';

export interface Progress {
  finished: number;
  total: number;
  overdue: number;
  /** the back-fill steps still open: the incident cannot close while there is one */
  backfillOpen: number;
}

export function progress(steps: readonly ChecklistStep[]): Progress {
  return {
    finished: steps.filter(isFinished).length,
    total: steps.length,
    overdue: steps.filter((s) => s.overdue && !isFinished(s)).length,
    backfillOpen: steps.filter((s) => s.backfill && !isFinished(s)).length,
  };
}

/**
 * What a step may do next, as the server allows it: start while pending; done and skip until finished; reassign
 * until finished. Nothing on a closed incident or without incidents:write.
 */
export function stepActions(step: Pick<ChecklistStep, 'status'>, writable: boolean): StepAction[] {
  if (!writable || isFinished(step)) return [];
  return step.status === 'pending' ? ['start', 'done', 'skip', 'reassign'] : ['done', 'skip', 'reassign'];
}

/** The i18n key and values of a step's time: expected only before it starts, elapsed against expected after. */
export function elapsedText(step: Pick<ChecklistStep, 'elapsedMinutes' | 'expectedMinutes' | 'status'>): { key: string; values: { elapsed?: number; expected: number } } {
  if (step.elapsedMinutes === null) return { key: 'incidentPlan.time.expected', values: { expected: step.expectedMinutes } };
  const key = isFinished(step) ? 'incidentPlan.time.took' : 'incidentPlan.time.running';
  return { key, values: { elapsed: step.elapsedMinutes, expected: step.expectedMinutes } };
}

/** How the elapsed time reads at a glance: overdue (red) only while it matters, i.e. it ran beyond what was expected. */
export const elapsedTone = (step: Pick<ChecklistStep, 'overdue' | 'elapsedMinutes'>): 'overdue' | 'normal' | 'idle' =>
  step.elapsedMinutes === null ? 'idle' : step.overdue ? 'overdue' : 'normal';

/** Who finished the step and when: the ticker (or opsdesk for a verified step) or the skipper. */
export function finishedBy(step: ChecklistStep): { kind: 'done' | 'verified' | 'skipped'; name: string | null; at: string } | null {
  if (step.status === 'done' && step.doneAt) return { kind: step.verified ? 'verified' : 'done', name: step.doneBy?.name ?? null, at: step.doneAt };
  if (step.status === 'skipped' && step.skippedAt) return { kind: 'skipped', name: step.skippedBy?.name ?? null, at: step.skippedAt };
  return null;
}

/** The step form's values: a skip's reason, a reassignment's person ('' for nobody). */
export interface StepFormValues {
  reason?: string;
  userId?: string;
}

export const MAX_REASON = 1000;

/**
 * The request for one action with the step's version (the server answers 409 when the step moved since). A skip
 * needs a reason of at most MAX_REASON characters (the form insists; this refuses rather than send an empty one).
 */
export function stepBody(action: StepAction, step: Pick<ChecklistStep, 'version'>, values: StepFormValues = {}): StepUpdateBody {
  const version = step.version;
  if (action === 'skip') {
    const reason = values.reason?.trim() ?? '';
    if (!reason) throw new Error('a skip needs a reason');
    return { action, version, reason: reason.slice(0, MAX_REASON) };
  }
  if (action === 'reassign') return { action, version, userId: values.userId ? values.userId : null };
  return { action, version };
}

/** The step moved under the reader (someone else ticked, skipped, started or reassigned it): reload the checklist. */
export const isStaleStep = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && ['PLAN_STEP_CHANGED', 'PLAN_STEP_FINISHED', 'PLAN_STEP_STARTED'].includes(error.code);

/** The war room is offered prominently for a level-1 incident that runs a plan (issue 12 item 3); otherwise as a link. */
export const warRoomProminent = (level: number, plan: IncidentPlan | null | undefined): boolean => level === 1 && !!plan;

/**
 * The people the checklist already names (who took the plan, holds, started, ticked or skipped a step), by id: the
 * step picker's choices for a reader without users:read, next to the rosters' people on duty.
 */
export function checklistPeople(plan: Pick<IncidentPlan, 'attachedBy' | 'steps'>): Record<string, string> {
  const known: Record<string, string> = {};
  for (const p of [plan.attachedBy, ...plan.steps.flatMap((s) => [s.assignee, s.startedBy, s.doneBy, s.skippedBy])]) if (p) known[p.userId] = p.name;
  return known;
}
