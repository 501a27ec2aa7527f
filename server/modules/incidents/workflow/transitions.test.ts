import { describe, expect, it } from 'vitest';
import { majorIncidentSteps } from '../grading/major.ts';
import { applyTransition, availableActions, openIncident } from './apply.ts';
import { INCIDENT_STATES, type WorkflowIncident } from './model.ts';
import { DAY_MS, DEFAULT_WORKFLOW_POLICY } from './policy.ts';
import type { TransitionRequest } from './requests.ts';
import { client, dispatcher, engineer, incidentIn, opsdesk, otherEngineer, person, refusal, SITE, step, T0 } from './testing.ts';
import { REQUEST_KINDS, TRANSITIONS } from './transitions.ts';

const admin = person('admin', ['incidents:read', 'incidents:write', 'incidents:assign', 'incidents:confirm']);
const resolveRequest: TransitionRequest = { kind: 'resolve', fix: 'Replaced the card reader', causeCategory: 'hardware' };
const clocksOf = (built: { timeline: { clocks: readonly { clock: string; action: string }[] }[] }) =>
  built.timeline.at(-1)!.clocks.map((c) => `${c.clock}:${c.action}`);

describe('the transition table', () => {
  it('has one rule per request kind, moving only between known states, each needing a permission', () => {
    for (const kind of REQUEST_KINDS) {
      const rule = TRANSITIONS[kind];
      expect(rule.kind).toBe(kind);
      expect(rule.permissions.length).toBeGreaterThan(0);
      for (const [from, to] of Object.entries(rule.moves)) {
        expect(INCIDENT_STATES).toContain(from);
        expect(INCIDENT_STATES).toContain(to);
      }
    }
  });

  it('enters closed only by a close after confirmation or by the auto-close', () => {
    const into = REQUEST_KINDS.flatMap((kind) => Object.entries(TRANSITIONS[kind].moves).filter(([, to]) => to === 'closed').map(([from]) => `${kind} from ${from}`));
    expect(into.sort()).toEqual(['auto_close from resolved', 'close from confirmed']);
  });

  it('leaves closed only by a reopen', () => {
    expect(REQUEST_KINDS.filter((kind) => TRANSITIONS[kind].moves.closed !== undefined)).toEqual(['reopen']);
  });
});

describe('opening', () => {
  it('starts new with every SLA clock running and one timeline entry saying so', () => {
    const { incident, entry } = openIncident({ siteId: SITE, level: 2 }, dispatcher, T0);
    expect(incident).toMatchObject({ state: 'new', level: 2, assignee: null, clocks: { respond: 'running', on_site: 'running', resolve: 'running' } });
    expect(entry).toMatchObject({ kind: 'open', from: null, to: 'new', at: T0, actor: { userId: 'dispatcher' } });
    expect(entry.clocks.map((c) => `${c.clock}:${c.action}`)).toEqual(['respond:start', 'on_site:start', 'resolve:start']);
  });
});

describe('assign and take', () => {
  it('a dispatcher assigns a new incident to an engineer; the respond clock keeps running', () => {
    const built = incidentIn('new');
    step(built, dispatcher, { kind: 'assign', assignee: { kind: 'user', userId: 'engineer' } });
    expect(built.incident).toMatchObject({ state: 'assigned', assignee: { kind: 'user', userId: 'engineer' }, clocks: { respond: 'running' } });
    expect(built.timeline.at(-1)).toMatchObject({ kind: 'assign', from: 'new', to: 'assigned', details: { assignee: { kind: 'user', userId: 'engineer' } }, clocks: [] });
  });

  it('to a team', () => {
    const built = step(incidentIn('new'), dispatcher, { kind: 'assign', assignee: { kind: 'team', teamId: 'pos-team' } });
    expect(built.incident.assignee).toEqual({ kind: 'team', teamId: 'pos-team' });
  });

  it('needs incidents:assign (403 naming it) and an assignee (400 naming the field)', () => {
    const { incident } = incidentIn('new');
    expect(refusal(() => applyTransition(incident, { kind: 'assign', assignee: { kind: 'user', userId: 'engineer' } }, engineer, T0))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      message: 'assign needs the permission incidents:assign',
    });
    const missing = refusal(() => applyTransition(incident, { kind: 'assign' } as unknown as TransitionRequest, dispatcher, T0));
    expect(missing).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'assignee', code: 'required' }] });
    const blank = refusal(() => applyTransition(incident, { kind: 'assign', assignee: { kind: 'user', userId: '  ' } }, dispatcher, T0));
    expect(blank).toMatchObject({ status: 400, details: [{ field: 'assignee.userId', code: 'required' }] });
  });

  it('an engineer takes a new incident: assigned to them and acknowledged at once, the respond clock stopped', () => {
    const built = step(incidentIn('new'), engineer, { kind: 'take' });
    expect(built.incident).toMatchObject({ state: 'acknowledged', assignee: { kind: 'user', userId: 'engineer' }, clocks: { respond: 'stopped' } });
    expect(clocksOf(built)).toEqual(['respond:stop']);
  });

  it('opsdesk itself cannot take an incident', () => {
    expect(refusal(() => applyTransition(incidentIn('new').incident, { kind: 'take' }, opsdesk, T0))).toMatchObject({ status: 403, code: 'INCIDENT_PERSON_ONLY' });
  });
});

