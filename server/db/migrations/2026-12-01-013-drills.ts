import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. Drills (演练, SPEC C6.3, issue 12 item 5): schedules of a plan's drill (a cron expression in a
 * time zone, or one time), the runs they make (the plan's published steps copied as the drill's checklist, timed per
 * step), the sites each is about, and the findings with their follow-up actions. See server/modules/drills/README.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('drill_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    // a cron expression (5 or 6 fields) read in `timezone`, or null for a one-off drill at `once_at`
    .addColumn('cron', 'text')
    .addColumn('once_at', 'bigint')
    .addColumn('timezone', 'text', (c) => c.notNull())
    // JSON array of user ids
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // the next occurrence the worker has not made a run for yet; null: none to come (disabled, or a one-off done)
    .addColumn('next_due_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The worker's question every minute: which enabled schedules are due.
  await db.schema.createIndex('drill_schedules_due_idx').on('drill_schedules').columns(['enabled', 'next_due_at']).execute();
  await db.schema.createIndex('drill_schedules_list_idx').on('drill_schedules').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('drill_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('schedule_id', 'text', (c) => c.references('drill_schedules.id'))
    // the schedule's occurrence this run is (epoch ms); null for a run started by hand
    .addColumn('occurrence_at', 'bigint')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('plan_key', 'text', (c) => c.notNull())
    .addColumn('plan_version', 'integer', (c) => c.notNull())
    // JSON { zh, en? }: the version's title, as the drill ran it
    .addColumn('plan_title', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // scheduled | running | completed | cancelled
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'bigint', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('started_at', 'bigint')
    .addColumn('started_by', 'text')
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('summary', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // One run per occurrence of a schedule, whichever node or retry makes it (hand-started runs have nulls: distinct).
  await db.schema.createIndex('drill_runs_occurrence_idx').on('drill_runs').columns(['schedule_id', 'occurrence_at']).unique().execute();
  await db.schema.createIndex('drill_runs_list_idx').on('drill_runs').columns(['scheduled_for', 'id']).execute();

  await db.schema
    .createTable('drill_steps')
    .addColumn('run_id', 'text', (c) => c.notNull().references('drill_runs.id'))
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // JSON { zh, en? }
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('expected_minutes', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('started_by', 'text')
    .addColumn('done_at', 'bigint')
    .addColumn('done_by', 'text')
    .addColumn('skipped_at', 'bigint')
    .addColumn('skipped_by', 'text')
    .addColumn('skip_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('drill_steps_pk', ['run_id', 'step_key'])
    .execute();

  // The sites a schedule or a run is about: who may see it (a person limited to some sites sees drills of theirs).
  await db.schema
    .createTable('drill_sites')
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addPrimaryKeyConstraint('drill_sites_pk', ['owner_kind', 'owner_id', 'site_id'])
    .execute();
  await db.schema.createIndex('drill_sites_site_idx').on('drill_sites').columns(['site_id', 'owner_kind', 'owner_id']).execute();

  await db.schema
    .createTable('drill_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('drill_runs.id'))
    // the step it was seen at, or null for the drill as a whole
    .addColumn('step_key', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    // low | medium | high
    .addColumn('severity', 'text', (c) => c.notNull())
    // the follow-up action, its owner and due date (YYYY-MM-DD, the site's calendar)
    .addColumn('action', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('due_date', 'text')
    // open | done
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .addColumn('done_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('drill_findings_run_idx').on('drill_findings').columns(['run_id', 'created_at', 'id']).execute();
  // Open actions across drills, soonest due first.
  await db.schema.createIndex('drill_findings_status_idx').on('drill_findings').columns(['status', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('drill_findings').execute();
  await db.schema.dropTable('drill_sites').execute();
  await db.schema.dropTable('drill_steps').execute();
  await db.schema.dropTable('drill_runs').execute();
  await db.schema.dropTable('drill_schedules').execute();
}
