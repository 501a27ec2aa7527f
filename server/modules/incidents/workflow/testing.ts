import { ALL_PERMISSIONS, type Permission } from '../../auth/index.ts';
import { applyTransition, openIncident, type TimelineEntry } from './apply.ts';
import type { IncidentState, WorkflowActor, WorkflowIncident } from './model.ts';
import { DEFAULT_WORKFLOW_POLICY, type WorkflowPolicy } from './policy.ts';
import type { TransitionRequest } from './requests.ts';

/** Actors and incidents for the workflow's tests, built through the workflow itself (no hand-made snapshots). */

export const SITE = 'site-north';
export const T0 = Date.parse('2026-10-09T08:30:00Z');

export const person = (userId: string, permissions: readonly Permission[], extra: Partial<WorkflowActor> = {}): WorkflowActor => ({
  kind: 'user',
  userId,
  username: userId,
  permissions: new Set(permissions),
  siteIds: null,
  ...extra,
});

export const dispatcher = person('dispatcher', ['incidents:read', 'incidents:write', 'incidents:assign']);
export const engineer = person('engineer', ['incidents:read', 'incidents:write']);
export const otherEngineer = person('other-engineer', ['incidents:read', 'incidents:write']);
export const client = person('client', ['incidents:read', 'incidents:confirm'], { siteIds: [SITE] });
export const opsdesk: WorkflowActor = { kind: 'system', userId: null, username: 'system', permissions: new Set(ALL_PERMISSIONS), siteIds: null };

export interface Built {
  incident: WorkflowIncident;
  timeline: TimelineEntry[];
  now: number;
}

/** The requests (and who makes them) that bring a new incident to each state along the usual path. */
const PATH: readonly [reaches: IncidentState, WorkflowActor, TransitionRequest][] = [
  ['assigned', dispatcher, { kind: 'assign', assignee: { kind: 'user', userId: 'engineer' } }],
  ['acknowledged', engineer, { kind: 'acknowledge' }],
  ['in_progress', engineer, { kind: 'start_work' }],
  ['waiting', engineer, { kind: 'wait', reason: 'customer' }],
  ['in_progress', engineer, { kind: 'resume' }],
  ['resolved', engineer, { kind: 'resolve', fix: 'Replaced the card reader', causeCategory: 'hardware' }],
  ['confirmed', client, { kind: 'confirm' }],
  ['closed', engineer, { kind: 'close' }],
];

/** An incident opened at T0 and moved along the usual path (a minute a step) until it is in `state`. */
export function incidentIn(state: IncidentState, options: { level?: 1 | 2 | 3; policy?: WorkflowPolicy } = {}): Built {
  const opened = openIncident({ siteId: SITE, level: options.level ?? 2 }, dispatcher, T0);
  const built: Built = { incident: opened.incident, timeline: [opened.entry], now: T0 };
  for (const [, actor, request] of PATH) {
    if (built.incident.state === state) break;
    step(built, actor, request, 60_000, options.policy);
  }
  if (built.incident.state !== state) throw new Error(`could not reach ${state}`);
  return built;
}

/** Applies a request `afterMs` after the last step and records it. */
export function step(built: Built, actor: WorkflowActor, request: TransitionRequest, afterMs = 60_000, policy = DEFAULT_WORKFLOW_POLICY): Built {
  built.now += afterMs;
  const result = applyTransition(built.incident, request, actor, built.now, policy);
  built.incident = result.incident;
  built.timeline.push(result.entry);
  return built;
}

/** The error a call throws, for asserting on its status, code and message. */
export function refusal(call: () => unknown): { status: number; code: string; message: string; details: unknown } {
  try {
    call();
  } catch (error) {
    return error as { status: number; code: string; message: string; details: unknown };
  }
  throw new Error('expected a refusal, but the request was accepted');
}
