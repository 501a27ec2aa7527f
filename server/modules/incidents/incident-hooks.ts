import type { Executor } from '../../db/types.ts';
import { ConflictError } from '../../errors.ts';
import type { IncidentChangedEvent } from '../../events/index.ts';
import { newId } from '../../ids.ts';
import { canSeeSite, type Actor, type RequestContext } from '../auth/index.ts';
import { incidentsRepository } from './incidents.repository.ts';
import type { IncidentsTable, TimelineNote } from './incidents.tables.ts';
import type { IncidentState } from './workflow/model.ts';

/**
 * What other modules (the plans module's checklist) may do to an incident without the incidents service: read the
 * facts of one the caller may see, add a line to its timeline (with its `incident.changed` event), and refuse its
 * closing while something of theirs is still open (close blockers).
 */

/** An incident as another module sees it. */
export interface IncidentFacts {
  id: string;
  number: number;
  title: string;
  state: IncidentState;
  level: 1 | 2 | 3;
  siteId: string;
  deviceId: string | null;
  subsystem: string | null;
  assigneeUserId: string | null;
  alertIds: string[];
}

/** The incident, if it exists and `actor` may see its site; else null. */
export async function incidentFacts(db: Executor, actor: Actor | null, id: string): Promise<IncidentFacts | null> {
  const row = await incidentsRepository.findById(db, id);
  if (!row || (actor && !canSeeSite(actor, row.site_id))) return null;
  const alerts = await incidentsRepository.linkedAlerts(db, id);
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    state: row.state,
    level: row.level as 1 | 2 | 3,
    siteId: row.site_id,
    deviceId: row.device_id,
    subsystem: row.subsystem,
    assigneeUserId: row.assignee_user_id,
    alertIds: alerts.map((a) => a.alert_id),
  };
}

/** The events appender a note writes to (ModuleContext.events). */
interface Appender {
  append(trx: Executor, event: IncidentChangedEvent): Promise<unknown>;
}

/**
 * A line on the incident's timeline that changes nothing else, in the caller's transaction: the incident's version
 * moves on (the console reloads), and `incident.changed` with the note's kind reaches the live stream.
 */
export async function noteOnIncident(trx: Executor, events: Appender, rc: RequestContext, incidentId: string, kind: TimelineNote, details: Record<string, unknown>, at: number): Promise<void> {
  const row = await incidentsRepository.findById(trx, incidentId);
  if (!row) throw new ConflictError('The incident is gone', 'INCIDENT_CHANGED');
  await incidentsRepository.insertTimeline(trx, {
    id: newId(),
    incident_id: incidentId,
    at,
    kind,
    actor_kind: rc.actor.kind === 'system' ? 'system' : 'user',
    actor_id: rc.actor.userId,
    actor_name: rc.actor.username,
    from_state: row.state,
    to_state: row.state,
    details: JSON.stringify(details),
    clocks: '[]',
    level_from: null,
    level_to: null,
  });
  await touch(trx, events, row, kind, at);
}

/**
 * Tells the live stream that something of the incident's changed without a timeline line (a checklist step started
 * or reassigned): its version moves on and `incident.changed` carries `kind`.
 */
export async function announceIncidentChange(trx: Executor, events: Appender, incidentId: string, kind: string, at: number): Promise<void> {
  const row = await incidentsRepository.findById(trx, incidentId);
  if (!row) throw new ConflictError('The incident is gone', 'INCIDENT_CHANGED');
  await touch(trx, events, row, kind, at);
}

async function touch(trx: Executor, events: Appender, row: IncidentsTable, kind: string, at: number): Promise<void> {
  const touched = await incidentsRepository.updateIfVersion(trx, row.id, row.version, { updated_at: at });
  if (!touched) throw new ConflictError('The incident changed meanwhile: reload it and try again', 'INCIDENT_CHANGED');
  await events.append(trx, {
    type: 'incident.changed',
    incidentId: touched.id,
    number: touched.number,
    kind,
    previous: row.state,
    state: touched.state,
    level: touched.level,
    siteId: touched.site_id,
    assigneeUserId: touched.assignee_user_id,
    assigneeTeamId: touched.assignee_team_id,
    at,
  });
}

// ── Close blockers ──────────────────────────────────────────────────────────────────────────────────────────────

/** What keeps an incident from closing, named for the refusal (e.g. the plan's open back-fill step). */
export interface CloseBlocker {
  /** the registering module's name for it, e.g. plans.backfill */
  source: string;
  /** what is open, e.g. the step key */
  ref: string;
  message: string;
}

export type CloseBlockerCheck = (db: Executor, incidentId: string) => Promise<CloseBlocker[]>;

const blockers = new Map<string, CloseBlockerCheck>();

/**
 * Registers a check the workflow consults before an incident closes (close, auto_close): when any check names a
 * blocker, the move is refused with 409 INCIDENT_CLOSE_BLOCKED listing them. Registering one name twice is refused.
 */
export function registerCloseBlocker(name: string, check: CloseBlockerCheck): void {
  if (blockers.has(name)) throw new Error(`close blocker ${name} is already registered`);
  blockers.set(name, check);
}

/** Every blocker of the incident's closing, in the transaction of the move. */
export async function closeBlockers(db: Executor, incidentId: string): Promise<CloseBlocker[]> {
  const found: CloseBlocker[] = [];
  for (const check of blockers.values()) found.push(...(await check(db, incidentId)));
  return found;
}

/** 409: something registered (a plan's back-fill step) is still open. */
export class IncidentCloseBlockedError extends ConflictError {
  constructor(found: CloseBlocker[]) {
    super(`The incident cannot close yet: ${found.map((b) => b.message).join('; ')}`, 'INCIDENT_CLOSE_BLOCKED', { blockers: found });
  }
}
