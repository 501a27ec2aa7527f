import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Permission } from '../../auth/index.ts';
import { DomainError } from '../../../errors.ts';
import { applyTransition, openIncident, type TimelineEntry } from './apply.ts';
import type { ClockAction } from './clocks.ts';
import { INCIDENT_STATES, LEVELS, OPEN_STATES, SLA_CLOCKS, type ClockStatus, type IncidentState, type SlaClock, type WorkflowActor, type WorkflowIncident } from './model.ts';
import { DAY_MS, DEFAULT_WORKFLOW_POLICY, type WorkflowPolicy } from './policy.ts';
import type { TransitionRequest } from './requests.ts';
import { person, SITE, T0 } from './testing.ts';
import { kindsFrom, TRANSITIONS } from './transitions.ts';

/**
 * The workflow under random use: 10,000 sequences of up to 60 requests of every kind, with good and bad values, by
 * people and by opsdesk holding random sets of the incident permissions on random sites, with time jumping minutes
 * to days between them, under random policies. The expectations are written from SPEC C5.4 and checked against
 * what the workflow returns, not computed by it: the clocks are replayed by an automaton of their own.
 */

const USERS = ['engineer', 'other', 'dispatcher', 'client'] as const;
const PERMS: Permission[] = ['incidents:read', 'incidents:write', 'incidents:assign', 'incidents:confirm'];

const randomActor: fc.Arbitrary<WorkflowActor> = fc
  .record({
    system: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    userId: fc.constantFrom(...USERS),
    permissions: fc.subarray(PERMS),
    siteIds: fc.constantFrom(null, [SITE], ['site-south']),
    teamIds: fc.subarray(['pos-team']),
  })
  .map(({ system, userId, permissions, siteIds, teamIds }) =>
    system
      ? { kind: 'system', userId: null, username: 'system', permissions: new Set(permissions), siteIds: null }
      : { kind: 'user', userId, username: userId, permissions: new Set(permissions), siteIds, teamIds },
  );
/** The people of the built-in roles, so that sequences get past the permission checks often enough to go deep. */
const ROLES: WorkflowActor[] = [
  person('engineer', ['incidents:read', 'incidents:write'], { teamIds: ['pos-team'] }),
  person('other', ['incidents:read', 'incidents:write']),
  person('dispatcher', ['incidents:read', 'incidents:write', 'incidents:assign']),
  person('client', ['incidents:read', 'incidents:confirm'], { siteIds: [SITE] }),
  person('admin', PERMS),
  { kind: 'system', userId: null, username: 'system', permissions: new Set(PERMS), siteIds: null },
];
const actor = fc.oneof({ arbitrary: fc.constantFrom(...ROLES), weight: 3 }, { arbitrary: randomActor, weight: 1 });

const text = fc.oneof({ arbitrary: fc.constantFrom('Replaced the reader', '迎新期间'), weight: 4 }, { arbitrary: fc.constantFrom(' ', '', 'x'.repeat(4001)), weight: 1 });
const assignee = fc.oneof(
  { arbitrary: fc.constant({ kind: 'user' as const, userId: 'engineer' }), weight: 4 },
  fc.constantFrom(...USERS).map((userId) => ({ kind: 'user' as const, userId })),
  fc.constant({ kind: 'team' as const, teamId: 'pos-team' }),
  fc.constant({ kind: 'user' as const, userId: '' }),
  fc.constant({ kind: 'robot' } as never),
);
const location = fc.option(fc.record({ latitude: fc.double({ min: -100, max: 100, noNaN: true }), longitude: fc.double({ min: -190, max: 190 }) }), { nil: undefined });

const request: fc.Arbitrary<TransitionRequest> = fc.oneof(
  assignee.map((a) => ({ kind: 'assign', assignee: a }) as const),
  fc.constant({ kind: 'take' } as const),
  fc.record({ kind: fc.constant('reassign' as const), assignee, reason: fc.option(text, { nil: undefined }) }),
  fc.constant({ kind: 'acknowledge' } as const),
  fc.constant({ kind: 'start_work' } as const),
  location.map((l) => ({ kind: 'check_in', location: l }) as const),
  fc.record({ kind: fc.constant('wait' as const), reason: fc.constantFrom('customer', 'parts', 'third_party', 'lunch' as never) }),
  fc.constant({ kind: 'resume' } as const),
  fc.record({ kind: fc.constant('resolve' as const), fix: text, causeCategory: fc.constantFrom('hardware', '') }),
  fc.constant({ kind: 'confirm' } as const),
  fc.constant({ kind: 'close' } as const),
  fc.constant({ kind: 'auto_close' } as const),
  fc.record({ kind: fc.constant('reopen' as const), reason: text }),
  fc.record({ kind: fc.constant('escalate' as const), level: fc.constantFrom(0 as never, 1, 2, 3), reason: text }),
  fc.record({ kind: fc.constant('declare_major' as const), reason: text }),
  fc.record({ kind: fc.constant('communicate' as const), message: text }),
  fc.record({ kind: fc.constant('record_review' as const), summary: text }),
  fc.constant({ kind: 'nonsense' } as never),
);

