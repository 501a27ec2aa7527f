import type { FieldProblem } from '../../../field-problems.ts';
import type { ClockEffect } from './clocks.ts';
import {
  autoCloseDue,
  differentAssignee,
  isAssignee,
  levelRaised,
  notMajorYet,
  notOwnFix,
  reviewDone,
  withinReopenWindow,
  type ActorRule,
  type Guard,
  type GuardContext,
} from './guards.ts';
import { assigneeProblems, levelProblems, locationProblems, optionalText, requiredText, tidy, tidyOptional, waitingReasonProblems } from './input.ts';
import { OPEN_STATES, type IncidentPermission, type IncidentState, type WorkflowIncident } from './model.ts';
import { KEY_LIMIT, type RequestKind, type RequestOf } from './requests.ts';

/** What a transition changes besides the state and the clocks, and what its timeline entry keeps of the request. */
export interface TransitionOutcome {
  readonly changes: Partial<Omit<WorkflowIncident, 'state' | 'clocks'>>;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface Transition<K extends RequestKind> {
  readonly kind: K;
  /** from-state → to-state; a request in any other state is refused with 409 */
  readonly moves: Readonly<Partial<Record<IncidentState, IncidentState>>>;
  /** any one of them */
  readonly permissions: readonly IncidentPermission[];
  readonly actor: ActorRule;
  readonly input: (request: RequestOf<K>) => FieldProblem[];
  readonly guards: readonly Guard<K>[];
  readonly clocks: readonly ClockEffect[];
  readonly apply: (incident: WorkflowIncident, request: RequestOf<K>, ctx: GuardContext) => TransitionOutcome;
}

/** A transition that keeps the state (escalation, the major flag, an update to the client). */
const stay = (states: readonly IncidentState[]): Partial<Record<IncidentState, IncidentState>> => Object.fromEntries(states.map((s) => [s, s]));
const none = () => [];
const by = (ctx: GuardContext) => ctx.actor.userId;

/**
 * THE incident workflow: every request opsdesk accepts, from which states, into which state, with what permission,
 * by whom, under which guards and with which effect on the SLA clocks. applyTransition reads nothing else; the
 * README draws it.
 */
export const TRANSITIONS: { readonly [K in RequestKind]: Transition<K> } = {
  assign: {
    kind: 'assign',
    moves: { new: 'assigned' },
    permissions: ['incidents:assign'],
    actor: 'anyone',
    input: (r) => assigneeProblems(r.assignee),
    guards: [],
    clocks: [],
    apply: (_i, r) => ({ changes: { assignee: r.assignee }, details: { assignee: r.assignee } }),
  },
  take: {
    kind: 'take',
    moves: { new: 'acknowledged' },
    permissions: ['incidents:write'],
    actor: 'person',
    input: none,
    guards: [],
    // Taking an incident is assigning it to oneself and acknowledging it at once: the response is given.
    clocks: [{ clocks: ['respond'], action: 'stop' }],
    apply: (_i, _r, ctx) => {
      const assignee = { kind: 'user', userId: ctx.actor.userId! } as const;
      return { changes: { assignee }, details: { assignee } };
    },
  },
  reassign: {
    kind: 'reassign',
    // The new assignee acknowledges afresh; a waiting incident keeps waiting (and its clocks keep their pause).
    moves: { assigned: 'assigned', acknowledged: 'assigned', in_progress: 'assigned', waiting: 'waiting' },
    permissions: ['incidents:assign'],
    actor: 'anyone',
    input: (r) => [...assigneeProblems(r.assignee), ...optionalText('reason', r.reason)],
    guards: [differentAssignee],
    clocks: [],
    apply: (i, r) => ({ changes: { assignee: r.assignee }, details: { previous: i.assignee, assignee: r.assignee, reason: tidyOptional(r.reason) } }),
  },
  acknowledge: {
    kind: 'acknowledge',
    moves: { assigned: 'acknowledged' },
    permissions: ['incidents:write'],
    actor: 'assignee',
    input: none,
    guards: [],
    clocks: [{ clocks: ['respond'], action: 'stop' }],
    // A team's incident becomes the acknowledging member's: someone in particular now answers for it.
    apply: (i, _r, ctx) => {
      if (i.assignee?.kind !== 'team' || !isAssignee(i, ctx.actor)) return { changes: {}, details: {} };
      const assignee = { kind: 'user', userId: ctx.actor.userId! } as const;
      return { changes: { assignee }, details: { assignee } };
    },
  },
  start_work: {
    kind: 'start_work',
    moves: { acknowledged: 'in_progress' },
    permissions: ['incidents:write'],
    actor: 'assignee',
    input: none,
    guards: [],
    clocks: [],
    apply: () => ({ changes: {}, details: {} }),
  },
  check_in: {
    kind: 'check_in',
    // Arriving on site starts the work; a later visit (parts brought back) checks in again without a clock event.
    moves: { acknowledged: 'in_progress', in_progress: 'in_progress' },
    permissions: ['incidents:write'],
    actor: 'assignee_in_person',
    input: (r) => locationProblems(r.location),
    guards: [],
    clocks: [{ clocks: ['on_site'], action: 'stop' }],
    apply: (i, r, ctx) => ({ changes: { firstCheckInAt: i.firstCheckInAt ?? ctx.now }, details: { location: r.location ?? null } }),
  },
  wait: {
    kind: 'wait',
    moves: { in_progress: 'waiting' },
    permissions: ['incidents:write'],
    actor: 'assignee',
    input: (r) => [...waitingReasonProblems(r.reason), ...optionalText('note', r.note)],
    guards: [],
    clocks: [{ clocks: 'all', action: 'pause', onlyForPausingWait: true }],
    apply: (_i, r) => ({ changes: { waitingReason: r.reason }, details: { reason: r.reason, note: tidyOptional(r.note) } }),
  },
  resume: {
    kind: 'resume',
    moves: { waiting: 'in_progress' },
    permissions: ['incidents:write'],
    actor: 'assignee',
    input: none,
    guards: [],
    clocks: [{ clocks: 'all', action: 'resume' }],
    apply: (i) => ({ changes: { waitingReason: null }, details: { after: i.waitingReason } }),
  },
  resolve: {
    kind: 'resolve',
    // From waiting too: the fault may clear while we wait (a third party's line comes back).
    moves: { in_progress: 'resolved', waiting: 'resolved' },
    permissions: ['incidents:write'],
    actor: 'assignee',
    input: (r) => [...requiredText('fix', r.fix), ...requiredText('causeCategory', r.causeCategory, KEY_LIMIT)],
    guards: [],
    // Every clock stops: resolution, and an on-site clock still running means the fix needed no visit.
    clocks: [{ clocks: 'all', action: 'stop' }],
    apply: (_i, r, ctx) => {
      const resolution = { fix: tidy(r.fix), causeCategory: tidy(r.causeCategory), resolvedAt: ctx.now, resolvedBy: by(ctx) };
      return { changes: { resolution, waitingReason: null }, details: { fix: resolution.fix, causeCategory: resolution.causeCategory } };
    },
  },
  confirm: {
    kind: 'confirm',
    moves: { resolved: 'confirmed' },
    permissions: ['incidents:confirm'],
    actor: 'person',
    input: (r) => optionalText('comment', r.comment),
    guards: [notOwnFix],
    clocks: [],
    apply: (_i, r, ctx) => ({ changes: { confirmedAt: ctx.now, confirmedBy: by(ctx) }, details: { comment: tidyOptional(r.comment) } }),
  },
  close: {
    kind: 'close',
    moves: { confirmed: 'closed' },
    permissions: ['incidents:write'],
    actor: 'anyone',
    input: none,
    guards: [reviewDone()],
    clocks: [],
    apply: (_i, _r, ctx) => ({ changes: { closedAt: ctx.now, closedHow: 'confirmed' }, details: {} }),
  },
  auto_close: {
    kind: 'auto_close',
    moves: { resolved: 'closed' },
    permissions: ['incidents:write'],
    actor: 'system',
    input: none,
    guards: [autoCloseDue, reviewDone()],
    clocks: [],
    apply: (i, _r, ctx) => ({
      changes: { closedAt: ctx.now, closedHow: 'auto' },
      details: { resolvedAt: i.resolution?.resolvedAt ?? null, afterDays: ctx.policy.autoCloseAfterDays },
    }),
  },
  reopen: {
    kind: 'reopen',
    // Back to the assignee, who must take it up knowingly (acknowledge) or be replaced by a dispatcher.
    moves: { resolved: 'assigned', confirmed: 'assigned', closed: 'assigned' },
    permissions: ['incidents:confirm', 'incidents:write'],
    actor: 'anyone',
    input: (r) => requiredText('reason', r.reason),
    guards: [withinReopenWindow],
    clocks: [{ clocks: ['resolve'], action: 'restart' }],
    apply: (i, r) => ({
      // The post-incident review must cover the fix that finally holds, so a reopen asks for it again.
      changes: { resolution: null, confirmedAt: null, confirmedBy: null, closedAt: null, closedHow: null, reopenCount: i.reopenCount + 1, review: null },
      details: { reason: tidy(r.reason), from: i.state },
    }),
  },
  escalate: {
    kind: 'escalate',
    moves: stay(OPEN_STATES),
    permissions: ['incidents:assign'],
    actor: 'anyone',
    input: (r) => [...levelProblems(r.level), ...requiredText('reason', r.reason)],
    guards: [levelRaised],
    clocks: [],
    apply: (i, r) => ({ changes: { level: r.level }, details: { fromLevel: i.level, toLevel: r.level, reason: tidy(r.reason) } }),
  },
  declare_major: {
    kind: 'declare_major',
    moves: stay(OPEN_STATES),
    permissions: ['incidents:assign'],
    actor: 'anyone',
    input: (r) => requiredText('reason', r.reason),
    guards: [notMajorYet],
    clocks: [],
    // A major incident is a level-1 incident: its SLA targets tighten with the flag.
    apply: (i, r, ctx) => ({
      changes: { major: { declaredAt: ctx.now, reason: tidy(r.reason), lastCommunicationAt: null }, level: 1 },
      details: { reason: tidy(r.reason), fromLevel: i.level, toLevel: 1 },
    }),
  },
  communicate: {
    kind: 'communicate',
    moves: stay([...OPEN_STATES, 'resolved']),
    permissions: ['incidents:write'],
    actor: 'anyone',
    input: (r) => requiredText('message', r.message),
    guards: [],
    clocks: [],
    apply: (i, r, ctx) => ({
      changes: i.major ? { major: { ...i.major, lastCommunicationAt: ctx.now } } : {},
      details: { message: tidy(r.message) },
    }),
  },
  record_review: {
    kind: 'record_review',
    moves: { resolved: 'resolved', confirmed: 'confirmed' },
    permissions: ['incidents:assign'],
    actor: 'anyone',
    input: (r) => requiredText('summary', r.summary),
    guards: [],
    clocks: [],
    apply: (_i, r, ctx) => {
      const review = { summary: tidy(r.summary), at: ctx.now, by: by(ctx) };
      return { changes: { review }, details: { summary: review.summary } };
    },
  },
};

export const REQUEST_KINDS = Object.keys(TRANSITIONS) as RequestKind[];

/** The kinds the table allows from a state, whoever asks: what a 409 lists. */
export const kindsFrom = (state: IncidentState): RequestKind[] => REQUEST_KINDS.filter((kind) => TRANSITIONS[kind].moves[state] !== undefined);
