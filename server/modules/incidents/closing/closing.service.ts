import { toIso, toIsoOrNull } from '../../../clock.ts';
import type { Executor } from '../../../db/types.ts';
import { ConflictError, DomainError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../../field-problems.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type RequestContext } from '../../auth/index.ts';
import { bookSpareMovement, type BookedSpareMovement } from '../../estate/index.ts';
import { MASKS } from '../../personal/index.ts';
import { incidentsRepository } from '../incidents.repository.ts';
import type { IncidentsService } from '../incidents.service.ts';
import type { IncidentsTable } from '../incidents.tables.ts';
import { formatIncidentNumber } from '../intake/mail/incident-number.ts';
import { formatProblemNumber } from '../problems/problem-number.ts';
import { closingRepository } from './closing.repository.ts';
import type { FaultRecord, RootCause, RootCauseBody, UsedPart, UsePartsBody } from './closing.schemas.ts';
import { renderFaultRecordHtml } from './fault-record.html.ts';

/** Parts are booked while the incident is worked on or just resolved; once the client confirmed, the record is settled. */
const PARTS_CLOSED_STATES: readonly IncidentsTable['state'][] = ['confirmed', 'closed'];

export const parseRootCause = (text: string | null): RootCause | null => (text ? (JSON.parse(text) as RootCause) : null);

/**
 * Closing an incident (SPEC C5.6–C5.7): the root-cause analysis (5 whys and the fishbone), the spare parts it used —
 * booked against estate's stock in the incident's own transaction, so stock, timeline and audit commit together or
 * not at all — and the fault record in the seeds' format, as JSON and as a printable page.
 */
