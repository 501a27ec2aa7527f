import { toIso } from '../../clock.ts';
import { LOCK_KEYS, lockUntilCommit } from '../../db/locks.ts';
import type { Executor } from '../../db/types.ts';
import { ConflictError, DomainError, NotFoundError } from '../../errors.ts';
import type { IncidentChangedEvent } from '../../events/index.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import type { Freshness } from '../../http/answer-cache.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import { listValues } from '../../http/list-values.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { alertBriefs } from '../alerting/index.ts';
import { canSeeSite, requirePermission, systemContext, type RequestContext } from '../auth/index.ts';
import { visibleDevice } from '../estate/index.ts';
import { incidentReceipts } from '../notify/index.ts';
import { onDutyInEveryRoster } from '../oncall/index.ts';
import { siteRecords } from '../sites/index.ts';
import { majorIncidentSteps } from './grading/major.ts';
import { gradeOf, type Impact, type Urgency } from './grading/matrix.ts';
import { timelineColumns, toWorkflowIncident, workflowColumns } from './incident-row.ts';
import { closeBlockers, IncidentCloseBlockedError } from './incident-hooks.ts';
import { toIncidentViews, toTimelineItems } from './incident-view.ts';
import { INCIDENTS_ORDER, incidentsRepository, type IncidentFilter } from './incidents.repository.ts';
import { TITLE_LIMIT, type CreateIncidentBody, type Incident, type IncidentDetail, type IncidentListQuery, type TransitionBody } from './incidents.schemas.ts';
import type { IncidentSource, IncidentsTable, TimelineNote } from './incidents.tables.ts';
import { loadIncidentSettings } from './settings/settings.ts';
import type { IncidentNotifier } from './notices/notices.ts';
import type { SlaLedger } from './sla-ledger.ts';
import { parseRecordNumber } from './record-number.ts';
import { requireTimelineAccess } from './timeline-access.ts';
import { createSurvey } from './surveys/surveys.ts';
import { applyTransition, availableActions, openIncident, type TimelineEntry } from './workflow/apply.ts';
import { INCIDENT_STATES, OPEN_STATES, type IncidentState, type Level, type SlaClock, type WorkflowActor } from './workflow/model.ts';
import { DAY_MS } from './workflow/policy.ts';
import type { TransitionRequest } from './workflow/requests.ts';

const SYSTEM = systemContext('opsdesk');
/** The moves after which the client is asked how it went. */
const SURVEY_AFTER = new Set<TransitionRequest['kind']>(['confirm', 'close', 'auto_close']);
/** Targets told about per sweep and incidents auto-closed per run: the next run takes the rest. */
const SWEEP_LIMIT = 500;

/** How many times opening retries when another node took the same number at the same instant (PostgreSQL). */
const NUMBER_ATTEMPTS = 5;
const TIMELINE_LIMIT = 2000;

/** What opening takes: the request body, and for intake the source, its reference and the level it comes with. */
export type OpenIncidentInput = CreateIncidentBody & { source?: IncidentSource; sourceRef?: string; level?: Level };

/** An alert's level as impact × urgency on the default matrix's diagonal (the incident keeps the alert's level). */
const GRADE_OF_LEVEL: Record<Level, { impact: Impact; urgency: Urgency }> = { 1: { impact: 'high', urgency: 'high' }, 2: { impact: 'medium', urgency: 'medium' }, 3: { impact: 'low', urgency: 'low' } };

/**
 * Incidents (SPEC C5): opening one (form, phone log, API, and for intake: alerts and mail), the list, one incident
 * with its timeline, and every move of the workflow. A move is: load → visibility (404 for what the caller may not
 * see) → the workflow's `applyTransition` (403/409/400) → the row written only if nobody moved it meanwhile (409
 * INCIDENT_CHANGED) → the timeline line, the SLA targets, the audit record and `incident.changed`, all in one
 * transaction.
 */