describe('reassign', () => {
  it('hands an acknowledged incident to someone else, who acknowledges afresh; the stopped respond clock stays stopped', () => {
    const built = step(incidentIn('acknowledged'), dispatcher, { kind: 'reassign', assignee: { kind: 'user', userId: 'other-engineer' }, reason: ' night shift ' });
    expect(built.incident).toMatchObject({ state: 'assigned', assignee: { userId: 'other-engineer' }, clocks: { respond: 'stopped' } });
    expect(built.timeline.at(-1)!.details).toEqual({ previous: { kind: 'user', userId: 'engineer' }, assignee: { kind: 'user', userId: 'other-engineer' }, reason: 'night shift' });
    step(built, otherEngineer, { kind: 'acknowledge' });
    expect(built.timeline.at(-1)!.clocks).toEqual([]);
  });

  it('a waiting incident keeps waiting, its clocks still paused', () => {
    const built = step(incidentIn('waiting'), dispatcher, { kind: 'reassign', assignee: { kind: 'user', userId: 'other-engineer' } });
    expect(built.incident).toMatchObject({ state: 'waiting', waitingReason: 'customer', clocks: { resolve: 'paused' } });
  });

  it('refuses the same assignee (409) and an engineer without incidents:assign (403)', () => {
    const { incident } = incidentIn('in_progress');
    expect(refusal(() => applyTransition(incident, { kind: 'reassign', assignee: { kind: 'user', userId: 'engineer' } }, dispatcher, T0))).toMatchObject({
      status: 409,
      code: 'INCIDENT_SAME_ASSIGNEE',
    });
    expect(refusal(() => applyTransition(incident, { kind: 'reassign', assignee: { kind: 'user', userId: 'x' } }, engineer, T0))).toMatchObject({ status: 403 });
  });
});

describe('acknowledge and start work', () => {
  it('the assignee acknowledges: the respond clock stops (the response, 响应, is the engineer taking it up)', () => {
    const built = step(incidentIn('assigned'), engineer, { kind: 'acknowledge' });
    expect(built.incident).toMatchObject({ state: 'acknowledged', clocks: { respond: 'stopped', on_site: 'running', resolve: 'running' } });
    expect(clocksOf(built)).toEqual(['respond:stop']);
  });

  it('another engineer may not; a dispatcher may on the engineer’s word; a member of the assigned team may, and so becomes the assignee', () => {
    const { incident } = incidentIn('assigned');
    expect(refusal(() => applyTransition(incident, { kind: 'acknowledge' }, otherEngineer, T0))).toMatchObject({ status: 403, code: 'INCIDENT_NOT_ASSIGNEE' });
    expect(applyTransition(incident, { kind: 'acknowledge' }, dispatcher, T0).incident.state).toBe('acknowledged');
    const team = step(incidentIn('new'), dispatcher, { kind: 'assign', assignee: { kind: 'team', teamId: 'pos-team' } });
    const member = person('member', ['incidents:write'], { teamIds: ['pos-team'] });
    const taken = applyTransition(team.incident, { kind: 'acknowledge' }, member, T0);
    expect(taken.incident).toMatchObject({ state: 'acknowledged', assignee: { kind: 'user', userId: 'member' } });
    expect(taken.entry.details).toEqual({ assignee: { kind: 'user', userId: 'member' } });
    expect(applyTransition(team.incident, { kind: 'acknowledge' }, dispatcher, T0).incident.assignee).toEqual({ kind: 'team', teamId: 'pos-team' });
    expect(refusal(() => applyTransition(team.incident, { kind: 'acknowledge' }, otherEngineer, T0))).toMatchObject({ code: 'INCIDENT_NOT_ASSIGNEE' });
  });

  it('work starts after the acknowledgement; before it, a clear 409 naming the state and what it allows', () => {
    const built = step(incidentIn('acknowledged'), engineer, { kind: 'start_work' });
    expect(built.incident.state).toBe('in_progress');
    expect(built.timeline.at(-1)!.clocks).toEqual([]);
    const early = refusal(() => applyTransition(incidentIn('assigned').incident, { kind: 'start_work' }, engineer, T0));
    expect(early).toMatchObject({
      status: 409,
      code: 'INCIDENT_TRANSITION_NOT_ALLOWED',
      message: 'Cannot start_work an incident that is assigned: from assigned it can only: reassign, acknowledge, escalate, declare_major, communicate',
      details: { state: 'assigned', requested: 'start_work' },
    });
  });
});

