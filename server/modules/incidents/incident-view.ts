import type { Static } from '@sinclair/typebox';
import { toIso, toIsoOrNull } from '../../clock.ts';
import type { Executor } from '../../db/types.ts';
import type { Freshness } from '../../http/answer-cache.ts';
import { toWorkflowIncident } from './incident-row.ts';
import { incidentsRepository } from './incidents.repository.ts';
import type { Incident, TimelineItem } from './incidents.schemas.ts';
import type { IncidentsTable, IncidentTimelineTable } from './incidents.tables.ts';
import { formatIncidentNumber } from './intake/mail/incident-number.ts';
import { loadIncidentSettings } from './settings/settings.ts';
import type { SlaLedger } from './sla-ledger.ts';
import { majorIncidentSteps } from './grading/major.ts';
import type { ClockAction } from './workflow/clocks.ts';

/**
 * Incidents as the API shows them, a page at a time: the names of the assignees and the SLA standing of every
 * target are read for the whole page at once; a major incident's next update is due by the deployment's policy.
 */
export async function toIncidentViews(db: Executor, rows: readonly IncidentsTable[], now: number, sla: SlaLedger, freshness?: Freshness): Promise<Incident[]> {
  if (rows.length === 0) return [];
  const userIds = [...new Set(rows.flatMap((r) => (r.assignee_user_id ? [r.assignee_user_id] : [])))];
  const teamIds = [...new Set(rows.flatMap((r) => (r.assignee_team_id ? [r.assignee_team_id] : [])))];
  const [names, targets, settings] = await Promise.all([incidentsRepository.names(db, userIds, teamIds), sla.views(db, rows.map((r) => r.id), now, freshness), loadIncidentSettings(db)]);
  const major = settings.workflow.major;
  return rows.map((row) => {
    const steps = majorIncidentSteps(toWorkflowIncident(row), major, now);
    // communicationOverdue turns true just after the communication is due.
    if (freshness && steps?.communicationDueAt != null && now <= steps.communicationDueAt) freshness.until = Math.min(freshness.until, steps.communicationDueAt + 1);
    return {
      id: row.id,
      number: row.number,
      ref: formatIncidentNumber(row.number),
      title: row.title,
      description: row.description,
      siteId: row.site_id,
      deviceId: row.device_id,
      subsystem: row.subsystem,
      impact: row.impact,
      urgency: row.urgency,
      level: row.level,
      state: row.state,
      source: row.source,
      sourceRef: row.source_ref,
      reporterName: row.reporter_name,
      reporterPhone: row.reporter_phone,
      reporterEmail: row.reporter_email,
      assignee: row.assignee_user_id
        ? { kind: 'user' as const, id: row.assignee_user_id, name: names.users.get(row.assignee_user_id) ?? row.assignee_user_id }
        : row.assignee_team_id
          ? { kind: 'team' as const, id: row.assignee_team_id, name: names.teams.get(row.assignee_team_id) ?? row.assignee_team_id }
          : null,
      waitingReason: row.waiting_reason,
      fix: row.fix,
      causeCategory: row.cause_category,
      resolvedAt: toIsoOrNull(row.resolved_at),
      confirmedAt: toIsoOrNull(row.confirmed_at),
      closedAt: toIsoOrNull(row.closed_at),
      closedHow: row.closed_how,
      firstCheckInAt: toIsoOrNull(row.first_check_in_at),
      reopenCount: row.reopen_count,
      firstTimeFix: row.resolved_at !== null || row.closed_at !== null ? row.reopen_count === 0 : null,
      major:
        row.major_declared_at !== null
          ? {
              declaredAt: toIso(row.major_declared_at),
              reason: row.major_reason ?? '',
              lastCommunicationAt: toIsoOrNull(row.major_last_communication_at),
              communicationDueAt: toIsoOrNull(steps?.communicationDueAt ?? null),
              communicationOverdue: steps?.communicationOverdue ?? false,
            }
          : null,
      review: row.review_at !== null ? { summary: row.review_summary ?? '', at: toIso(row.review_at) } : null,
      satisfaction: row.satisfaction,
      sla: targets.get(row.id) ?? [],
      version: row.version,
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    };
  });
}

/**
 * The timeline as readers see it. An actor is named by their display name today (a reader without users:read could
 * not look it up), else by the username the row kept, so a deleted account still has a name.
 */
export async function toTimelineItems(db: Executor, rows: readonly IncidentTimelineTable[]): Promise<Static<typeof TimelineItem>[]> {
  const actorIds = [...new Set(rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])))];
  const { users } = await incidentsRepository.names(db, actorIds, []);
  return rows.map((row) => toTimelineItem(row, (row.actor_id && users.get(row.actor_id)) || row.actor_name));
}

function toTimelineItem(row: IncidentTimelineTable, actorName: string): Static<typeof TimelineItem> {
  return {
    id: row.id,
    at: toIso(row.at),
    kind: row.kind,
    actorName,
    actorId: row.actor_id,
    from: row.from_state,
    to: row.to_state,
    details: JSON.parse(row.details) as Record<string, unknown>,
    clocks: (JSON.parse(row.clocks) as ClockAction[]).map((c) => ({ clock: c.clock, action: c.action, at: toIso(c.at) })),
    levelChange: row.level_from !== null && row.level_to !== null ? { from: row.level_from, to: row.level_to } : null,
  };
}