/**
 * Two steps in three aim: one of the built-in roles holding its permission makes a sensible request of a kind that moves the incident on from
 * its current state (chosen by `pick`; now and then one that keeps the state), so that sequences reach the far states (confirmed, closed, reopened) instead
 * of being refused at the door. Only the input's distribution leans on the table; every check stands on its own.
 */
const SENSIBLE: { [K in TransitionRequest['kind']]: Extract<TransitionRequest, { kind: K }> } = {
  assign: { kind: 'assign', assignee: { kind: 'user', userId: 'engineer' } },
  take: { kind: 'take' },
  reassign: { kind: 'reassign', assignee: { kind: 'team', teamId: 'pos-team' } },
  acknowledge: { kind: 'acknowledge' },
  start_work: { kind: 'start_work' },
  check_in: { kind: 'check_in', location: { latitude: 31.2, longitude: 121.4 } },
  wait: { kind: 'wait', reason: 'customer' },
  resume: { kind: 'resume' },
  resolve: { kind: 'resolve', fix: 'Replaced the reader', causeCategory: 'hardware' },
  confirm: { kind: 'confirm' },
  close: { kind: 'close' },
  auto_close: { kind: 'auto_close' },
  reopen: { kind: 'reopen', reason: 'It fails again' },
  escalate: { kind: 'escalate', level: 1, reason: '迎新期间' },
  declare_major: { kind: 'declare_major', reason: 'All canteen terminals down' },
  communicate: { kind: 'communicate', message: '已启用人工收费点' },
  record_review: { kind: 'record_review', summary: 'Certificate expired' },
};

const gap = fc.oneof(fc.integer({ min: 0, max: 120 }).map((m) => m * 60_000), fc.integer({ min: 1, max: 10 }).map((d) => d * DAY_MS));

const policy: fc.Arbitrary<WorkflowPolicy> = fc.record({
  autoCloseAfterDays: fc.constantFrom(0, 1, 7),
  reopenWindowDays: fc.constantFrom(0, 7),
  pausingWaitReasons: fc.subarray(['customer', 'parts', 'third_party'] as const),
  major: fc.record({ communicationEveryMinutes: fc.constant(30), reviewRequired: fc.boolean() }),
});

const scenario = fc.record({
  level: fc.constantFrom(...LEVELS),
  policy: fc.oneof(fc.constant(DEFAULT_WORKFLOW_POLICY), policy),
  steps: fc.array(fc.record({ actor, request, gap, aim: fc.integer({ min: 0, max: 2 }).map((n) => n > 0), pick: fc.nat(), player: fc.nat() }), { minLength: 1, maxLength: 60 }),
});

const open = new Set<IncidentState>(OPEN_STATES);
const done = new Set<IncidentState>(['resolved', 'confirmed', 'closed']);

/** A clock's own life, independent of the workflow's bookkeeping. */
function replay(status: ClockStatus | 'none', action: ClockAction, entry: TimelineEntry, policy: WorkflowPolicy): ClockStatus {
  const legal: Record<ClockAction['action'], (ClockStatus | 'none')[]> = {
    start: ['none'],
    pause: ['running'],
    resume: ['paused'],
    stop: ['running', 'paused'],
    restart: ['stopped'],
  };
  expect(legal[action.action], `${action.clock}: ${action.action} while ${status} (${entry.kind})`).toContain(status);
  if (action.action === 'start') expect(entry.kind).toBe('open');
  if (action.action === 'restart') expect(entry.kind).toBe('reopen');
  if (action.action === 'pause') {
    expect(entry.kind).toBe('wait');
    expect(policy.pausingWaitReasons).toContain(entry.details.reason);
  }
  if (action.action === 'resume') expect([entry.from, entry.to]).toEqual(['waiting', 'in_progress']);
  expect(action.at).toBe(entry.at);
  return { start: 'running', pause: 'paused', resume: 'running', stop: 'stopped', restart: 'running' }[action.action] as ClockStatus;
}

function checkInvariants(incident: WorkflowIncident, policy: WorkflowPolicy): void {
  const { state, clocks } = incident;
  expect(INCIDENT_STATES).toContain(state);
  expect(LEVELS).toContain(incident.level);
  expect(incident.waitingReason !== null).toBe(state === 'waiting');
  if (state !== 'new') expect(incident.assignee).not.toBeNull();
  expect(incident.resolution !== null).toBe(done.has(state));
  expect(incident.confirmedAt !== null).toBe(state === 'confirmed' || (state === 'closed' && incident.closedHow === 'confirmed'));
  expect(incident.closedAt !== null).toBe(state === 'closed');
  expect(incident.closedHow !== null).toBe(state === 'closed');
  if (done.has(state)) expect(clocks).toEqual({ respond: 'stopped', on_site: 'stopped', resolve: 'stopped' });
  if (open.has(state)) expect(clocks.resolve).not.toBe('stopped');
  if (['acknowledged', 'in_progress', 'waiting'].includes(state)) expect(clocks.respond).toBe('stopped');
  const pausing = state === 'waiting' && policy.pausingWaitReasons.includes(incident.waitingReason!);
  // Waiting for the client stops time; waiting for our parts or a third party does not (unless the policy says so).
  if (!pausing) expect(Object.values(clocks)).not.toContain('paused');
  else expect(Object.values(clocks)).not.toContain('running');
  if (incident.firstCheckInAt !== null) expect(clocks.on_site).toBe('stopped');
  if (incident.major !== null) expect(incident.level).toBe(1);
}