describe('on-site check-in', () => {
  it('the assignee checks in from a phone: the on-site clock stops and the work is in progress', () => {
    const built = step(incidentIn('acknowledged'), engineer, { kind: 'check_in', location: { latitude: 31.02, longitude: 121.43, accuracyMeters: 12 } });
    expect(built.incident).toMatchObject({ state: 'in_progress', firstCheckInAt: built.now, clocks: { on_site: 'stopped', resolve: 'running' } });
    expect(clocksOf(built)).toEqual(['on_site:stop']);
    expect(built.timeline.at(-1)!.details).toEqual({ location: { latitude: 31.02, longitude: 121.43, accuracyMeters: 12 } });
  });

  it('a second visit checks in again without stopping the clock twice, and the first arrival is kept', () => {
    const built = step(incidentIn('acknowledged'), engineer, { kind: 'check_in' });
    const first = built.incident.firstCheckInAt;
    step(built, engineer, { kind: 'check_in' }, DAY_MS);
    expect(built.incident.firstCheckInAt).toBe(first);
    expect(built.timeline.at(-1)!.clocks).toEqual([]);
  });

  it('only by the assignee in person, from acknowledged or in progress, at a place on Earth', () => {
    const { incident } = incidentIn('acknowledged');
    expect(refusal(() => applyTransition(incident, { kind: 'check_in' }, dispatcher, T0))).toMatchObject({ status: 403, code: 'INCIDENT_NOT_ASSIGNEE' });
    expect(refusal(() => applyTransition(incidentIn('waiting').incident, { kind: 'check_in' }, engineer, T0))).toMatchObject({ status: 409 });
    expect(refusal(() => applyTransition(incidentIn('assigned').incident, { kind: 'check_in' }, engineer, T0))).toMatchObject({ status: 409 });
    const off = refusal(() => applyTransition(incident, { kind: 'check_in', location: { latitude: 95, longitude: Number.NaN } }, engineer, T0));
    expect(off).toMatchObject({ status: 400, details: [{ field: 'location.latitude', code: 'maximum' }, { field: 'location.longitude', code: 'type' }] });
  });
});

describe('waiting', () => {
  it('for the customer pauses every running clock, and resuming runs them again', () => {
    const built = step(incidentIn('in_progress'), engineer, { kind: 'wait', reason: 'customer', note: 'The cashier office opens at 14:00' });
    expect(built.incident).toMatchObject({ state: 'waiting', waitingReason: 'customer', clocks: { respond: 'stopped', on_site: 'paused', resolve: 'paused' } });
    expect(clocksOf(built)).toEqual(['on_site:pause', 'resolve:pause']);
    step(built, engineer, { kind: 'resume' }, 3 * 60 * 60_000);
    expect(built.incident).toMatchObject({ state: 'in_progress', waitingReason: null, clocks: { on_site: 'running', resolve: 'running' } });
    expect(clocksOf(built)).toEqual(['on_site:resume', 'resolve:resume']);
  });

  it('for parts or a third party leaves the clocks running (our side of the contract), unless the policy says otherwise', () => {
    const parts = step(incidentIn('in_progress'), engineer, { kind: 'wait', reason: 'parts' });
    expect(parts.incident.clocks.resolve).toBe('running');
    expect(parts.timeline.at(-1)!.clocks).toEqual([]);
    step(parts, engineer, { kind: 'resume' });
    expect(parts.timeline.at(-1)!.clocks).toEqual([]);
    const policy = { ...DEFAULT_WORKFLOW_POLICY, pausingWaitReasons: ['customer', 'third_party'] as const };
    const bank = step(incidentIn('in_progress'), engineer, { kind: 'wait', reason: 'third_party' }, 60_000, policy);
    expect(bank.incident.clocks.resolve).toBe('paused');
  });

  it('needs one of the three reasons', () => {
    const bad = refusal(() => applyTransition(incidentIn('in_progress').incident, { kind: 'wait', reason: 'lunch' } as unknown as TransitionRequest, engineer, T0));
    expect(bad).toMatchObject({ status: 400, details: [{ field: 'reason', code: 'enum', params: { allowedValues: 'customer, parts, third_party' } }] });
  });
});

