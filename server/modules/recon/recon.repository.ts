import { sql } from 'kysely';
import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import type {
  DifferenceState,
  JobStatus,
  ReconChannelsTable,
  ReconDifferenceEventsTable,
  ReconDifferencesTable,
  ReconImportFindingsTable,
  ReconImportsTable,
  ReconJobsTable,
} from './recon.tables.ts';

export const IMPORT_ORDER = keyset<ReconImportsTable>(
  { column: 'created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);
export const JOB_ORDER = keyset<ReconJobsTable>(
  { column: 'created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);
/** A job's differences in the order the engine reported them. */
/** An import's records in file order, by the row key their record file gives them (1, 2, 3 …). */
export const RECORD_ORDER = keyset<{ rowKey: number }>({ column: 'rowKey', direction: 'asc', type: 'integer', of: (r) => r.rowKey });
export const DIFFERENCE_ORDER = keyset<ReconDifferencesTable>({ column: 'seq', direction: 'asc', type: 'integer', of: (r) => r.seq });

export interface ImportFilter {
  source?: string | undefined;
  status?: string | undefined;
}
export interface JobFilter {
  channel?: string | undefined;
  day?: string | undefined;
  status?: JobStatus | undefined;
}
export interface DifferenceFilter {
  kind?: string | undefined;
  state?: DifferenceState | undefined;
  /** a user id, or null for the differences nobody is assigned */
  assigneeId?: string | null | undefined;
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters per statement, and a difference row has 24 columns. */
const BATCH = 500;

/**
 * Every query of the reconciliation module. People (names, who is active) come through the users module's surface
 * (`userAccounts` in users/index.ts), never from its table here.
 */
export const reconRepository = {
  // ————— imports —————
  findImport: (db: Executor, id: string) => db.selectFrom('recon_imports').selectAll().where('id', '=', id).executeTakeFirst(),

  findImportByHash: (db: Executor, source: string, sha256: string) =>
    db.selectFrom('recon_imports').selectAll().where('source', '=', source).where('sha256', '=', sha256).executeTakeFirst(),

  /** Inserts the import and its findings; false when the same file of this source was stored meanwhile. */
  async insertImport(db: Executor, row: ReconImportsTable, findings: ReconImportFindingsTable[]): Promise<boolean> {
    // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed statement aborts the transaction.
    const result = await db.insertInto('recon_imports').values(row).onConflict((oc) => oc.columns(['source', 'sha256']).doNothing()).executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    for (let i = 0; i < findings.length; i += BATCH) await db.insertInto('recon_import_findings').values(findings.slice(i, i + BATCH)).execute();
    return true;
  },

  /** A failed import of the same bytes makes way for a new attempt (another encoding, say); imported ones never do. */
  async deleteFailedImport(db: Executor, id: string): Promise<void> {
    const used = await db.selectFrom('recon_job_inputs').select('job_id').where('import_id', '=', id).executeTakeFirst();
    if (used) return;
    await db.deleteFrom('recon_import_findings').where('import_id', '=', id).execute();
    await db.deleteFrom('recon_imports').where('id', '=', id).where('status', '=', 'failed').execute();
  },

  listImports(db: Executor, f: ImportFilter, page: PageRequest): Promise<ReconImportsTable[]> {
    let q = db.selectFrom('recon_imports').selectAll();
    if (f.source !== undefined) q = q.where('source', '=', f.source);
    if (f.status !== undefined) q = q.where('status', '=', f.status as ReconImportsTable['status']);
    return pageQuery(q, IMPORT_ORDER, page).execute();
  },

  findings: (db: Executor, importId: string, limit: number) =>
    db.selectFrom('recon_import_findings').selectAll().where('import_id', '=', importId).orderBy('seq').limit(limit).execute(),

  findingsOfCode: (db: Executor, importIds: readonly string[], code: string) =>
    importIds.length === 0 ? Promise.resolve([]) : db.selectFrom('recon_import_findings').selectAll().where('import_id', 'in', [...importIds]).where('code', '=', code).orderBy('import_id').orderBy('seq').execute(),

  /** Imported files of these sources whose records reach into [from, to): a day's default inputs. */
  importsCovering: (db: Executor, sources: readonly string[], from: number, to: number) =>
    sources.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('recon_imports')
          .selectAll()
          .where('source', 'in', [...sources])
          .where('status', '=', 'imported')
          .where('min_txn_time', '<', to)
          .where('max_txn_time', '>=', from)
          .orderBy('created_at')
          .orderBy('id')
          .execute(),

  importsByIds: (db: Executor, ids: readonly string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('recon_imports').selectAll().where('id', 'in', [...ids]).execute()),

  /** Whether any import of these sources was made at or after `since` (the bill-due check). */
  importedSince: async (db: Executor, sources: readonly string[], since: number, coveringFrom: number) =>
    sources.length > 0 &&
    (await db
      .selectFrom('recon_imports')
      .select('id')
      .where('source', 'in', [...sources])
      .where('status', '=', 'imported')
      .where((eb) => eb.or([eb('created_at', '>=', since), eb('max_txn_time', '>=', coveringFrom)]))
      .executeTakeFirst()) !== undefined,

  // ————— channels —————
  channels: (db: Executor) => db.selectFrom('recon_channels').selectAll().orderBy('id').execute(),
  findChannel: (db: Executor, id: string) => db.selectFrom('recon_channels').selectAll().where('id', '=', id).executeTakeFirst(),
  async insertChannelIfAbsent(db: Executor, row: ReconChannelsTable): Promise<boolean> {
    const result = await db.insertInto('recon_channels').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },
  async updateChannelIfVersion(db: Executor, id: string, version: number, patch: Partial<ReconChannelsTable>): Promise<boolean> {
    const result = await db.updateTable('recon_channels').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  // ————— jobs —————
  /** False when the channel's scheduled run of that day exists already (another node, or a retry, made it). */
  async insertJob(db: Executor, row: ReconJobsTable, inputs: { importId: string; side: 'left' | 'right' | 'balances' }[]): Promise<boolean> {
    const result = await db.insertInto('recon_jobs').values(row).onConflict((oc) => oc.columns(['channel', 'day', 'schedule_key']).doNothing()).executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    if (inputs.length > 0) await db.insertInto('recon_job_inputs').values(inputs.map((i) => ({ job_id: row.id, import_id: i.importId, side: i.side }))).execute();
    return true;
  },
  findJob: (db: Executor, id: string) => db.selectFrom('recon_jobs').selectAll().where('id', '=', id).executeTakeFirst(),
  jobInputs: (db: Executor, jobId: string) =>
    db
      .selectFrom('recon_job_inputs as i')
      .innerJoin('recon_imports as m', 'm.id', 'i.import_id')
      .select(['i.side', 'm.id', 'm.source', 'm.file_name', 'm.records', 'm.record_file'])
      .where('i.job_id', '=', jobId)
      .orderBy('i.side')
      .orderBy('m.created_at')
      .execute(),
  updateJob: (db: Executor, id: string, patch: Partial<ReconJobsTable>) => db.updateTable('recon_jobs').set(patch).where('id', '=', id).execute(),
  /** The latest finished run of the channel and day before this one (the comparison, and the carry-in of the next day). */
  latestDone: (db: Executor, channel: string, day: string, excludeId?: string) => {
    let q = db.selectFrom('recon_jobs').selectAll().where('channel', '=', channel).where('day', '=', day).where('status', '=', 'done');
    if (excludeId !== undefined) q = q.where('id', '!=', excludeId);
    return q.orderBy('finished_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  },
  listJobs(db: Executor, f: JobFilter, page: PageRequest): Promise<ReconJobsTable[]> {
    let q = db.selectFrom('recon_jobs').selectAll();
    if (f.channel !== undefined) q = q.where('channel', '=', f.channel);
    if (f.day !== undefined) q = q.where('day', '=', f.day);
    if (f.status !== undefined) q = q.where('status', '=', f.status);
    return pageQuery(q, JOB_ORDER, page).execute();
  },
  /** The current (not superseded) finished runs of a channel over [from, to], one per day. */
  trend: (db: Executor, channel: string, from: string, to: string) =>
    db
      .selectFrom('recon_jobs')
      .selectAll()
      .where('channel', '=', channel)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .where('status', '=', 'done')
      .where('superseded_by', 'is', null)
      .orderBy('day')
      .execute(),

  // ————— differences —————
  async insertDifferences(db: Executor, rows: ReconDifferencesTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) await db.insertInto('recon_differences').values(rows.slice(i, i + BATCH)).execute();
  },
  findDifference: (db: Executor, id: string) => db.selectFrom('recon_differences').selectAll().where('id', '=', id).executeTakeFirst(),
  /** The last number a job's differences took (0 for none): where differences added after its run go on. */
  async lastDifferenceSeq(db: Executor, jobId: string): Promise<number> {
    const row = await db.selectFrom('recon_differences').select((eb) => eb.fn.max<number | null>('seq').as('seq')).where('job_id', '=', jobId).executeTakeFirst();
    return Number(row?.seq ?? 0);
  },
  /** Raises a job's count of differences by those added after its run (a rejected proposal's). */
  addToDifferenceCount: (db: Executor, jobId: string, added: number) =>
    db.updateTable('recon_jobs').set((eb) => ({ differences: eb('differences', '+', added) })).where('id', '=', jobId).execute(),
  listDifferences(db: Executor, jobId: string, f: DifferenceFilter, page: PageRequest): Promise<ReconDifferencesTable[]> {
    let q = db.selectFrom('recon_differences').selectAll().where('job_id', '=', jobId);
    if (f.kind !== undefined) q = q.where('kind', '=', f.kind);
    if (f.state !== undefined) q = q.where('state', '=', f.state);
    if (f.assigneeId === null) q = q.where('assignee_id', 'is', null);
    else if (f.assigneeId !== undefined) q = q.where('assignee_id', '=', f.assigneeId);
    return pageQuery(q, DIFFERENCE_ORDER, page).execute();
  },
  /** Every difference of a job in order, a batch at a time (exports). */
  differencesAfter: (db: Executor, jobId: string, afterSeq: number, limit: number, f: { resolution?: string } = {}) => {
    let q = db.selectFrom('recon_differences').selectAll().where('job_id', '=', jobId).where('seq', '>', afterSeq);
    if (f.resolution !== undefined) q = q.where('resolution', '=', f.resolution as ReconDifferencesTable['resolution']).where('state', '=', 'resolved');
    return q.orderBy('seq').limit(limit).execute();
  },
  async updateDifferenceIfVersion(db: Executor, id: string, version: number, patch: Partial<ReconDifferencesTable>): Promise<boolean> {
    const result = await db.updateTable('recon_differences').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  insertEvent: (db: Executor, row: ReconDifferenceEventsTable) => db.insertInto('recon_difference_events').values(row).execute(),
  events: (db: Executor, differenceId: string) => db.selectFrom('recon_difference_events').selectAll().where('difference_id', '=', differenceId).orderBy('at').orderBy('id').limit(500).execute(),
  /** Open (open or investigating) differences of a job. */
  async openCount(db: Executor, jobId: string): Promise<number> {
    const row = await db
      .selectFrom('recon_differences')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .where('state', 'in', ['open', 'investigating'])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  /** Per state counts of a job's differences, for the trend. */
  async stateCounts(db: Executor, jobIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const out = new Map<string, Record<string, number>>();
    if (jobIds.length === 0) return out;
    const rows = await db
      .selectFrom('recon_differences')
      .select(['job_id', 'state', sql<number>`count(*)`.as('n')])
      .where('job_id', 'in', [...jobIds])
      .groupBy(['job_id', 'state'])
      .execute();
    for (const r of rows) out.set(r.job_id, { ...(out.get(r.job_id) ?? {}), [r.state]: Number(r.n) });
    return out;
  },
};
