import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * FROZEN once shipped. Incidents (SPEC C5, issue 11): the incidents with their timeline, linked alerts, attachments
 * (stored in the database in chunks, so that every node of a cluster serves them and none is held whole in memory),
 * spare parts used, the SLA result of each target; SLA calendars and policies; teams; the cause taxonomy; problem
 * records; satisfaction surveys; the module's settings (grading matrix, workflow policy). See
 * server/modules/incidents/README.md.
 */
const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_members_user_idx').on('team_members').columns(['user_id']).execute();

  await db.schema
    .createTable('sla_calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    // JSON: the working calendar (zone, weekly ranges, chinaHolidays, customDates)
    .addColumn('calendar', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    // JSON: per level, per target (respond, on_site, resolve): the target and its calendar
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('warn_share', 'real', (c) => c.notNull())
    // JSON array of site ids, or null: every site; the first matching policy by position applies
    .addColumn('site_ids', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cause_categories')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('incident_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // JSON GradingMatrix, WorkflowPolicy (with the major-incident policy), intake rules
    .addColumn('grading', 'text', (c) => c.notNull())
    .addColumn('workflow', 'text', (c) => c.notNull())
    .addColumn('intake', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('subsystem', 'text')
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    // the alert group an incident opened from (one incident per open group), the mail's Message-ID, a call's number
    .addColumn('source_ref', 'text')
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone', 'text')
    .addColumn('reporter_email', 'text')
    .addColumn('assignee_user_id', 'text')
    .addColumn('assignee_team_id', 'text')
    .addColumn('waiting_reason', 'text')
    // JSON Record<SlaClock, ClockStatus>
    .addColumn('clocks', 'text', (c) => c.notNull())
    .addColumn('sla_policy_id', 'text')
    .addColumn('fix', 'text')
    .addColumn('cause_category', 'text')
    // JSON: the root-cause analysis (5 whys, fishbone), filled when closing
    .addColumn('root_cause', 'text')
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_by', 'text')
    .addColumn('confirmed_at', 'bigint')
    .addColumn('confirmed_by', 'text')
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_how', 'text')
    .addColumn('first_check_in_at', 'bigint')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('major_declared_at', 'bigint')
    .addColumn('major_reason', 'text')
    .addColumn('major_last_communication_at', 'bigint')
    .addColumn('review_summary', 'text')
    .addColumn('review_at', 'bigint')
    .addColumn('review_by', 'text')
    .addColumn('satisfaction', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_created_idx').on('incidents').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('incidents_site_idx').on('incidents').columns(['site_id', 'created_at']).execute();
  await db.schema.createIndex('incidents_state_idx').on('incidents').columns(['state', 'created_at']).execute();
  // The queue by level (open level 1 first): a million incidents answered from the index without sorting them.
  await db.schema.createIndex('incidents_level_idx').on('incidents').columns(['level', 'created_at', 'id', 'state']).execute();
  await db.schema.createIndex('incidents_assignee_idx').on('incidents').columns(['assignee_user_id', 'state']).execute();
  await db.schema.createIndex('incidents_team_idx').on('incidents').columns(['assignee_team_id', 'state']).execute();
  await db.schema.createIndex('incidents_cause_idx').on('incidents').columns(['cause_category']).execute();
  await db.schema.createIndex('incidents_source_idx').on('incidents').columns(['source', 'source_ref']).execute();

  await db.schema
    .createTable('incident_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('clocks', 'text', (c) => c.notNull())
    .addColumn('level_from', 'integer')
    .addColumn('level_to', 'integer')
    .execute();
  await db.schema.createIndex('incident_timeline_incident_idx').on('incident_timeline').columns(['incident_id', 'at', 'id']).execute();

  await db.schema
    .createTable('incident_sla')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('clock', 'text', (c) => c.notNull())
    // JSON SlaTarget and the calendar as it was when the clock started: later edits never rewrite this incident
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text')
    .addColumn('calendar', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    // JSON Pause[]: closed pauses; paused_at is the open one
    .addColumn('pauses', 'text', (c) => c.notNull())
    .addColumn('paused_at', 'bigint')
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('warn_at', 'bigint', (c) => c.notNull())
    .addColumn('stopped_at', 'bigint')
    .addColumn('elapsed_minutes', 'integer')
    .addColumn('met', 'integer')
    .addColumn('warned_at', 'bigint')
    .addColumn('breached_at', 'bigint')
    .addPrimaryKeyConstraint('incident_sla_pk', ['incident_id', 'clock'])
    .execute();
  // The SLA sweep: running targets by the next instant that needs a look.
  await sql`create index incident_sla_warn_idx on incident_sla (warn_at) where status = 'running' and warned_at is null`.execute(db);
  await sql`create index incident_sla_due_idx on incident_sla (due_at) where status = 'running' and breached_at is null`.execute(db);

  await db.schema
    .createTable('incident_alerts')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'bigint', (c) => c.notNull())
    .addColumn('linked_by', 'text')
    .addPrimaryKeyConstraint('incident_alerts_pk', ['incident_id', 'alert_id'])
    .execute();
  await db.schema.createIndex('incident_alerts_alert_idx').on('incident_alerts').columns(['alert_id']).execute();

  await db.schema
    .createTable('incident_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_attachments_incident_idx').on('incident_attachments').columns(['incident_id', 'created_at']).execute();
  await db.schema
    .createTable('incident_attachment_chunks')
    .addColumn('attachment_id', 'text', (c) => c.notNull().references('incident_attachments.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_attachment_chunks_pk', ['attachment_id', 'seq'])
    .execute();

  await db.schema
    .createTable('incident_parts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('part_id', 'text', (c) => c.notNull())
    .addColumn('warehouse', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('movement_id', 'text', (c) => c.notNull())
    .addColumn('by', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_parts_incident_idx').on('incident_parts').columns(['incident_id']).execute();

  await db.schema
    .createTable('problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('root_cause', 'text')
    .addColumn('workaround', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('problem_incidents')
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('linked_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('problem_incidents_pk', ['problem_id', 'incident_id'])
    .execute();
  await db.schema.createIndex('problem_incidents_incident_idx').on('problem_incidents').columns(['incident_id']).execute();

  await db.schema
    .createTable('incident_surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    // SHA-256 of the token in the link: the link is the only copy of the token
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('comment', 'text')
    .addColumn('answered_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_surveys_incident_idx').on('incident_surveys').columns(['incident_id']).execute();

  // A person's saved list filters (the incident list's "saved views"); shared ones are offered to everyone.
  await db.schema
    .createTable('incident_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('incident_views_unique', ['user_id', 'name'])
    .execute();

  await grantIncidentCreation(db);
}

/**
 * incidents:create is new with this migration. Whoever could already work on incidents (incidents:write) could always
 * have opened one, and the built-in client role files requests from the console: both gain it, so that no existing
 * role loses a power the day incidents ship.
 */
async function grantIncidentCreation(db: Kysely<any>): Promise<void> {
  const roles = (await db.selectFrom('roles').select(['id', 'permissions', 'built_in']).execute()) as { id: string; permissions: string; built_in: number }[];
  for (const role of roles) {
    const permissions = JSON.parse(role.permissions) as string[];
    const gains = permissions.includes('incidents:write') || (role.id === 'client' && Number(role.built_in) === 1);
    if (!gains || permissions.includes('incidents:create')) continue;
    await db.updateTable('roles').set({ permissions: JSON.stringify([...permissions, 'incidents:create'].sort()) }).where('id', '=', role.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'incident_views',
    'incident_surveys',
    'problem_incidents',
    'problems',
    'incident_parts',
    'incident_attachment_chunks',
    'incident_attachments',
    'incident_alerts',
    'incident_sla',
    'incident_timeline',
    'incidents',
    'incident_settings',
    'cause_categories',
    'sla_policies',
    'sla_calendars',
    'team_members',
    'teams',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  const roles = (await db.selectFrom('roles').select(['id', 'permissions']).execute()) as { id: string; permissions: string }[];
  for (const role of roles) {
    const permissions = JSON.parse(role.permissions) as string[];
    if (permissions.includes('incidents:create')) {
      await db.updateTable('roles').set({ permissions: JSON.stringify(permissions.filter((p) => p !== 'incidents:create')) }).where('id', '=', role.id).execute();
    }
  }
}