describe('resolve', () => {
  it('needs the fix and its cause category, and stops every clock still going (no visit was needed)', () => {
    const built = step(incidentIn('in_progress'), engineer, { kind: 'resolve', fix: '  Restarted the payment gateway  ', causeCategory: 'software' });
    expect(built.incident).toMatchObject({
      state: 'resolved',
      resolution: { fix: 'Restarted the payment gateway', causeCategory: 'software', resolvedAt: built.now, resolvedBy: 'engineer' },
      clocks: { respond: 'stopped', on_site: 'stopped', resolve: 'stopped' },
    });
    expect(clocksOf(built)).toEqual(['on_site:stop', 'resolve:stop']);
    const missing = refusal(() => applyTransition(incidentIn('in_progress').incident, { kind: 'resolve', fix: ' ', causeCategory: '' }, engineer, T0));
    expect(missing).toMatchObject({ status: 400, details: [{ field: 'fix', code: 'required' }, { field: 'causeCategory', code: 'required' }] });
    const long = refusal(() => applyTransition(incidentIn('in_progress').incident, { kind: 'resolve', fix: 'x'.repeat(4001), causeCategory: 'hardware' }, engineer, T0));
    expect(long).toMatchObject({ details: [{ field: 'fix', code: 'maxLength', params: { limit: 4000 } }] });
  });

  it('from waiting for the customer: the paused clocks stop without resuming', () => {
    const built = step(incidentIn('waiting'), engineer, resolveRequest);
    expect(built.incident).toMatchObject({ state: 'resolved', waitingReason: null, clocks: { on_site: 'stopped', resolve: 'stopped' } });
    expect(clocksOf(built)).toEqual(['on_site:stop', 'resolve:stop']);
  });

  it('not before the work has started', () => {
    expect(refusal(() => applyTransition(incidentIn('acknowledged').incident, resolveRequest, engineer, T0))).toMatchObject({ status: 409 });
  });
});

describe('confirm and close', () => {
  it('the client confirms a resolved incident of their site; an engineer then closes it', () => {
    const built = step(incidentIn('resolved'), client, { kind: 'confirm', comment: '好的' });
    expect(built.incident).toMatchObject({ state: 'confirmed', confirmedBy: 'client', confirmedAt: built.now });
    step(built, engineer, { kind: 'close' });
    expect(built.incident).toMatchObject({ state: 'closed', closedHow: 'confirmed', closedAt: built.now });
  });

  it('refuses a client of another site, someone without incidents:confirm, the fix’s author, and opsdesk itself', () => {
    const { incident } = incidentIn('resolved');
    const stranger = person('stranger', ['incidents:confirm'], { siteIds: ['site-south'] });
    expect(refusal(() => applyTransition(incident, { kind: 'confirm' }, stranger, T0))).toMatchObject({ status: 403, code: 'INCIDENT_OUTSIDE_YOUR_SITES' });
    expect(refusal(() => applyTransition(incident, { kind: 'confirm' }, dispatcher, T0))).toMatchObject({ status: 403, code: 'FORBIDDEN', details: { permission: 'incidents:confirm' } });
    expect(refusal(() => applyTransition(incident, { kind: 'confirm' }, opsdesk, T0))).toMatchObject({ status: 403, code: 'INCIDENT_PERSON_ONLY' });
    const adminFixed = step(incidentIn('in_progress'), admin, resolveRequest);
    expect(refusal(() => applyTransition(adminFixed.incident, { kind: 'confirm' }, admin, T0))).toMatchObject({ status: 403, code: 'INCIDENT_CONFIRM_OWN_FIX' });
  });

  it('confirm only a resolved incident; close only a confirmed one, and not as the client', () => {
    expect(refusal(() => applyTransition(incidentIn('in_progress').incident, { kind: 'confirm' }, client, T0))).toMatchObject({ status: 409 });
    expect(refusal(() => applyTransition(incidentIn('resolved').incident, { kind: 'close' }, engineer, T0))).toMatchObject({
      status: 409,
      message: 'Cannot close an incident that is resolved: from resolved it can only: confirm, auto_close, reopen, communicate, record_review',
    });
    expect(refusal(() => applyTransition(incidentIn('confirmed').incident, { kind: 'close' }, client, T0))).toMatchObject({ status: 403 });
  });
});