describe('the incident workflow under 10,000 random request sequences', () => {
  it('reaches only legal states, refuses without a trace, keeps the clocks consistent and one entry per accepted request', () => {
    let accepted = 0;
    let refused = 0;
    const reached = new Set<string>();
    fc.assert(
      fc.property(scenario, ({ level, policy, steps }) => {
        const opened = openIncident({ siteId: SITE, level }, steps[0]!.actor, T0);
        let incident = opened.incident;
        const timeline: TimelineEntry[] = [opened.entry];
        let acceptedHere = 0;
        let now = T0;
        const clocks: Record<SlaClock, ClockStatus | 'none'> = { respond: 'none', on_site: 'none', resolve: 'none' };
        const replayEntry = (entry: TimelineEntry) => {
          for (const action of entry.clocks) clocks[action.clock] = replay(clocks[action.clock], action, entry, policy);
          for (const clock of SLA_CLOCKS) expect(clocks[clock], clock).toBe(incident.clocks[clock]);
        };
        replayEntry(opened.entry);
        for (const { actor: randomActor, request: random, gap: after, aim, pick, player } of steps) {
          now += after;
          const state = incident.state;
          // Mostly a kind that moves the incident on; a third of the time any kind its state allows.
          const allowed = kindsFrom(state);
          const onwards = pick % 3 === 0 ? allowed : allowed.filter((kind) => TRANSITIONS[kind].moves[state] !== state);
          const choice = Math.floor(pick / 3);
          const aimed = aim && onwards.length > 0;
          const asked: TransitionRequest = aimed ? SENSIBLE[onwards[choice % onwards.length]!] : random;
          const fitting = aimed ? ROLES.filter((r) => TRANSITIONS[asked.kind].permissions.some((p) => r.permissions.has(p))) : [];
          const who = aimed ? fitting[player % fitting.length]! : randomActor;
          const before = JSON.stringify(incident);
          const rule = TRANSITIONS[asked.kind] as (typeof TRANSITIONS)[keyof typeof TRANSITIONS] | undefined;
          let result: ReturnType<typeof applyTransition> | null = null;
          try {
            result = applyTransition(incident, asked, who, now, policy);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            const { status, code } = error as DomainError;
            expect([400, 403, 409]).toContain(status);
            if (JSON.stringify(incident) !== before) expect(incident).toEqual(JSON.parse(before));
            // A request the actor may make, on their site, in a state the table does not list, is exactly the 409.
            const mayAsk = rule !== undefined && rule.permissions.some((p) => who.permissions.has(p)) && (who.siteIds === null || who.siteIds.includes(SITE));
            expect(code === 'INCIDENT_TRANSITION_NOT_ALLOWED').toBe(mayAsk && rule.moves[incident.state] === undefined);
            refused += 1;
            continue;
          }
          const { incident: next, entry } = result;
          expect(rule, 'an unknown kind was accepted').toBeDefined();
          expect(next.state).toBe(rule!.moves[incident.state]);
          if (JSON.stringify(incident) !== before) expect(incident).toEqual(JSON.parse(before));
          expect(entry).toMatchObject({ at: now, kind: asked.kind, from: incident.state, to: next.state, actor: { userId: who.userId } });
          if (next.state === 'closed' && incident.state !== 'closed') {
            expect(
              (entry.kind === 'close' && incident.state === 'confirmed' && incident.confirmedAt !== null) || (entry.kind === 'auto_close' && who.kind === 'system'),
              `closed by ${entry.kind} from ${incident.state}`,
            ).toBe(true);
          }
          expect(entry.levelChange === null).toBe(next.level === incident.level);
          if (entry.levelChange) expect(entry.levelChange.to).toBeLessThan(entry.levelChange.from);
          incident = next;
          timeline.push(entry);
          acceptedHere += 1;
          reached.add(`${entry.from}→${entry.to}`);
          checkInvariants(incident, policy);
          replayEntry(entry);
        }
        expect(timeline.length).toBe(1 + acceptedHere);
        accepted += acceptedHere;
      }),
      { numRuns: 10_000 },
    );
    // The sequences must get somewhere for the properties to mean anything: every move of the table is taken.
    const moves = Object.values(TRANSITIONS).flatMap((rule) => Object.entries(rule.moves).map(([from, to]) => `${from}→${to}`));
    expect([...new Set(moves)].filter((move) => !reached.has(move))).toEqual([]);
    expect(accepted).toBeGreaterThan(10_000);
    expect(refused).toBeGreaterThan(10_000);
    // About 25 s alone on this machine; the whole suite runs beside it on the same two cores.
  }, 180_000);
});
