import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import type { ProposalState, ReconProposalsTable } from './proposals.tables.ts';

/** A job's proposals in the order the engine reported them (best score first); the id breaks ties. */
export const PROPOSAL_ORDER = keyset<ReconProposalsTable>(
  { column: 'seq', direction: 'asc', type: 'integer', of: (r) => r.seq },
  { column: 'id', direction: 'asc', type: 'text', of: (r) => r.id },
);

export interface ProposalFilter {
  state?: ProposalState | undefined;
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters per statement, and a proposal row has 17 columns. */
const BATCH = 500;

/** Every query of reconciliation's proposed matches. */
export const proposalsRepository = {
  find: (db: Executor, id: string) => db.selectFrom('recon_proposals').selectAll().where('id', '=', id).executeTakeFirst(),

  list(db: Executor, jobId: string, f: ProposalFilter, page: PageRequest): Promise<ReconProposalsTable[]> {
    let q = db.selectFrom('recon_proposals').selectAll().where('job_id', '=', jobId);
    if (f.state !== undefined) q = q.where('state', '=', f.state);
    return pageQuery(q, PROPOSAL_ORDER, page).execute();
  },

  /** The decided proposals of a job (a re-run of its day carries their decisions; a retry of it keeps them). */
  decided: (db: Executor, jobId: string) => db.selectFrom('recon_proposals').selectAll().where('job_id', '=', jobId).where('state', '<>', 'proposed').orderBy('seq').orderBy('id').execute(),

  /** A retry of a run starts afresh, as with its differences: only the undecided proposals go. */
  deleteUndecided: (db: Executor, jobId: string) => db.deleteFrom('recon_proposals').where('job_id', '=', jobId).where('state', '=', 'proposed').execute(),

  async insert(db: Executor, rows: ReconProposalsTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) await db.insertInto('recon_proposals').values(rows.slice(i, i + BATCH)).execute();
  },

  /** Decides a proposal still undecided; false when someone decided it first. */
  async decide(db: Executor, id: string, patch: Pick<ReconProposalsTable, 'state' | 'decided_by' | 'decided_at' | 'note'>): Promise<boolean> {
    const result = await db.updateTable('recon_proposals').set(patch).where('id', '=', id).where('state', '=', 'proposed').executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /**
   * Takes the job's row lock for the rest of the transaction (PostgreSQL; SQLite runs one writing transaction at a
   * time anyway) by a write that changes nothing, and answers the job as it is then; undefined when the day has been
   * run again since (superseded). Decisions on one job then queue behind each other and behind a re-run's storing
   * transaction, so the summary's counts are never updated from a stale read and a decision is never lost between
   * the re-run reading the earlier run's decisions and marking it superseded.
   */
  async lockCurrentJob(db: Executor, jobId: string) {
    const result = await db.updateTable('recon_jobs').set((eb) => ({ superseded_by: eb.ref('superseded_by') })).where('id', '=', jobId).where('superseded_by', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return db.selectFrom('recon_jobs').select(['id', 'channel', 'day', 'summary', 'superseded_by']).where('id', '=', jobId).executeTakeFirst();
  },

  findJob: (db: Executor, jobId: string) => db.selectFrom('recon_jobs').select(['id', 'channel', 'day', 'summary', 'status', 'previous_job_id', 'superseded_by']).where('id', '=', jobId).executeTakeFirst(),

  setSummary: (db: Executor, jobId: string, summary: string) => db.updateTable('recon_jobs').set({ summary }).where('id', '=', jobId).execute(),
};
