import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. Reconciliation (对账, SPEC C7, issue 13): imported bills and statements (their normalized
 * records live in a Parquet file under the data directory, not here), the findings of each import, the channels'
 * settings (which sources form each side, cut-offs, carry window, tolerances, schedule, alert thresholds), the day
 * jobs with their inputs and summaries, the differences they found and the workflow events of each difference.
 * Money is integer fen (BIGINT); instants are epoch milliseconds. See server/modules/recon/README.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recon_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // the API's source name (ledger, wechat, wechat-fundflow, alipay, mt940, camt, unionpay, wechat-personal, alipay-personal)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    // sha256 of the bytes as uploaded: the same file twice is answered with the first import
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    // utf8 | gb18030, and why (bom, utf8-valid, fallback-gb18030, caller, format)
    .addColumn('encoding', 'text')
    .addColumn('encoding_reason', 'text')
    // the layout the importer recognised (wechat-trade/tab, camt.053.001.08 …) and the importer's own source kind
    .addColumn('layout', 'text')
    .addColumn('record_source', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    // every finding counted, though at most a capped number are stored (recon_import_findings)
    .addColumn('findings', 'integer', (c) => c.notNull())
    // JSON { CODE: count }
    .addColumn('finding_counts', 'text', (c) => c.notNull())
    // imported | failed (a file-level error: nothing stored but the findings)
    .addColumn('status', 'text', (c) => c.notNull())
    // the Parquet file of the normalized records, relative to the data directory (recon/imports/<id>.parquet)
    .addColumn('record_file', 'text')
    // the earliest and latest transaction time of its records: which business days it can feed
    .addColumn('min_txn_time', 'bigint')
    .addColumn('max_txn_time', 'bigint')
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recon_imports_hash_idx').on('recon_imports').columns(['source', 'sha256']).unique().execute();
  await db.schema.createIndex('recon_imports_list_idx').on('recon_imports').columns(['created_at', 'id']).execute();
  // A job's default inputs: the imports of a source whose records reach into the day.
  await db.schema.createIndex('recon_imports_span_idx').on('recon_imports').columns(['source', 'status', 'min_txn_time']).execute();

  await db.schema
    .createTable('recon_import_findings')
    .addColumn('import_id', 'text', (c) => c.notNull().references('recon_imports.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    // error | warning
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('line', 'integer')
    .addColumn('field', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    // JSON
    .addColumn('params', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recon_import_findings_pk', ['import_id', 'seq'])
    .execute();
  await db.schema.createIndex('recon_import_findings_code_idx').on('recon_import_findings').columns(['import_id', 'code']).execute();

  await db.schema
    .createTable('recon_channels')
    // wechat | alipay | bank | unionpay | … : the channel's code
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON arrays of import source names forming each side
    .addColumn('left_sources', 'text', (c) => c.notNull())
    .addColumn('right_sources', 'text', (c) => c.notNull())
    // HH:mm and IANA zone at which each side's business day ends
    .addColumn('left_cutoff_time', 'text', (c) => c.notNull())
    .addColumn('left_cutoff_zone', 'text', (c) => c.notNull())
    .addColumn('right_cutoff_time', 'text', (c) => c.notNull())
    .addColumn('right_cutoff_zone', 'text', (c) => c.notNull())
    .addColumn('carry_window_minutes', 'integer', (c) => c.notNull())
    .addColumn('amount_abs_fen', 'bigint', (c) => c.notNull())
    // hundredths of a percent (50 = 0.5 %): no floating point in the settings either
    .addColumn('amount_pct_bp', 'integer', (c) => c.notNull())
    .addColumn('time_window_seconds', 'integer', (c) => c.notNull())
    // either | right-after-left | right-before-left
    .addColumn('time_direction', 'text', (c) => c.notNull())
    // 0..100: proposed matches scoring at least this percent are confirmed
    .addColumn('auto_confirm_pct', 'integer', (c) => c.notNull())
    // HH:mm in schedule_zone: the daily run for the day before; null: no scheduled run
    .addColumn('schedule_time', 'text')
    .addColumn('schedule_zone', 'text', (c) => c.notNull())
    // HH:mm in schedule_zone by which the day's bill must have been imported (the "bill not arrived" alert)
    .addColumn('bill_due_time', 'text')
    // more open differences than this on a day raise an alert
    .addColumn('open_alert_threshold', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('recon_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull().references('recon_channels.id'))
    // business day YYYY-MM-DD
    .addColumn('day', 'text', (c) => c.notNull())
    // queued | running | done | failed
    .addColumn('status', 'text', (c) => c.notNull())
    // manual | schedule
    .addColumn('trigger', 'text', (c) => c.notNull())
    // 'daily' for the scheduled run: one per channel and day whichever node makes it (null for manual runs: distinct)
    .addColumn('schedule_key', 'text')
    // JSON: the MatchSpec used, without the private paths
    .addColumn('spec', 'text', (c) => c.notNull())
    // JSON MatchSummary once done
    .addColumn('summary', 'text')
    .addColumn('progress', 'double precision', (c) => c.notNull())
    .addColumn('phase', 'text')
    .addColumn('error', 'text')
    .addColumn('worker_job_id', 'text')
    // files under the data directory (recon/jobs/<id>/…)
    .addColumn('pairs_file', 'text')
    .addColumn('carried_left_file', 'text')
    .addColumn('carried_right_file', 'text')
    // the earlier run of the same channel and day that this one replaces (kept for comparison), and the reverse
    .addColumn('previous_job_id', 'text')
    .addColumn('superseded_by', 'text')
    .addColumn('differences', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('recon_jobs_schedule_idx').on('recon_jobs').columns(['channel', 'day', 'schedule_key']).unique().execute();
  await db.schema.createIndex('recon_jobs_day_idx').on('recon_jobs').columns(['channel', 'day', 'created_at']).execute();
  await db.schema.createIndex('recon_jobs_list_idx').on('recon_jobs').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('recon_job_inputs')
    .addColumn('job_id', 'text', (c) => c.notNull().references('recon_jobs.id'))
    .addColumn('import_id', 'text', (c) => c.notNull().references('recon_imports.id'))
    // left | right
    .addColumn('side', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recon_job_inputs_pk', ['job_id', 'import_id'])
    .execute();

  await db.schema
    .createTable('recon_differences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('recon_jobs.id'))
    // the order the engine reported it in, for a stable list
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // open | investigating | resolved | rejected
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('delta_fen', 'bigint')
    .addColumn('txn_time', 'bigint')
    .addColumn('account', 'text')
    // JSON: field names that differ, both sides' records (with file, line, raw row), the engine's params
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('left_records', 'text', (c) => c.notNull())
    .addColumn('right_records', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    // force-match | adjust | refund | write-off: proposed (awaiting a checker) or final
    .addColumn('resolution', 'text')
    .addColumn('resolution_note', 'text')
    // adjustment amount (signed fen) for an adjust or a write-off
    .addColumn('resolution_amount_fen', 'bigint')
    // true while an adjust or write-off waits for its second approver
    .addColumn('pending', 'integer', (c) => c.notNull())
    .addColumn('maker_id', 'text')
    .addColumn('checker_id', 'text')
    .addColumn('proposed_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recon_differences_job_idx').on('recon_differences').columns(['job_id', 'seq']).execute();
  await db.schema.createIndex('recon_differences_kind_idx').on('recon_differences').columns(['job_id', 'kind', 'state']).execute();
  await db.schema.createIndex('recon_differences_assignee_idx').on('recon_differences').columns(['assignee_id', 'state']).execute();

  await db.schema
    .createTable('recon_difference_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('difference_id', 'text', (c) => c.notNull().references('recon_differences.id'))
    // state | assign | comment | propose | approve | refuse
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('resolution', 'text')
    .addColumn('note', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recon_difference_events_idx').on('recon_difference_events').columns(['difference_id', 'at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recon_difference_events').execute();
  await db.schema.dropTable('recon_differences').execute();
  await db.schema.dropTable('recon_job_inputs').execute();
  await db.schema.dropTable('recon_jobs').execute();
  await db.schema.dropTable('recon_channels').execute();
  await db.schema.dropTable('recon_import_findings').execute();
  await db.schema.dropTable('recon_imports').execute();
}
