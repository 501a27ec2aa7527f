import type { IncidentsTable } from './incidents.tables.ts';
import type { TimelineEntry } from './workflow/apply.ts';
import type { Assignee, ClockStatus, SlaClock, WorkflowIncident } from './workflow/model.ts';

/**
 * The incident row ⇄ what the workflow knows. The workflow's fields are columns (not one JSON blob) so that lists
 * filter on them and reports count them in SQL; these two functions are the only place that knows the mapping.
 */
export function toWorkflowIncident(row: IncidentsTable): WorkflowIncident {
  const assignee: Assignee | null = row.assignee_user_id
    ? { kind: 'user', userId: row.assignee_user_id }
    : row.assignee_team_id
      ? { kind: 'team', teamId: row.assignee_team_id }
      : null;
  return {
    state: row.state,
    level: row.level,
    siteId: row.site_id,
    assignee,
    waitingReason: row.waiting_reason,
    clocks: JSON.parse(row.clocks) as Record<SlaClock, ClockStatus>,
    resolution:
      row.resolved_at !== null
        ? { fix: row.fix ?? '', causeCategory: row.cause_category ?? '', resolvedAt: row.resolved_at, resolvedBy: row.resolved_by }
        : null,
    confirmedAt: row.confirmed_at,
    confirmedBy: row.confirmed_by,
    closedAt: row.closed_at,
    closedHow: row.closed_how,
    firstCheckInAt: row.first_check_in_at,
    reopenCount: row.reopen_count,
    major: row.major_declared_at !== null ? { declaredAt: row.major_declared_at, reason: row.major_reason ?? '', lastCommunicationAt: row.major_last_communication_at } : null,
    review: row.review_at !== null ? { summary: row.review_summary ?? '', at: row.review_at, by: row.review_by } : null,
  };
}

/**
 * The columns a transition changes. The fix and the cause stay on the row after a reopen clears the resolution (the
 * timeline keeps them anyway): only resolved_at says whether the incident is resolved now.
 */
export type WorkflowColumns = Pick<
  IncidentsTable,
  | 'state' | 'level' | 'assignee_user_id' | 'assignee_team_id' | 'waiting_reason' | 'clocks' | 'resolved_at' | 'resolved_by' | 'confirmed_at' | 'confirmed_by'
  | 'closed_at' | 'closed_how' | 'first_check_in_at' | 'reopen_count' | 'major_declared_at' | 'major_reason' | 'major_last_communication_at'
  | 'review_summary' | 'review_at' | 'review_by'
> & Partial<Pick<IncidentsTable, 'fix' | 'cause_category'>>;

export function workflowColumns(incident: WorkflowIncident): WorkflowColumns {
  return {
    state: incident.state,
    level: incident.level,
    assignee_user_id: incident.assignee?.kind === 'user' ? incident.assignee.userId : null,
    assignee_team_id: incident.assignee?.kind === 'team' ? incident.assignee.teamId : null,
    waiting_reason: incident.waitingReason,
    clocks: JSON.stringify(incident.clocks),
    ...(incident.resolution
      ? { fix: incident.resolution.fix, cause_category: incident.resolution.causeCategory, resolved_at: incident.resolution.resolvedAt, resolved_by: incident.resolution.resolvedBy }
      : { resolved_at: null, resolved_by: null }),
    confirmed_at: incident.confirmedAt,
    confirmed_by: incident.confirmedBy,
    closed_at: incident.closedAt,
    closed_how: incident.closedHow,
    first_check_in_at: incident.firstCheckInAt,
    reopen_count: incident.reopenCount,
    major_declared_at: incident.major?.declaredAt ?? null,
    major_reason: incident.major?.reason ?? null,
    major_last_communication_at: incident.major?.lastCommunicationAt ?? null,
    review_summary: incident.review?.summary ?? null,
    review_at: incident.review?.at ?? null,
    review_by: incident.review?.by ?? null,
  };
}

/** A workflow entry as its timeline row (without ids). */
export function timelineColumns(entry: TimelineEntry) {
  return {
    at: entry.at,
    kind: entry.kind,
    actor_kind: entry.actor.kind,
    actor_id: entry.actor.userId,
    actor_name: entry.actor.username,
    from_state: entry.from,
    to_state: entry.to,
    details: JSON.stringify(entry.details),
    clocks: JSON.stringify(entry.clocks),
    level_from: entry.levelChange?.from ?? null,
    level_to: entry.levelChange?.to ?? null,
  };
}
