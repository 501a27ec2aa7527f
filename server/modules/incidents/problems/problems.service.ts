import { toIso, toIsoOrNull } from '../../../clock.ts';
import type { Executor } from '../../../db/types.ts';
import { ConflictError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields } from '../../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../../http/cursor.ts';
import { listValues } from '../../../http/list-values.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type RequestContext } from '../../auth/index.ts';
import { incidentsRepository } from '../incidents.repository.ts';
import type { IncidentsService } from '../incidents.service.ts';
import type { ProblemsTable } from '../incidents.tables.ts';
import { formatIncidentNumber } from '../intake/mail/incident-number.ts';
import type { IncidentState } from '../workflow/model.ts';
import { DAY_MS } from '../workflow/policy.ts';
import { formatProblemNumber, parseProblemNumber } from './problem-number.ts';
import { checkProblemMove, NEEDS_ROOT_CAUSE, PROBLEM_STATES, type ProblemState } from './problem-states.ts';
import type { CreateProblemBody, Problem, ProblemDetail, ProblemListQuery, Suggestions, UpdateProblemBody } from './problems.schemas.ts';
import { PROBLEMS_ORDER, problemsRepository, type ProblemFilter, type ProblemScope } from './problems.repository.ts';

/** Suggestions look this far back for incidents closed with the same cause. */
export const SUGGESTION_DAYS = 90;
const SUGGESTION_LIMIT = 50;
/** How many times creating retries when another node took the same number at the same instant (PostgreSQL). */
const NUMBER_ATTEMPTS = 5;

type IncidentBriefRow = { id: string; number: number; title: string; state: string; site_id: string; device_id: string | null; cause_category: string | null; closed_at: number | null };
const brief = (r: IncidentBriefRow) => ({
  id: r.id,
  ref: formatIncidentNumber(Number(r.number)),
  title: r.title,
  state: r.state as IncidentState,
  siteId: r.site_id,
  deviceId: r.device_id,
  causeCategory: r.cause_category,
  closedAt: toIsoOrNull(r.closed_at === null ? null : Number(r.closed_at)),
});

/**
 * Problem records (问题管理, SPEC C5.6): what several incidents have in common, its root cause and workaround, and the
 * permanent fix, tracked open → known_error → resolved → closed. Incidents are linked to them (a timeline line on
 * each), and a problem suggests the incidents closed lately with the same cause at the same device or kind of device.
 * Reading needs incidents:read; writing is the dispatchers' (incidents:assign).
 */
