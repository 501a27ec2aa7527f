import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. Emergency plans (预案, SPEC C6.1 / C5.5, issue 12): the plan library (each plan's editable
 * draft, its immutable published versions) and the plans incidents run (the version attached and the checklist copied
 * from it, step by step). See server/modules/plans/README.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    // active | archived (archived plans are not suggested nor attachable; incidents keep what they ran)
    .addColumn('state', 'text', (c) => c.notNull())
    // JSON PlanDocument: the draft the next publish freezes
    .addColumn('draft', 'text', (c) => c.notNull())
    // the title of the draft in Chinese, for the list (the document holds both languages)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    // the newest published version's number, null before the first publish
    .addColumn('published_version', 'integer')
    // 1 when the draft differs from the newest published version
    .addColumn('draft_changed', 'integer', (c) => c.notNull())
    // 1 for a plan opsdesk shipped (ensureDefaults installed it)
    .addColumn('builtin', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plan_versions')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    // JSON PlanDocument, never updated once written
    .addColumn('document', 'text', (c) => c.notNull())
    // JSON PlanTrigger, a copy of the document's, read alone by suggestions
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addPrimaryKeyConstraint('plan_versions_pk', ['plan_id', 'number'])
    .execute();

  await db.schema
    .createTable('incident_plans')
    .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('plan_version', 'integer', (c) => c.notNull())
    .addColumn('attached_at', 'bigint', (c) => c.notNull())
    .addColumn('attached_by', 'text')
    .execute();
  await db.schema.createIndex('incident_plans_plan_idx').on('incident_plans').columns(['plan_id']).execute();

  await db.schema
    .createTable('incident_plan_steps')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // JSON LocalText: the step's title (and detail) as the version had it
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    // JSON StepCheck or null
    .addColumn('step_check', 'text')
    // 1 for the step a fallback names as its back-fill step: the incident cannot close while it is open
    .addColumn('backfill', 'integer', (c) => c.notNull())
    .addColumn('assignee_user_id', 'text')
    .addColumn('expected_minutes', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('started_by', 'text')
    .addColumn('done_at', 'bigint')
    .addColumn('done_by', 'text')
    .addColumn('skipped_at', 'bigint')
    .addColumn('skipped_by', 'text')
    .addColumn('skip_reason', 'text')
    // 1 when opsdesk ticked it because its check passed
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('incident_plan_steps_pk', ['incident_id', 'step_key'])
    .execute();
  await db.schema.createIndex('incident_plan_steps_open_idx').on('incident_plan_steps').columns(['done_at', 'skipped_at', 'incident_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['incident_plan_steps', 'incident_plans', 'plan_versions', 'plans']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
