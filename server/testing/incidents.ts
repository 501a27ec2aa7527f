import type { IncidentsTable } from '../modules/incidents/incidents.tables.ts';

/**
 * An incident row as the incident service stores it, for tests that fill the table directly: a new level-2 form
 * request with nothing decided yet, and whatever `fields` say.
 */
export function incidentRow(fields: Pick<IncidentsTable, 'id' | 'number' | 'created_at'> & Partial<IncidentsTable>): IncidentsTable {
  return {
    title: '一卡通消费机离线',
    description: '',
    site_id: 'site',
    device_id: null,
    subsystem: null,
    impact: 'medium',
    urgency: 'medium',
    level: 2,
    state: 'new',
    source: 'form',
    source_ref: null,
    reporter_name: null,
    reporter_phone: null,
    reporter_email: null,
    assignee_user_id: null,
    assignee_team_id: null,
    waiting_reason: null,
    clocks: JSON.stringify({ respond: 'running', on_site: 'running', resolve: 'running' }),
    sla_policy_id: null,
    fix: null,
    cause_category: null,
    root_cause: null,
    resolved_at: null,
    resolved_by: null,
    confirmed_at: null,
    confirmed_by: null,
    closed_at: null,
    closed_how: null,
    first_check_in_at: null,
    reopen_count: 0,
    major_declared_at: null,
    major_reason: null,
    major_last_communication_at: null,
    review_summary: null,
    review_at: null,
    review_by: null,
    satisfaction: null,
    version: 1,
    created_by: null,
    updated_at: fields.created_at,
    ...fields,
  };
}
