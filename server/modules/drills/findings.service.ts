import { toIso, toIsoOrNull } from '../../clock.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../field-problems.ts';
import { cursorPage, type CursorPage, type ListRequest } from '../../http/cursor.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { DEFAULT_ZONE, isCalendarDate, localDateOf } from '../calendar/index.ts';
import type { DrillsContext, Person } from './drills.context.ts';
import { drillsRepository, FINDING_ORDER, type FindingFilter } from './drills.repository.ts';
import type { CreateFindingBody, Finding, UpdateFindingBody } from './drills.schemas.ts';
import type { DrillFindingsTable, DrillRunsTable } from './drills.tables.ts';

/** Findings one drill may hold: a report is read by people, and a drill with more has other problems. */
export const MAX_FINDINGS_PER_RUN = 200;

/**
 * A drill's findings and their follow-up actions (SPEC C6.3): what went wrong or was learnt, how bad (low, medium,
 * high), the action that follows with its owner and due date, open until done. Written by the drill's participants
 * and owner or by holders of plans:write, on a drill that has started (not on a cancelled one).
 */
export function createFindingsService(ctx: ModuleContext, dc: DrillsContext) {
  const { clock, audit } = ctx;
  const { k } = dc;

  /** Overdue: open, and its due date is before today on the site clock (Asia/Shanghai: drills are a campus's). */
  const today = () => localDateOf(clock.now(), DEFAULT_ZONE);

  async function views(rows: DrillFindingsTable[]): Promise<Finding[]> {
    const people = await dc.people(rows.map((r) => r.owner_id));
    const now = today();
    return rows.map((r) => view(r, people, now));
  }

  function view(r: DrillFindingsTable, people: Map<string, Person>, now: string): Finding {
    return {
      id: r.id,
      runId: r.run_id,
      stepKey: r.step_key,
      text: r.text,
      severity: r.severity,
      action: r.action,
      owner: dc.personOf(people, r.owner_id),
      dueDate: r.due_date,
      overdue: r.status === 'open' && r.due_date !== null && r.due_date < now,
      status: r.status,
      doneAt: toIsoOrNull(r.done_at),
      doneBy: r.done_by,
      version: r.version,
      createdBy: r.created_by,
      createdAt: toIso(r.created_at),
      updatedAt: toIso(r.updated_at),
    };
  }

  async function check(runId: string, f: { stepKey?: string | null | undefined; ownerId?: string | null | undefined; dueDate?: string | null | undefined }) {
    const problems: FieldProblem[] = [];
    if (typeof f.dueDate === 'string' && !isCalendarDate(f.dueDate)) problems.push(fieldProblem('dueDate', 'calendarDate'));
    if (f.ownerId !== undefined) problems.push(...(await dc.peopleProblems([f.ownerId], 'ownerId', true)));
    if (typeof f.stepKey === 'string' && !(await drillsRepository.step(k, runId, f.stepKey))) problems.push(fieldProblem('stepKey', 'enum', { allowedValues: "a step key of this drill" }));
    if (problems.length > 0) throw invalidFields(problems);
  }

  const notCancelled = (run: DrillRunsTable) => {
    if (run.state === 'cancelled') throw new ConflictError('The drill was cancelled: it takes no findings', 'DRILL_RUN_STATE', { state: run.state });
  };

  async function visibleFinding(rc: RequestContext, id: string) {
    const finding = await drillsRepository.findFinding(k, id);
    if (!finding) throw new NotFoundError('Drill finding', id);
    const run = await dc.visibleRun(rc, finding.run_id).catch(() => {
      throw new NotFoundError('Drill finding', id);
    });
    return { finding, run };
  }

  return {
    async list(rc: RequestContext, filter: FindingFilter, page: ListRequest): Promise<CursorPage<Finding>> {
      requirePermission(rc.actor, 'plans:read');
      if (filter.runId) await dc.visibleRun(rc, filter.runId);
      return cursorPage(FINDING_ORDER, page, (p) => drillsRepository.listFindings(k, filter, dc.scopeOf(rc), p), views);
    },

    /** A run's findings, oldest first, all of them (bounded by MAX_FINDINGS_PER_RUN): the report's. */
    async ofRun(runId: string): Promise<Finding[]> {
      return views(await drillsRepository.findingsOfRun(k, runId, MAX_FINDINGS_PER_RUN));
    },

    async create(rc: RequestContext, runId: string, body: CreateFindingBody): Promise<Finding> {
      requirePermission(rc.actor, 'plans:read');
      const run = await dc.visibleRun(rc, runId);
      dc.requireDrillWork(rc, run);
      notCancelled(run);
      await check(runId, body);
      const now = clock.now();
      const row: DrillFindingsTable = {
        id: newId(),
        run_id: runId,
        step_key: body.stepKey ?? null,
        text: body.text.trim(),
        severity: body.severity,
        action: body.action?.trim() || null,
        owner_id: body.ownerId ?? null,
        due_date: body.dueDate ?? null,
        status: 'open',
        done_at: null,
        done_by: null,
        version: 1,
        created_by: rc.actor.userId,
        created_at: now,
        updated_at: now,
      };
      await k.transaction().execute(async (trx) => {
        if ((await drillsRepository.countFindings(trx, runId)) >= MAX_FINDINGS_PER_RUN) {
          throw new ConflictError(`A drill holds at most ${MAX_FINDINGS_PER_RUN} findings`, 'DRILL_FINDINGS_FULL', { limit: MAX_FINDINGS_PER_RUN });
        }
        await drillsRepository.insertFinding(trx, row);
        await audit.append(trx, rc, { action: 'drill_finding.create', targetType: 'drill_run', targetId: runId, after: { finding: row.id, severity: row.severity, step: row.step_key, owner: row.owner_id, dueDate: row.due_date } });
      });
      return (await views([row]))[0]!;
    },

    async update(rc: RequestContext, id: string, body: UpdateFindingBody): Promise<Finding> {
      requirePermission(rc.actor, 'plans:read');
      const { finding, run } = await visibleFinding(rc, id);
      dc.requireDrillWork(rc, run);
      await check(run.id, body);
      const now = clock.now();
      const status = body.status ?? finding.status;
      const patch: Partial<DrillFindingsTable> = {
        ...(body.text !== undefined && { text: body.text.trim() }),
        ...(body.severity !== undefined && { severity: body.severity }),
        ...(body.action !== undefined && { action: body.action?.trim() || null }),
        ...(body.ownerId !== undefined && { owner_id: body.ownerId }),
        ...(body.dueDate !== undefined && { due_date: body.dueDate }),
        status,
        ...(status !== finding.status && (status === 'done' ? { done_at: now, done_by: rc.actor.userId } : { done_at: null, done_by: null })),
        updated_at: now,
      };
      let after: DrillFindingsTable | undefined;
      await k.transaction().execute(async (trx) => {
        after = await drillsRepository.updateFindingIfVersion(trx, id, body.version, patch);
        if (!after) throw new ConflictError('The finding changed meanwhile: reload it and try again', 'DRILL_FINDING_CHANGED', { version: finding.version });
        await audit.append(trx, rc, {
          action: 'drill_finding.update',
          targetType: 'drill_run',
          targetId: run.id,
          before: { finding: id, status: finding.status, severity: finding.severity, owner: finding.owner_id, dueDate: finding.due_date },
          after: { finding: id, status: after.status, severity: after.severity, owner: after.owner_id, dueDate: after.due_date },
        });
      });
      return (await views([after!]))[0]!;
    },

    async remove(rc: RequestContext, id: string, version: number): Promise<{ ok: true }> {
      requirePermission(rc.actor, 'plans:read');
      const { finding, run } = await visibleFinding(rc, id);
      dc.requireDrillWork(rc, run);
      await k.transaction().execute(async (trx) => {
        if (!(await drillsRepository.deleteFindingIfVersion(trx, id, version))) {
          throw new ConflictError('The finding changed meanwhile: reload it and try again', 'DRILL_FINDING_CHANGED', { version: finding.version });
        }
        await audit.append(trx, rc, { action: 'drill_finding.delete', targetType: 'drill_run', targetId: run.id, before: { finding: id, text: finding.text, severity: finding.severity, status: finding.status } });
      });
      return { ok: true };
    },
  };
}

export type FindingsService = ReturnType<typeof createFindingsService>;
