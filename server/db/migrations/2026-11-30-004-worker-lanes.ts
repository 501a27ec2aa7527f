import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. The worker's lanes (issue 8, item 3): each job carries the lane its handler was registered in,
 * the progress and message its handler reports, and when someone asked to cancel it while it ran.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Jobs queued before lanes existed run in the default lane, as they always did.
  await db.schema.alterTable('jobs').addColumn('lane', 'text', (c) => c.notNull().defaultTo('default')).execute();
  await db.schema.alterTable('jobs').addColumn('progress', 'double precision').execute();
  await db.schema.alterTable('jobs').addColumn('message', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('cancel_requested_at', 'bigint').execute();
  // The claim asks, per lane, for due queued jobs and expired running ones, oldest first.
  await db.schema.createIndex('jobs_lane_due_idx').on('jobs').columns(['lane', 'status', 'run_at']).execute();
  // The jobs list pages newest first.
  await db.schema.createIndex('jobs_created_idx').on('jobs').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // SQLite refuses to drop a column an index still uses: the indexes go first.
  await db.schema.dropIndex('jobs_created_idx').execute();
  await db.schema.dropIndex('jobs_lane_due_idx').execute();
  for (const column of ['cancel_requested_at', 'message', 'progress', 'lane']) {
    await db.schema.alterTable('jobs').dropColumn(column).execute();
  }
  // A cancelled job has no meaning without this migration's worker: keep it as failed, not as an unknown status.
  await db.updateTable('jobs').set({ status: 'failed', last_error: 'the job was cancelled' }).where('status', '=', 'cancelled').execute();
}