describe('auto-close', () => {
  it('opsdesk closes a resolved incident nobody confirmed, 7 days after its resolution and not a minute before', () => {
    const built = incidentIn('resolved');
    const resolvedAt = built.incident.resolution!.resolvedAt;
    expect(refusal(() => applyTransition(built.incident, { kind: 'auto_close' }, opsdesk, resolvedAt + 7 * DAY_MS - 60_000))).toMatchObject({
      status: 409,
      code: 'INCIDENT_AUTO_CLOSE_NOT_DUE',
      details: { dueAt: resolvedAt + 7 * DAY_MS },
    });
    const closed = applyTransition(built.incident, { kind: 'auto_close' }, opsdesk, resolvedAt + 7 * DAY_MS);
    expect(closed.incident).toMatchObject({ state: 'closed', closedHow: 'auto', confirmedAt: null });
    expect(closed.entry.details).toEqual({ resolvedAt, afterDays: 7 });
  });

  it('is opsdesk’s alone, never when turned off, and not of a confirmed incident (that one a person closes)', () => {
    const { incident } = incidentIn('resolved');
    const late = T0 + 30 * DAY_MS;
    expect(refusal(() => applyTransition(incident, { kind: 'auto_close' }, dispatcher, late))).toMatchObject({ status: 403, code: 'INCIDENT_SYSTEM_ONLY' });
    expect(refusal(() => applyTransition(incident, { kind: 'auto_close' }, opsdesk, late, { ...DEFAULT_WORKFLOW_POLICY, autoCloseAfterDays: 0 }))).toMatchObject({
      code: 'INCIDENT_AUTO_CLOSE_NOT_DUE',
    });
    expect(refusal(() => applyTransition(incidentIn('confirmed').incident, { kind: 'auto_close' }, opsdesk, late))).toMatchObject({ status: 409 });
  });
});

describe('reopen', () => {
  it('the client reopens a resolved incident: back to the assignee, the resolution clock restarted, not a first-time fix', () => {
    const built = step(incidentIn('resolved'), client, { kind: 'reopen', reason: 'The reader fails again' });
    expect(built.incident).toMatchObject({
      state: 'assigned',
      assignee: { userId: 'engineer' },
      resolution: null,
      reopenCount: 1,
      clocks: { respond: 'stopped', on_site: 'stopped', resolve: 'running' },
    });
    expect(clocksOf(built)).toEqual(['resolve:restart']);
    expect(built.timeline.at(-1)!.details).toEqual({ reason: 'The reader fails again', from: 'resolved' });
    step(built, engineer, { kind: 'acknowledge' });
    step(built, engineer, { kind: 'start_work' });
    expect(built.timeline.slice(-2).flatMap((e) => e.clocks)).toEqual([]);
    step(built, engineer, resolveRequest);
    expect(clocksOf(built)).toEqual(['resolve:stop']);
  });

  it('from confirmed, and from closed within the window (7 days), by the client or an engineer', () => {
    expect(step(incidentIn('confirmed'), engineer, { kind: 'reopen', reason: 'x' }).incident.confirmedAt).toBeNull();
    const closed = incidentIn('closed');
    const closedAt = closed.incident.closedAt!;
    const reopened = applyTransition(closed.incident, { kind: 'reopen', reason: 'It broke again' }, client, closedAt + 7 * DAY_MS);
    expect(reopened.incident).toMatchObject({ state: 'assigned', closedAt: null, closedHow: null });
    expect(refusal(() => applyTransition(closed.incident, { kind: 'reopen', reason: 'It broke again' }, client, closedAt + 7 * DAY_MS + 1))).toMatchObject({
      status: 409,
      code: 'INCIDENT_REOPEN_WINDOW_PASSED',
    });
  });

  it('needs a reason, an incident that was resolved, and the actor’s site', () => {
    expect(refusal(() => applyTransition(incidentIn('resolved').incident, { kind: 'reopen', reason: '' }, client, T0))).toMatchObject({ status: 400 });
    expect(refusal(() => applyTransition(incidentIn('in_progress').incident, { kind: 'reopen', reason: 'x' }, client, T0))).toMatchObject({ status: 409 });
    const stranger = person('stranger', ['incidents:confirm'], { siteIds: ['site-south'] });
    expect(refusal(() => applyTransition(incidentIn('resolved').incident, { kind: 'reopen', reason: 'x' }, stranger, T0))).toMatchObject({
      code: 'INCIDENT_OUTSIDE_YOUR_SITES',
    });
  });
});