export function createIncidentsService(ctx: ModuleContext, deps: { sla: SlaLedger; notices: IncidentNotifier }) {
  const { db, clock, audit, events } = ctx;
  const k = db.kysely;
  const { sla, notices } = deps;
  const surveyUrl = (token: string) => `${ctx.config.notify.publicUrl}/survey/${encodeURIComponent(token)}`;

  async function workflowActor(executor: Executor, rc: RequestContext): Promise<WorkflowActor> {
    const teamIds = rc.actor.userId ? await incidentsRepository.teamIdsOf(executor, rc.actor.userId) : [];
    return { ...rc.actor, teamIds };
  }

  async function visible(executor: Executor, rc: RequestContext, id: string): Promise<IncidentsTable> {
    const row = await incidentsRepository.findById(executor, id);
    if (!row || !canSeeSite(rc.actor, row.site_id)) throw new NotFoundError('Incident', id);
    return row;
  }

  const changed = (row: IncidentsTable, kind: string, previous: IncidentState | null, at: number): IncidentChangedEvent => ({
    type: 'incident.changed',
    incidentId: row.id,
    number: row.number,
    kind,
    previous,
    state: row.state,
    level: row.level,
    siteId: row.site_id,
    assigneeUserId: row.assignee_user_id,
    assigneeTeamId: row.assignee_team_id,
    at,
  });

  async function addTimeline(trx: Executor, incidentId: string, entry: TimelineEntry): Promise<void> {
    await incidentsRepository.insertTimeline(trx, { id: newId(), incident_id: incidentId, ...timelineColumns(entry) });
  }

  /** The checks a transition's values need against the database (the workflow checks their shape). */
  async function checkReferences(executor: Executor, request: TransitionRequest): Promise<void> {
    if ((request.kind === 'assign' || request.kind === 'reassign') && request.assignee) {
      const exists =
        request.assignee.kind === 'team'
          ? await incidentsRepository.teamExists(executor, request.assignee.teamId)
          : (await incidentsRepository.names(executor, [request.assignee.userId], [])).users.has(request.assignee.userId);
      if (!exists) {
        throw invalidFields([
          request.assignee.kind === 'team' ? fieldProblem('assignee.teamId', 'unknownTeam', { team: request.assignee.teamId }) : fieldProblem('assignee.userId', 'unknownUser', { user: request.assignee.userId }),
        ]);
      }
    }
    if (request.kind === 'resolve' && !(await incidentsRepository.causeCategoryEnabled(executor, request.causeCategory))) {
      throw invalidFields([fieldProblem('causeCategory', 'unknownCause', { cause: request.causeCategory })]);
    }
  }

  /** One workflow move in its own transaction; `rc` may be opsdesk itself (jobs, the mail intake). */
  async function move(rc: RequestContext, id: string, request: TransitionRequest): Promise<IncidentsTable> {
    const seen = await visible(k, rc, id);
    await checkReferences(k, request);
    return k.transaction().execute(async (trx) => {
      const row = (await incidentsRepository.findById(trx, id)) ?? seen;
      const settings = await loadIncidentSettings(trx);
      const now = clock.now();
      const actor = await workflowActor(trx, rc);
      const { incident, entry } = applyTransition(toWorkflowIncident(row), request, actor, now, settings.workflow);
      if (incident.state === 'closed' && row.state !== 'closed') {
        // Other modules' open work (a plan's back-fill step) keeps it open: incident-hooks.ts.
        const blocking = await closeBlockers(trx, id);
        if (blocking.length > 0) throw new IncidentCloseBlockedError(blocking);
      }
      const after = await incidentsRepository.updateIfVersion(trx, id, row.version, { ...workflowColumns(incident), updated_at: now });
      if (!after) throw new ConflictError('The incident changed meanwhile: reload it and try again', 'INCIDENT_CHANGED');
      await addTimeline(trx, id, entry);
      await sla.apply(trx, after, entry);
      await notices.onTransition(trx, after, entry, now);
      if (SURVEY_AFTER.has(request.kind)) {
        // Once per fix: confirm and then close send one link; a reopened incident fixed again gets a new one.
        const survey = await createSurvey(trx, after, now);
        if (survey) await notices.onSurvey(trx, after, surveyUrl(survey.token), now);
      }
      await audit.append(trx, rc, { action: 'incident.transition', targetType: 'incident', targetId: id, before: { state: row.state, level: row.level }, after: { kind: request.kind, state: after.state, level: after.level }, reason: reasonOf(request) });
      await events.append(trx, changed(after, request.kind, row.state, now));
      return after;
    });
  }

  /** A line on the timeline that changes nothing else (a comment, a linked alert, an attachment…). */
  async function note(trx: Executor, rc: RequestContext, row: IncidentsTable, kind: TimelineNote, details: Record<string, unknown>, at: number): Promise<void> {
    const entry: TimelineEntry = { at, kind: kind as TimelineEntry['kind'], actor: { kind: rc.actor.kind === 'system' ? 'system' : 'user', userId: rc.actor.userId, username: rc.actor.username }, from: row.state, to: row.state, details, clocks: [], levelChange: null };
    await addTimeline(trx, row.id, entry);
    const touched = await incidentsRepository.updateIfVersion(trx, row.id, row.version, { updated_at: at });
    if (!touched) throw new ConflictError('The incident changed meanwhile: reload it and try again', 'INCIDENT_CHANGED');
    await events.append(trx, changed(touched, kind, row.state, at));
  }

  async function insertNumbered(trx: Executor, row: Omit<IncidentsTable, 'number'>): Promise<IncidentsTable> {
    for (let attempt = 1; ; attempt++) {
      const numbered = { ...row, number: await incidentsRepository.nextNumber(trx) };
      try {
        await incidentsRepository.insert(trx, numbered);
        return numbered;
      } catch (error) {
        // Two nodes numbering at once: the loser reads the new maximum and tries again.
        if (attempt >= NUMBER_ATTEMPTS || !String((error as Error).message).match(/unique|duplicate/i)) throw error;
      }
    }
  }

  async function linkAlertRow(trx: Executor, rc: RequestContext, row: IncidentsTable, alertId: string, at: number): Promise<boolean> {
    const inserted = await incidentsRepository.linkAlert(trx, { incident_id: row.id, alert_id: alertId, linked_at: at, linked_by: rc.actor.userId });
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** What opening needs before its transaction: the site and device exist, are the caller's and agree. */
  async function checkOpening(rc: RequestContext, input: OpenIncidentInput): Promise<void> {
    requirePermission(rc.actor, 'incidents:create');
    const site = await siteRecords.findById(k, input.siteId);
    if (!site || !canSeeSite(rc.actor, input.siteId)) throw invalidFields([fieldProblem('siteId', 'unknownSite', { site: input.siteId })]);
    if (input.deviceId) {
      const device = await visibleDevice(k, rc.actor, input.deviceId).catch(() => null);
      if (!device) throw invalidFields([fieldProblem('deviceId', 'unknownDevice', { device: input.deviceId })]);
      if (device.site_id !== input.siteId) throw invalidFields([fieldProblem('deviceId', 'deviceOtherSite', { device: input.deviceId, site: input.siteId })]);
    }
    if (input.assignee) await checkReferences(k, { kind: 'assign', assignee: input.assignee });
  }

  async function open(rc: RequestContext, input: OpenIncidentInput): Promise<Incident> {
    await checkOpening(rc, input);
    const created = await k.transaction().execute((trx) => openIn(trx, rc, input));
    return (await toIncidentViews(k, [created], clock.now(), sla))[0]!;
  }

  /** Opens the incident in the caller's transaction (checkOpening has passed). */
  async function openIn(trx: Executor, rc: RequestContext, input: OpenIncidentInput): Promise<IncidentsTable> {
      const settings = await loadIncidentSettings(trx);
      const now = clock.now();
      const actor = await workflowActor(trx, rc);
      const level = input.level ?? gradeOf(settings.grading, input.impact, input.urgency);
      const opened = openIncident({ siteId: input.siteId, level }, actor, now);
      const policyId = await sla.policyIdFor(trx, input.siteId);
      let row = await insertNumbered(trx, {
        id: newId(),
        title: input.title.trim(),
        description: (input.description ?? '').trim(),
        site_id: input.siteId,
        device_id: input.deviceId ?? null,
        subsystem: input.subsystem ?? null,
        impact: input.impact,
        urgency: input.urgency,
        source: input.source ?? input.channel ?? 'form',
        source_ref: input.sourceRef ?? null,
        reporter_name: input.reporterName ?? null,
        reporter_phone: input.reporterPhone ?? null,
        reporter_email: input.reporterEmail ?? null,
        sla_policy_id: policyId,
        root_cause: null,
        satisfaction: null,
        version: 1,
        created_by: rc.actor.userId,
        created_at: now,
        updated_at: now,
        ...workflowColumns(opened.incident),
        fix: null,
        cause_category: null,
      });
      await addTimeline(trx, row.id, { ...opened.entry, details: { ...opened.entry.details, source: row.source } });
      await sla.start(trx, row, now);
      for (const alertId of input.alertIds ?? []) await linkAlertRow(trx, rc, row, alertId, now);
      // A request by e-mail is answered with its number, which the sender's replies quote to reach it again.
      if (row.source === 'email' && row.reporter_email) await notices.onReceived(trx, row, now);
      await audit.append(trx, rc, { action: 'incident.open', targetType: 'incident', targetId: row.id, after: { number: row.number, title: row.title, siteId: row.site_id, level: row.level, source: row.source } });
      await events.append(trx, changed(row, 'open', null, now));
      if (input.assignee) {
        const assigned = applyTransition(toWorkflowIncident(row), { kind: 'assign', assignee: input.assignee }, actor, now, settings.workflow);
        const after = await incidentsRepository.updateIfVersion(trx, row.id, row.version, workflowColumns(assigned.incident));
        if (!after) throw new ConflictError('The incident changed meanwhile', 'INCIDENT_CHANGED');
        await addTimeline(trx, row.id, assigned.entry);
        await events.append(trx, changed(after, 'assign', row.state, now));
        row = after;
      }
      return row;
  }

  /** Links an alert to an incident (once; linking it again changes nothing but is recorded). */
  async function linkAlert(rc: RequestContext, id: string, alertId: string): Promise<Incident> {
    requirePermission(rc.actor, 'incidents:write');
    requirePermission(rc.actor, 'alerts:read');
    await visible(k, rc, id);
    const [alert] = await alertBriefs(k, [alertId]);
    if (!alert || (alert.siteId === null ? rc.actor.siteIds !== null : !canSeeSite(rc.actor, alert.siteId))) {
      throw invalidFields([fieldProblem('alertId', 'unknownAlert', { alert: alertId })]);
    }
    const row = await k.transaction().execute(async (trx) => linkAlertIn(trx, rc, await visible(trx, rc, id), alertId, alert.name));
    return (await toIncidentViews(k, [row], clock.now(), sla))[0]!;
  }

  async function linkAlertIn(trx: Executor, rc: RequestContext, current: IncidentsTable, alertId: string, alertName: string): Promise<IncidentsTable> {
    const now = clock.now();
    const linked = await linkAlertRow(trx, rc, current, alertId, now);
    if (linked) await note(trx, rc, current, 'alert_linked', { alertId, name: alertName }, now);
    await audit.append(trx, rc, { action: 'incident.link_alert', targetType: 'incident', targetId: current.id, after: { alertId, linked } });
    return (await incidentsRepository.findById(trx, current.id))!;
  }

  /**
   * An incident for an alert (the alert page's button, and the automatic intake): the open incident of the alert's
   * notification group when there is one — the alert is linked to it — or a new one at the alert's level. An alert of
   * no site (an account, a payment channel) needs the site from the caller.
   */
  async function openFromAlert(rc: RequestContext, alertId: string, siteId?: string): Promise<{ incident: Incident; opened: boolean }> {
    requirePermission(rc.actor, 'incidents:create');
    requirePermission(rc.actor, 'alerts:read');
    const [alert] = await alertBriefs(k, [alertId]);
    const groupKey = await incidentsRepository.alertGroupKey(k, alertId);
    if (!alert || groupKey === null || (alert.siteId === null ? rc.actor.siteIds !== null : !canSeeSite(rc.actor, alert.siteId))) {
      throw invalidFields([fieldProblem('alertId', 'unknownAlert', { alert: alertId })]);
    }
    const site = alert.siteId ?? siteId;
    const where = [alert.siteName, alert.deviceName ?? alert.deviceCode].filter(Boolean).join(' ');
    const opening: OpenIncidentInput | null = site ? {
      title: (where ? `${alert.name} · ${where}` : alert.name).slice(0, TITLE_LIMIT),
      description: alert.summary ?? '',
      siteId: site,
      ...(alert.deviceId && alert.siteId === site && { deviceId: alert.deviceId }),
      ...(alert.subsystem && { subsystem: alert.subsystem }),
      ...GRADE_OF_LEVEL[alert.level],
      level: alert.level,
      source: 'alert',
      sourceRef: groupKey,
      alertIds: [alertId],
    } : null;
    if (opening) await checkOpening(rc, opening);
    // The button and the alert intake may ask at the same instant (on several nodes): the group's open incident is
    // looked for and opened under one lock, so the second finds the first's incident instead of opening another.
    const { row, opened } = await k.transaction().execute(async (trx) => {
      await lockUntilCommit(trx, db.dialect, LOCK_KEYS.incidentFromAlert);
      const existing = await incidentsRepository.findOpenBySource(trx, 'alert', groupKey, OPEN_STATES);
      if (existing && canSeeSite(rc.actor, existing.site_id)) {
        requirePermission(rc.actor, 'incidents:write');
        return { row: await linkAlertIn(trx, rc, existing, alertId, alert.name), opened: false };
      }
      if (!opening) throw invalidFields([fieldProblem('siteId', 'required')]);
      return { row: await openIn(trx, rc, opening), opened: true };
    });
    return { incident: (await toIncidentViews(k, [row], clock.now(), sla))[0]!, opened };
  }

  return {
    open,
    openFromAlert,

    /** A child alert joins the open incidents its topology parent is linked to (the alert intake). */
    async linkToIncidentsOf(parentAlertId: string, alertId: string): Promise<void> {
      for (const { incident_id } of await incidentsRepository.incidentsOfAlert(k, parentAlertId)) {
        const row = await incidentsRepository.findById(k, incident_id);
        if (row && OPEN_STATES.includes(row.state as (typeof OPEN_STATES)[number])) await linkAlert(SYSTEM, incident_id, alertId);
      }
    },

    /**
     * A page of the list. `freshness.until`, when given, comes back lowered to the instant the same page would first
     * read differently with no incident changed: SLA minutes and standings and major-incident reminders move with time,
     * and with an SLA filter so does which incidents are on it.
     */
    async list(rc: RequestContext, query: Omit<IncidentListQuery, 'cursor' | 'limit'>, page: ListRequest, freshness?: Freshness) {
      requirePermission(rc.actor, 'incidents:read');
      const now = clock.now();
      const filter: IncidentFilter = { onlySiteIds: rc.actor.siteIds, ...listFilter(rc, query), ...(query.sla && { sla: { standing: query.sla, now } }) };
      if (freshness && query.sla) freshness.until = now;
      return cursorPage(INCIDENTS_ORDER, page, (p) => incidentsRepository.list(k, filter, p), (rows) => toIncidentViews(k, rows, now, sla, freshness));
    },

    /** The incidents' version: moves on with every change to any incident committed on any node (its incident.changed). */
    version: (): Promise<number> => events.latestOf('incident.changed'),

    async get(rc: RequestContext, id: string): Promise<IncidentDetail> {
      requirePermission(rc.actor, 'incidents:read');
      const row = await visible(k, rc, id);
      const [timeline, alerts, attachments, settings, actor] = await Promise.all([
        incidentsRepository.timeline(k, id, TIMELINE_LIMIT),
        incidentsRepository.linkedAlerts(k, id),
        incidentsRepository.attachments(k, id),
        loadIncidentSettings(k),
        workflowActor(k, rc),
      ]);
      const now = clock.now();
      const briefs = new Map((await alertBriefs(k, alerts.map((a) => a.alert_id))).map((b) => [b.id, b]));
      return {
        incident: (await toIncidentViews(k, [row], now, sla))[0]!,
        timeline: await toTimelineItems(k, timeline),
        alerts: alerts.map((a) => {
          const brief = briefs.get(a.alert_id);
          return { alertId: a.alert_id, linkedAt: toIso(a.linked_at), title: brief?.name ?? null, state: brief?.state ?? null, level: brief?.level ?? null };
        }),
        attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size, sha256: a.sha256, source: a.source, createdAt: toIso(a.created_at) })),
        actions: availableActions(toWorkflowIncident(row), actor, now, settings.workflow),
      };
    },

    async transition(rc: RequestContext, id: string, body: TransitionBody): Promise<Incident> {
      requirePermission(rc.actor, 'incidents:read');
      const after = await move(rc, id, body as TransitionRequest);
      return (await toIncidentViews(k, [after], clock.now(), sla))[0]!;
    },

    /**
     * Who to dispatch to: the people each duty roster has on duty now (and its leader on duty), named, for the
     * assign dialog's first choices (C5.4: "the on-duty engineer suggested from the roster").
     */
    /** Who was told about the incident (its notices, a plan's messages) and how each fared: anyone who sees the incident. */
    async notifications(rc: RequestContext, id: string, page: ListRequest) {
      requirePermission(rc.actor, 'incidents:read');
      await visible(k, rc, id);
      return incidentReceipts(k, id, page);
    },

    async onDuty(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'incidents:assign');
      await visible(k, rc, id);
      const rosters = await onDutyInEveryRoster(k, clock.now());
      const ids = [...new Set(rosters.flatMap((r) => [...r.userIds, ...(r.leaderUserId ? [r.leaderUserId] : [])]))];
      const { users } = await incidentsRepository.names(k, ids, []);
      const person = (userId: string) => ({ userId, name: users.get(userId) ?? userId });
      return { items: rosters.map((r) => ({ rosterId: r.rosterId, rosterName: r.name, people: r.userIds.map(person), leader: r.leaderUserId ? person(r.leaderUserId) : null })) };
    },

    /** For jobs and intake: a move made by opsdesk itself (auto-close, a client's mail reply resuming it). */
    move,

    async comment(rc: RequestContext, id: string, text: string): Promise<Incident> {
      requireTimelineAccess(rc);
      await visible(k, rc, id);
      const row = await k.transaction().execute(async (trx) => {
        const current = await visible(trx, rc, id);
        const now = clock.now();
        await note(trx, rc, current, 'comment', { text: text.trim() }, now);
        await audit.append(trx, rc, { action: 'incident.comment', targetType: 'incident', targetId: id, after: { length: text.length } });
        return (await incidentsRepository.findById(trx, id))!;
      });
      return (await toIncidentViews(k, [row], clock.now(), sla))[0]!;
    },

    linkAlert,

    /** The SLA sweep (every minute): each target's warning and breach, told once on the timeline and the stream. */
    async sweepSla(): Promise<number> {
      const now = clock.now();
      let told = 0;
      for (const due of await sla.due(k, now, SWEEP_LIMIT)) {
        await k.transaction().execute(async (trx) => {
          const marked = await sla.mark(trx, due.incidentId, due.clock, now);
          const row = marked && (await incidentsRepository.findById(trx, due.incidentId));
          if (!marked || !row) return;
          await note(trx, SYSTEM, row, marked.notice === 'breach' ? 'sla_breach' : 'sla_warning', { clock: due.clock, dueAt: toIso(marked.dueAt) }, now);
          await notices.onSla(trx, row, due.clock as SlaClock, marked.notice === 'breach' ? 'breach' : 'warning', marked.dueAt, now);
          told++;
        });
      }
      return told;
    },

    /**
     * Major-incident reminders (every minute): when an open major incident's update to the client is due
     * (MajorIncidentPolicy.communicationEveryMinutes after the declaration or the last update), a line on its timeline
     * and the live stream, once per due instant, until someone communicates.
     */
    async remindMajor(): Promise<number> {
      const now = clock.now();
      const { workflow } = await loadIncidentSettings(k);
      let reminded = 0;
      for (const row of await incidentsRepository.openMajor(k, OPEN_STATES)) {
        const steps = majorIncidentSteps(toWorkflowIncident(row), workflow.major, now);
        if (!steps?.communicationOverdue || steps.communicationDueAt === null) continue;
        const dueAt = toIso(steps.communicationDueAt);
        await k.transaction().execute(async (trx) => {
          const last = await incidentsRepository.lastNote(trx, row.id, 'communication_due');
          if (last && (JSON.parse(last.details) as { dueAt?: string }).dueAt === dueAt) return;
          const current = await incidentsRepository.findById(trx, row.id);
          if (!current) return;
          await note(trx, SYSTEM, current, 'communication_due', { dueAt }, now);
          reminded++;
        });
      }
      return reminded;
    },

    /**
     * Auto-close (hourly): resolved incidents nobody confirmed within the policy's days are closed by opsdesk. The
     * workflow's guard keeps a major incident without its review open; it is asked again next hour.
     */
    async autoClose(): Promise<number> {
      const days = (await loadIncidentSettings(k)).workflow.autoCloseAfterDays;
      if (days === 0) return 0;
      let closed = 0;
      for (const { id } of await incidentsRepository.resolvedBefore(k, clock.now() - days * DAY_MS, SWEEP_LIMIT)) {
        try {
          await move(SYSTEM, id, { kind: 'auto_close' });
          closed++;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }
      return closed;
    },

    note,
    visible,
  };
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;

function reasonOf(request: TransitionRequest): string | null {
  switch (request.kind) {
    case 'reassign':
      return request.reason ?? null;
    case 'reopen':
    case 'escalate':
    case 'declare_major':
      return request.reason;
    default:
      return null;
  }
}


function listFilter(rc: RequestContext, q: Omit<IncidentListQuery, 'cursor' | 'limit'>): Omit<IncidentFilter, 'onlySiteIds'> {
  const states = q.state === 'open' ? [...OPEN_STATES] : listValues(q.state, 'state', INCIDENT_STATES, (s) => s as IncidentState);
  const levels = listValues(q.level, 'level', [1, 2, 3], Number);
  const number = q.q ? parseRecordNumber('INC', q.q) : null;
  return {
    ...(states && { states }),
    ...(levels && { levels }),
    ...(q.site && { siteId: q.site }),
    ...(q.assignee && { assigneeUserId: q.assignee === 'me' ? (rc.actor.userId ?? '-') : q.assignee }),
    ...(q.source && { source: q.source }),
    ...(number !== null ? { number } : q.q?.trim() ? { titleWords: q.q.trim() } : {}),
  };
}
