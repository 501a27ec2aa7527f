import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. Proposed matches of reconciliation (SPEC C7.3, issue 13): a pair of records the engine matched
 * below the channel's auto-confirm score, stored per job beside its differences so that a person confirms or rejects
 * it. Both sides' records are JSON as in recon_differences (normalized fields with file, line and raw row), so a
 * proposal reads without its import's record file. `pair_key` names the pair across runs of the same day: a re-run's
 * proposal of a pair decided before takes that decision (`carried_from`). Instants are epoch milliseconds.
 * See server/modules/recon/README.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recon_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('recon_jobs.id'))
    // the order the engine reported it in (best score first), for a stable list
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    // sha256 of both sides' record references (source, file, line, ids, amount, time): the same pair in another run
    .addColumn('pair_key', 'text', (c) => c.notNull())
    // JSON: both sides' records as the differences store them
    .addColumn('left_records', 'text', (c) => c.notNull())
    .addColumn('right_records', 'text', (c) => c.notNull())
    // 0..1
    .addColumn('score', 'double precision', (c) => c.notNull())
    // JSON string[]: why the engine paired them (amount-equal, time-within-100s, same-status …)
    .addColumn('reasons', 'text', (c) => c.notNull())
    // proposed | confirmed | rejected
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    // the reason given with the decision (required to reject)
    .addColumn('note', 'text')
    // the proposal of an earlier run of the day whose decision this one took
    .addColumn('carried_from', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recon_proposals_job_idx').on('recon_proposals').columns(['job_id', 'seq', 'id']).execute();
  await db.schema.createIndex('recon_proposals_state_idx').on('recon_proposals').columns(['job_id', 'state', 'seq', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recon_proposals').execute();
}