describe('escalate', () => {
  it('a dispatcher raises the level with a reason; the SLA engine is told the level changed', () => {
    const built = step(incidentIn('in_progress', { level: 3 }), dispatcher, { kind: 'escalate', level: 1, reason: '迎新期间 (important event)' });
    expect(built.incident.level).toBe(1);
    expect(built.incident.state).toBe('in_progress');
    expect(built.timeline.at(-1)).toMatchObject({ levelChange: { from: 3, to: 1 }, details: { fromLevel: 3, toLevel: 1 } });
  });

  it('only upwards, only while open, only by a dispatcher, only to a level that exists', () => {
    const { incident } = incidentIn('in_progress', { level: 2 });
    expect(refusal(() => applyTransition(incident, { kind: 'escalate', level: 2, reason: 'x' }, dispatcher, T0))).toMatchObject({ status: 409, code: 'INCIDENT_LEVEL_NOT_RAISED' });
    expect(refusal(() => applyTransition(incident, { kind: 'escalate', level: 3, reason: 'x' }, dispatcher, T0))).toMatchObject({ code: 'INCIDENT_LEVEL_NOT_RAISED' });
    expect(refusal(() => applyTransition(incidentIn('new', { level: 1 }).incident, { kind: 'escalate', level: 1, reason: 'x' }, dispatcher, T0))).toMatchObject({
      code: 'INCIDENT_LEVEL_NOT_RAISED',
    });
    expect(refusal(() => applyTransition(incident, { kind: 'escalate', level: 1, reason: 'x' }, engineer, T0))).toMatchObject({ status: 403 });
    expect(refusal(() => applyTransition(incidentIn('resolved').incident, { kind: 'escalate', level: 1, reason: 'x' }, dispatcher, T0))).toMatchObject({ status: 409 });
    expect(refusal(() => applyTransition(incident, { kind: 'escalate', level: 0, reason: 'x' } as unknown as TransitionRequest, dispatcher, T0))).toMatchObject({
      status: 400,
      details: [{ field: 'level', code: 'enum' }],
    });
  });
});