export function createClosingService(ctx: ModuleContext, deps: { incidents: Pick<IncidentsService, 'visible' | 'note'> }) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;
  const { incidents } = deps;

  async function usedParts(executor: Executor, incidentId: string): Promise<UsedPart[]> {
    return (await closingRepository.partsOf(executor, incidentId)).map((p) => ({
      id: p.id,
      partId: p.part_id,
      sku: p.sku,
      name: p.name,
      unit: p.unit,
      warehouse: p.warehouse,
      quantity: Number(p.quantity),
      movementId: p.movement_id,
      by: p.display_name || p.username || null,
      at: toIso(Number(p.at)),
    }));
  }

  /** The current row, re-read after a note moved its version (each note bumps it). */
  const reread = async (trx: Executor, id: string): Promise<IncidentsTable> => (await incidentsRepository.findById(trx, id))!;

  return {
    async setRootCause(rc: RequestContext, id: string, body: RootCauseBody) {
      requirePermission(rc.actor, 'incidents:write');
      const rootCause: RootCause = {
        whys: body.whys.map((w) => w.trim()),
        fishbone: {
          man: tidy(body.fishbone.man),
          machine: tidy(body.fishbone.machine),
          material: tidy(body.fishbone.material),
          method: tidy(body.fishbone.method),
          environment: tidy(body.fishbone.environment),
          measurement: tidy(body.fishbone.measurement),
        },
        summary: body.summary.trim(),
      };
      const problems: FieldProblem[] = [
        ...rootCause.whys.flatMap((w, i) => (w === '' ? [fieldProblem(`whys.${i}`, 'required')] : [])),
        ...(rootCause.summary === '' ? [fieldProblem('summary', 'required')] : []),
      ];
      if (problems.length) throw invalidFields(problems);
      await incidents.visible(k, rc, id);
      return k.transaction().execute(async (trx) => {
        const row = await incidents.visible(trx, rc, id);
        const before = parseRootCause(row.root_cause);
        const now = clock.now();
        const written = await incidentsRepository.updateIfVersion(trx, id, body.version, { root_cause: JSON.stringify(rootCause), updated_at: now });
        if (!written) throw new ConflictError('The incident changed meanwhile: reload it and try again', 'INCIDENT_CHANGED', { version: row.version });
        await incidents.note(trx, rc, written, 'root_cause', { summary: rootCause.summary, whys: rootCause.whys.length }, now);
        await audit.append(trx, rc, { action: 'incident.root_cause', targetType: 'incident', targetId: id, before, after: rootCause });
        return { incidentId: id, rootCause, version: (await reread(trx, id)).version };
      });
    },

    async useParts(rc: RequestContext, id: string, body: UsePartsBody) {
      requirePermission(rc.actor, 'incidents:write');
      const seen = new Map<string, number>();
      const repeated = body.parts.flatMap((p, i) => {
        const key = `${p.partId}\u0000${p.warehouse}`;
        const first = seen.get(key);
        seen.set(key, first ?? i);
        return first === undefined ? [] : [fieldProblem(`parts.${i}`, 'duplicateValue', { value: `${p.partId} @ ${p.warehouse}` })];
      });
      if (repeated.length) throw invalidFields(repeated);
      await incidents.visible(k, rc, id);
      return k.transaction().execute(async (trx) => {
        const row = await incidents.visible(trx, rc, id);
        if (PARTS_CLOSED_STATES.includes(row.state)) {
          throw new ConflictError(`Parts cannot be booked on a ${row.state} incident: reopen it first`, 'INCIDENT_PARTS_CLOSED', { state: row.state });
        }
        const ref = formatIncidentNumber(row.number);
        const now = clock.now();
        const booked: BookedSpareMovement[] = [];
        for (const [i, line] of body.parts.entries()) {
          const movement = await bookSpareMovement(trx, {
            partId: line.partId,
            warehouse: line.warehouse,
            delta: -line.quantity,
            reason: `${ref} 故障处理领用`,
            incidentRef: ref,
            actorName: rc.actor.username,
            at: now,
          }).catch((error: unknown) => {
            if (error instanceof NotFoundError) throw invalidFields([fieldProblem(`parts.${i}.partId`, 'unknownSparePart', { part: line.partId })]);
            throw error;
          });
          await closingRepository.insertPart(trx, { id: newId(), incident_id: id, part_id: line.partId, warehouse: line.warehouse, quantity: line.quantity, movement_id: movement.movementId, by: rc.actor.userId, at: now });
          booked.push(movement);
        }
        const lines = booked.map((m) => ({ partId: m.partId, sku: m.sku, name: m.name, warehouse: m.warehouse, quantity: -m.delta, unit: m.unit }));
        await incidents.note(trx, rc, row, 'part_used', { parts: lines }, now);
        await audit.append(trx, rc, {
          action: 'incident.use_part',
          targetType: 'incident',
          targetId: id,
          // The movements as estate's own audit record would tell them: the reorder alert reads the threshold facts.
          after: {
            ref,
            parts: booked.map((m) => ({ partId: m.partId, sku: m.sku, movementId: m.movementId, warehouse: m.warehouse, delta: m.delta, quantityAfter: m.quantityAfter, total: m.total, reorderThreshold: m.reorderThreshold, belowThreshold: m.belowThreshold, reachedThreshold: m.reachedThreshold })),
          },
        });
        return { incidentId: id, parts: await usedParts(trx, id), version: (await reread(trx, id)).version };
      });
    },

    async parts(rc: RequestContext, id: string): Promise<UsedPart[]> {
      requirePermission(rc.actor, 'incidents:read');
      await incidents.visible(k, rc, id);
      return usedParts(k, id);
    },

    /**
     * The fault record. JSON carries personal fields whole and the response schema masks them (or not, when the
     * caller unmasked with a reason); the page masks them here, as no schema passes over HTML — `unmasked` says the
     * HTTP layer allowed and audited unmasking for this request.
     */
    async faultRecord(rc: RequestContext, id: string, options: { unmasked?: boolean } = {}): Promise<{ record: FaultRecord; html: string }> {
      requirePermission(rc.actor, 'incidents:read');
      const row = await incidents.visible(k, rc, id);
      const [site, device, cause, targets, problems, parts, names] = await Promise.all([
        closingRepository.site(k, row.site_id),
        row.device_id ? closingRepository.device(k, row.device_id) : undefined,
        row.cause_category ? closingRepository.cause(k, row.cause_category) : undefined,
        closingRepository.slaTargets(k, id),
        closingRepository.problemsOf(k, id),
        usedParts(k, id),
        incidentsRepository.names(k, [row.assignee_user_id, row.resolved_by].filter((u): u is string => u !== null), row.assignee_team_id ? [row.assignee_team_id] : []),
      ]);
      if (!site) throw new DomainError(500, 'INTERNAL', `incident ${id} names a site that does not exist`);
      const order = ['respond', 'on_site', 'resolve'];
      const respond = targets.find((t) => t.clock === 'respond');
      const party = (userId: string | null, teamId: string | null = null) =>
        userId ? { id: userId, name: names.users.get(userId) ?? userId } : teamId ? { id: teamId, name: names.teams.get(teamId) ?? teamId } : null;
      const record: FaultRecord = {
        ref: formatIncidentNumber(row.number),
        title: row.title,
        site: { id: site.id, code: site.code, name: site.name },
        device: device ? { id: device.id, code: device.code, name: device.name, type: device.type } : null,
        subsystem: row.subsystem,
        source: row.source,
        reporterName: row.reporter_name,
        reporterPhone: row.reporter_phone,
        reporterEmail: row.reporter_email,
        occurredAt: toIso(row.created_at),
        symptom: row.description,
        level: row.level,
        impact: row.impact,
        urgency: row.urgency,
        major: row.major_declared_at !== null,
        state: row.state,
        assignee: party(row.assignee_user_id, row.assignee_team_id),
        resolvedBy: party(row.resolved_by),
        respondedAt: toIsoOrNull(respond?.stopped_at === undefined ? null : nullableNumber(respond.stopped_at)),
        arrivedAt: toIsoOrNull(row.first_check_in_at),
        resolvedAt: toIsoOrNull(row.resolved_at),
        confirmedAt: toIsoOrNull(row.confirmed_at),
        closedAt: toIsoOrNull(row.closed_at),
        causeCategory: cause ? { code: cause.code, nameZh: cause.name_zh, nameEn: cause.name_en } : null,
        fix: row.fix,
        rootCause: parseRootCause(row.root_cause),
        parts,
        firstTimeFix: row.resolved_at !== null || row.closed_at !== null ? row.reopen_count === 0 : null,
        reopenCount: row.reopen_count,
        satisfaction: row.satisfaction,
        review: row.review_summary,
        sla: [...targets]
          .sort((a, b) => order.indexOf(a.clock) - order.indexOf(b.clock))
          .map((t) => ({ clock: t.clock, dueAt: toIso(Number(t.due_at)), stoppedAt: toIsoOrNull(nullableNumber(t.stopped_at)), met: t.met === null ? null : Number(t.met) === 1 })),
        problems: problems.map((p) => ({ id: p.id, ref: formatProblemNumber(Number(p.number)), title: p.title, state: p.state })),
        generatedAt: toIso(clock.now()),
      };
      const shown = options.unmasked ? record : masked(record);
      return { record, html: renderFaultRecordHtml(shown, site.timezone) };
    },
  };
}

export type ClosingService = ReturnType<typeof createClosingService>;

const tidy = (items: readonly string[]): string[] => items.map((s) => s.trim()).filter((s) => s !== '');
const nullableNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

/** The record's personal fields as the API's masks show them (personal/mask.ts). */
function masked(record: FaultRecord): FaultRecord {
  const mask = (kind: 'name' | 'phone' | 'email', value: string | null) => (value ? MASKS[kind](value) : value);
  return { ...record, reporterName: mask('name', record.reporterName), reporterPhone: mask('phone', record.reporterPhone), reporterEmail: mask('email', record.reporterEmail) };
}