export function createProblemsService(ctx: ModuleContext, deps: { incidents: Pick<IncidentsService, 'visible' | 'note'> }) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;
  const { incidents } = deps;

  const scopeOf = (rc: RequestContext): ProblemScope => ({ onlySiteIds: rc.actor.siteIds, userId: rc.actor.userId });

  async function toViews(executor: Executor, rows: readonly ProblemsTable[]): Promise<Problem[]> {
    const [counts, owners] = await Promise.all([
      problemsRepository.incidentCounts(executor, rows.map((r) => r.id)),
      incidentsRepository.names(executor, [...new Set(rows.flatMap((r) => (r.owner_id ? [r.owner_id] : [])))], []).then((n) => n.users),
    ]);
    return rows.map((r) => ({
      id: r.id,
      number: Number(r.number),
      ref: formatProblemNumber(Number(r.number)),
      title: r.title,
      description: r.description,
      state: r.state,
      rootCause: r.root_cause,
      workaround: r.workaround,
      owner: r.owner_id ? { id: r.owner_id, name: owners.get(r.owner_id) ?? r.owner_id } : null,
      incidentCount: counts.get(r.id) ?? 0,
      version: Number(r.version),
      createdAt: toIso(Number(r.created_at)),
      updatedAt: toIso(Number(r.updated_at)),
    }));
  }

  async function visibleProblem(executor: Executor, rc: RequestContext, id: string): Promise<ProblemsTable> {
    const row = await problemsRepository.visible(executor, id, scopeOf(rc));
    if (!row) throw new NotFoundError('Problem', id);
    return row;
  }

  async function detail(executor: Executor, rc: RequestContext, row: ProblemsTable): Promise<ProblemDetail> {
    const [problem] = await toViews(executor, [row]);
    const linked = await problemsRepository.linkedIncidents(executor, row.id, rc.actor.siteIds);
    return { problem: problem!, incidents: linked.map((r) => ({ ...brief(r), linkedAt: toIso(Number(r.linked_at)) })) };
  }

  async function checkOwner(executor: Executor, ownerId: string | null | undefined): Promise<void> {
    if (ownerId && !(await problemsRepository.isActiveUser(executor, ownerId))) throw invalidFields([fieldProblem('ownerId', 'unknownUser', { user: ownerId })]);
  }

  async function insertNumbered(trx: Executor, row: Omit<ProblemsTable, 'number'>): Promise<ProblemsTable> {
    for (let attempt = 1; ; attempt++) {
      const numbered = { ...row, number: await problemsRepository.nextNumber(trx) };
      try {
        await problemsRepository.insert(trx, numbered);
        return numbered;
      } catch (error) {
        // Two nodes numbering at once: the loser reads the new maximum and tries again.
        if (attempt >= NUMBER_ATTEMPTS || !String((error as Error).message).match(/unique|duplicate/i)) throw error;
      }
    }
  }

  /** Links or unlinks one incident: a line on the incident's timeline and the problem.link record, in one transaction. */
  async function setLink(rc: RequestContext, problemId: string, incidentId: string, linked: boolean): Promise<ProblemDetail> {
    requirePermission(rc.actor, 'incidents:assign');
    return k.transaction().execute(async (trx) => {
      const problem = await visibleProblem(trx, rc, problemId);
      const incident = await incidents.visible(trx, rc, incidentId).catch((error: unknown) => {
        if (error instanceof NotFoundError) throw linked ? invalidFields([fieldProblem('incidentId', 'unknownIncident', { incident: incidentId })]) : error;
        throw error;
      });
      const now = clock.now();
      let changed: boolean;
      if (linked) {
        if (problem.state === 'closed') throw new ConflictError('The problem is closed: reopen work on a new problem, or link to another', 'PROBLEM_CLOSED');
        changed = await problemsRepository.link(trx, problemId, incidentId, now);
      } else {
        changed = await problemsRepository.unlink(trx, problemId, incidentId);
        if (!changed) throw new NotFoundError('Link of the problem to incident', incidentId);
      }
      const ref = formatProblemNumber(Number(problem.number));
      if (changed) await incidents.note(trx, rc, incident, 'problem_linked', { problemId, problemRef: ref, title: problem.title, linked }, now);
      await audit.append(trx, rc, { action: 'problem.link', targetType: 'problem', targetId: problemId, after: { ref, incidentId, incidentRef: formatIncidentNumber(incident.number), linked, changed } });
      return detail(trx, rc, problem);
    });
  }

  return {
    async create(rc: RequestContext, body: CreateProblemBody): Promise<ProblemDetail> {
      requirePermission(rc.actor, 'incidents:assign');
      await checkOwner(k, body.ownerId);
      return k.transaction().execute(async (trx) => {
        const now = clock.now();
        const row = await insertNumbered(trx, {
          id: newId(),
          title: body.title.trim(),
          description: (body.description ?? '').trim(),
          state: 'open',
          root_cause: body.rootCause?.trim() || null,
          workaround: body.workaround?.trim() || null,
          owner_id: body.ownerId ?? null,
          version: 1,
          created_by: rc.actor.userId,
          created_at: now,
          updated_at: now,
        });
        const view = await detail(trx, rc, row);
        await audit.append(trx, rc, { action: 'problem.create', targetType: 'problem', targetId: row.id, after: view.problem });
        return view;
      });
    },

    async list(rc: RequestContext, query: Omit<ProblemListQuery, 'cursor' | 'limit'>, page: ListRequest) {
      requirePermission(rc.actor, 'incidents:read');
      const states = listValues(query.state, 'state', PROBLEM_STATES, (s) => s as ProblemState);
      const number = query.q ? parseProblemNumber(query.q) : null;
      const filter: ProblemFilter = {
        ...scopeOf(rc),
        ...(states && { states }),
        ...(query.owner && { ownerId: query.owner === 'me' ? (rc.actor.userId ?? '-') : query.owner }),
        ...(number !== null ? { number } : query.q?.trim() ? { titleWords: query.q.trim() } : {}),
      };
      return cursorPage(PROBLEMS_ORDER, page, (p) => problemsRepository.list(k, filter, p), (rows) => toViews(k, rows));
    },

    async get(rc: RequestContext, id: string): Promise<ProblemDetail> {
      requirePermission(rc.actor, 'incidents:read');
      return detail(k, rc, await visibleProblem(k, rc, id));
    },

    async update(rc: RequestContext, id: string, body: UpdateProblemBody): Promise<ProblemDetail> {
      requirePermission(rc.actor, 'incidents:assign');
      await checkOwner(k, body.ownerId);
      return k.transaction().execute(async (trx) => {
        const row = await visibleProblem(trx, rc, id);
        if (row.state === 'closed') throw new ConflictError('The problem is closed and cannot be changed', 'PROBLEM_CLOSED');
        const state = body.state ?? row.state;
        checkProblemMove(row.state, state);
        const text = (value: string | null | undefined, current: string | null) => (value === undefined ? current : value?.trim() || null);
        const rootCause = text(body.rootCause, row.root_cause);
        if (state !== row.state && NEEDS_ROOT_CAUSE.includes(state) && !rootCause) throw invalidFields([fieldProblem('rootCause', 'required')]);
        const before = (await toViews(trx, [row]))[0]!;
        const after = await problemsRepository.updateIfVersion(trx, id, body.version, {
          ...(body.title !== undefined && { title: body.title.trim() }),
          ...(body.description !== undefined && { description: body.description.trim() }),
          state,
          root_cause: rootCause,
          workaround: text(body.workaround, row.workaround),
          ...(body.ownerId !== undefined && { owner_id: body.ownerId }),
          updated_at: clock.now(),
        });
        if (!after) throw new ConflictError('The problem changed meanwhile: reload it and try again', 'PROBLEM_CHANGED', { version: Number(row.version) });
        const view = await detail(trx, rc, after);
        await audit.append(trx, rc, { action: 'problem.update', targetType: 'problem', targetId: id, before, after: view.problem });
        return view;
      });
    },

    link: (rc: RequestContext, problemId: string, incidentId: string) => setLink(rc, problemId, incidentId, true),
    unlink: (rc: RequestContext, problemId: string, incidentId: string) => setLink(rc, problemId, incidentId, false),

    /**
     * Candidates for a problem around one incident: incidents of the caller's sites closed in the last 90 days with
     * the same cause category, at the same device or one of the same type (an incident of no device: the same
     * subsystem). An incident with no cause yet has none.
     */
    async suggestions(rc: RequestContext, incidentId: string): Promise<Suggestions> {
      requirePermission(rc.actor, 'incidents:read');
      const incident = await incidents.visible(k, rc, incidentId);
      const now = clock.now();
      const closedSince = now - SUGGESTION_DAYS * DAY_MS;
      const deviceType = incident.device_id ? await problemsRepository.deviceType(k, incident.device_id) : null;
      const basis = {
        incidentId,
        causeCategory: incident.cause_category,
        deviceId: incident.device_id,
        deviceType,
        subsystem: incident.device_id ? null : incident.subsystem,
        closedSince: toIso(closedSince),
      };
      if (!incident.cause_category) return { basis, items: [] };
      const rows = await problemsRepository.similarClosed(k, {
        excludeId: incidentId,
        causeCategory: incident.cause_category,
        closedSince,
        deviceId: incident.device_id,
        deviceType,
        subsystem: basis.subsystem,
        onlySiteIds: rc.actor.siteIds,
        limit: SUGGESTION_LIMIT,
      });
      const refs = await problemsRepository.problemRefsOf(k, rows.map((r) => r.id));
      return { basis, items: rows.map((r) => ({ ...brief(r), problems: (refs.get(r.id) ?? []).map(formatProblemNumber) })) };
    },
  };
}

export type ProblemsService = ReturnType<typeof createProblemsService>;