describe('major incidents', () => {
  it('declaring one makes it level 1 and asks for an update to the client every 30 minutes while it is open', () => {
    const built = step(incidentIn('in_progress', { level: 2 }), dispatcher, { kind: 'declare_major', reason: 'All canteen terminals down' });
    expect(built.incident).toMatchObject({ level: 1, major: { declaredAt: built.now, lastCommunicationAt: null } });
    expect(built.timeline.at(-1)!.levelChange).toEqual({ from: 2, to: 1 });
    const declaredAt = built.now;
    expect(majorIncidentSteps(built.incident, DEFAULT_WORKFLOW_POLICY.major, declaredAt + 31 * 60_000)).toEqual({
      communicationDueAt: declaredAt + 30 * 60_000,
      communicationOverdue: true,
      reviewRequired: true,
      reviewDone: false,
    });
    step(built, engineer, { kind: 'communicate', message: '已启用人工收费点' }, 20 * 60_000);
    expect(built.incident.major!.lastCommunicationAt).toBe(built.now);
    expect(majorIncidentSteps(built.incident, DEFAULT_WORKFLOW_POLICY.major, built.now)!.communicationDueAt).toBe(built.now + 30 * 60_000);
    expect(refusal(() => applyTransition(built.incident, { kind: 'declare_major', reason: 'again' }, dispatcher, built.now))).toMatchObject({ code: 'INCIDENT_ALREADY_MAJOR' });
  });

  it('cannot be closed, by a person or by the auto-close, before its post-incident review', () => {
    const built = step(incidentIn('in_progress'), dispatcher, { kind: 'declare_major', reason: 'outage' });
    step(built, engineer, resolveRequest);
    expect(refusal(() => applyTransition(built.incident, { kind: 'auto_close' }, opsdesk, built.now + 8 * DAY_MS))).toMatchObject({ status: 409, code: 'INCIDENT_REVIEW_REQUIRED' });
    step(built, client, { kind: 'confirm' });
    expect(availableActions(built.incident, engineer, built.now)).not.toContain('close');
    expect(refusal(() => applyTransition(built.incident, { kind: 'close' }, engineer, built.now))).toMatchObject({ status: 409, code: 'INCIDENT_REVIEW_REQUIRED' });
    expect(refusal(() => applyTransition(built.incident, { kind: 'record_review', summary: 'x' }, engineer, built.now))).toMatchObject({ status: 403 });
    step(built, dispatcher, { kind: 'record_review', summary: 'Gateway certificate expired; renewal now monitored' });
    expect(built.incident.review).toMatchObject({ by: 'dispatcher' });
    step(built, engineer, { kind: 'close' });
    expect(built.incident.state).toBe('closed');
  });

  it('a reopen asks for the review again; a policy without reviews closes at once', () => {
    const built = step(incidentIn('in_progress'), dispatcher, { kind: 'declare_major', reason: 'outage' });
    step(built, engineer, resolveRequest);
    step(built, dispatcher, { kind: 'record_review', summary: 'first fix' });
    step(built, client, { kind: 'reopen', reason: 'down again' });
    expect(built.incident.review).toBeNull();
    const lenient = { ...DEFAULT_WORKFLOW_POLICY, major: { communicationEveryMinutes: 30, reviewRequired: false } };
    const other = step(incidentIn('in_progress'), dispatcher, { kind: 'declare_major', reason: 'outage' });
    step(other, engineer, resolveRequest);
    step(other, client, { kind: 'confirm' });
    step(other, engineer, { kind: 'close' }, 60_000, lenient);
    expect(other.incident.state).toBe('closed');
  });

  it('updates need text and an incident not yet closed; reviews an incident resolved or confirmed', () => {
    expect(refusal(() => applyTransition(incidentIn('in_progress').incident, { kind: 'communicate', message: ' ' }, engineer, T0))).toMatchObject({ status: 400 });
    expect(refusal(() => applyTransition(incidentIn('closed').incident, { kind: 'communicate', message: 'x' }, engineer, T0))).toMatchObject({ status: 409 });
    expect(refusal(() => applyTransition(incidentIn('in_progress').incident, { kind: 'record_review', summary: 'x' }, dispatcher, T0))).toMatchObject({ status: 409 });
  });
});

describe('any request', () => {
  it('of an unknown kind is a 400 naming the kinds', () => {
    expect(refusal(() => applyTransition(incidentIn('new').incident, { kind: 'teleport' } as unknown as TransitionRequest, dispatcher, T0))).toMatchObject({
      status: 400,
      details: [{ field: 'kind', code: 'enum' }],
    });
  });

  it('never changes the incident it was given, accepted or refused', () => {
    const built = incidentIn('in_progress');
    const frozen = deepFreeze(structuredClone(built.incident) as WorkflowIncident);
    const copy = structuredClone(frozen);
    applyTransition(frozen, { kind: 'wait', reason: 'customer' }, engineer, T0);
    refusal(() => applyTransition(frozen, { kind: 'confirm' }, client, T0));
    expect(frozen).toEqual(copy);
  });

  it('the console is offered what each may do now', () => {
    expect(availableActions(incidentIn('resolved').incident, client, T0)).toEqual(['confirm', 'reopen']);
    expect(availableActions(incidentIn('assigned').incident, engineer, T0)).toEqual(['acknowledge', 'communicate']);
    expect(availableActions(incidentIn('assigned').incident, otherEngineer, T0)).toEqual(['communicate']);
    expect(availableActions(incidentIn('resolved').incident, opsdesk, T0 + 8 * DAY_MS)).toEqual(['auto_close', 'reopen', 'communicate', 'record_review']);
    expect(availableActions(incidentIn('closed').incident, client, T0 + 30 * DAY_MS)).toEqual([]);
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
