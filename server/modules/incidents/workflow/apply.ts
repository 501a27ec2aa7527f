import { fieldProblem, invalidFields } from '../../../field-problems.ts';
import { ALL_RUNNING, openingClocks, planClocks, type ClockAction } from './clocks.ts';
import { TransitionNotAllowedError, TransitionPermissionError } from './errors.ts';
import { actorRefusal, siteRefusal, type GuardContext, type Refusal } from './guards.ts';
import type { IncidentState, Level, WorkflowActor, WorkflowIncident } from './model.ts';
import { DEFAULT_WORKFLOW_POLICY, type WorkflowPolicy } from './policy.ts';
import type { RequestKind, RequestOf, TransitionRequest } from './requests.ts';
import { kindsFrom, REQUEST_KINDS, TRANSITIONS, type Transition } from './transitions.ts';

/** One line of the incident's timeline: who did what when, and what it did to the state, the level and the clocks. */
export interface TimelineEntry {
  readonly at: number;
  readonly kind: RequestKind | 'open';
  readonly actor: { readonly kind: WorkflowActor['kind']; readonly userId: string | null; readonly username: string };
  readonly from: IncidentState | null;
  readonly to: IncidentState;
  readonly details: Readonly<Record<string, unknown>>;
  /** for the SLA engine: what happened to each clock, in order */
  readonly clocks: readonly ClockAction[];
  /** for the SLA engine: the targets change with the level (escalation, the major flag) */
  readonly levelChange: { readonly from: Level; readonly to: Level } | null;
}

export interface TransitionResult {
  readonly incident: WorkflowIncident;
  readonly entry: TimelineEntry;
}

const who = (actor: WorkflowActor): TimelineEntry['actor'] => ({ kind: actor.kind, userId: actor.userId, username: actor.username });

/**
 * A new incident: state new, every SLA clock started. Who may open one (a client's request form included) is the
 * service's rule; grading (gradeOf) gives the level.
 */
export function openIncident(input: { siteId: string; level: Level }, actor: WorkflowActor, now: number): TransitionResult {
  const incident: WorkflowIncident = {
    state: 'new',
    level: input.level,
    siteId: input.siteId,
    assignee: null,
    waitingReason: null,
    clocks: ALL_RUNNING,
    resolution: null,
    confirmedAt: null,
    confirmedBy: null,
    closedAt: null,
    closedHow: null,
    firstCheckInAt: null,
    reopenCount: 0,
    major: null,
    review: null,
  };
  const entry: TimelineEntry = { at: now, kind: 'open', actor: who(actor), from: null, to: 'new', details: { level: input.level }, clocks: openingClocks(now), levelChange: null };
  return { incident, entry };
}

/**
 * Applies one request to an incident, or throws the refusal: 403 without the permission, outside the actor's sites or
 * by the wrong person; 409 when the state does not allow it (naming the state and what it allows) or a guard refuses;
 * 400 for bad values. The incident passed in is never modified; the clock is `now`.
 *
 * Order of the checks: permission, site, state, actor, values, guards — so that a caller is told first what they
 * could never do, then what the incident's state forbids, and only then what to correct in the request.
 */
export function applyTransition(
  incident: WorkflowIncident,
  request: TransitionRequest,
  actor: WorkflowActor,
  now: number,
  policy: WorkflowPolicy = DEFAULT_WORKFLOW_POLICY,
): TransitionResult {
  const kind = request?.kind;
  if (!REQUEST_KINDS.includes(kind)) throw invalidFields([fieldProblem('kind', 'enum', { allowedValues: REQUEST_KINDS.join(', ') })]);
  return run(TRANSITIONS[kind] as unknown as Transition<RequestKind>, incident, request as RequestOf<RequestKind>, actor, now, policy);
}

function run<K extends RequestKind>(rule: Transition<K>, incident: WorkflowIncident, request: RequestOf<K>, actor: WorkflowActor, now: number, policy: WorkflowPolicy): TransitionResult {
  const ctx: GuardContext = { actor, now, policy };
  const refusal = standingRefusal(rule, incident, actor);
  if (refusal) throw refusal();
  const problems = rule.input(request);
  if (problems.length > 0) throw invalidFields(problems);
  for (const guard of rule.guards) {
    const refused = guard.refuse(incident, request, ctx);
    if (refused) throw refused;
  }
  const to = rule.moves[incident.state]!;
  const { changes, details } = rule.apply(incident, request, ctx);
  const asked = request as TransitionRequest;
  const waitPauses = asked.kind === 'wait' && policy.pausingWaitReasons.includes(asked.reason);
  const clocks = planClocks(rule.clocks, incident.clocks, waitPauses, now);
  const next: WorkflowIncident = { ...incident, ...changes, state: to, clocks: clocks.statuses };
  const levelChange = next.level !== incident.level ? { from: incident.level, to: next.level } : null;
  const entry: TimelineEntry = { at: now, kind: rule.kind, actor: who(actor), from: incident.state, to, details: withoutUndefined(details), clocks: clocks.actions, levelChange };
  return { incident: next, entry };
}

/** What refuses a request whatever its values and the incident's facts: permission, site, state, actor. */
function standingRefusal<K extends RequestKind>(rule: Transition<K>, incident: WorkflowIncident, actor: WorkflowActor): Refusal {
  if (!rule.permissions.some((p) => actor.permissions.has(p))) return () => new TransitionPermissionError(rule.kind, rule.permissions);
  const outside = siteRefusal(incident, actor, rule.kind);
  if (outside) return outside;
  if (rule.moves[incident.state] === undefined) return () => new TransitionNotAllowedError(incident.state, rule.kind, kindsFrom(incident.state));
  return actorRefusal(rule.actor, incident, actor, rule.kind);
}

/**
 * The requests this actor could make now (the console's action buttons): permission, site, state, who, and the
 * guards on the incident's facts all pass; only the request's own values remain to be checked.
 */
export function availableActions(incident: WorkflowIncident, actor: WorkflowActor, now: number, policy: WorkflowPolicy = DEFAULT_WORKFLOW_POLICY): RequestKind[] {
  const ctx: GuardContext = { actor, now, policy };
  return REQUEST_KINDS.filter((kind) => {
    const rule = TRANSITIONS[kind] as unknown as Transition<RequestKind>;
    return standingRefusal(rule, incident, actor) === null && rule.guards.every((guard) => guard.refuse(incident, undefined, ctx) === null);
  });
}

const withoutUndefined = (details: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
