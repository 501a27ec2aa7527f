import { toIso, toIsoOrNull } from '../../clock.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import { cursorPage, type CursorPage, type ListRequest } from '../../http/cursor.ts';
import type { Executor } from '../../db/types.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { userAccounts } from '../users/index.ts';
import { differenceRow } from './differences.values.ts';
import type { DifferenceRecord, MatchSummary, ProposedMatch } from './matching.ts';
import { PROPOSAL_ORDER, proposalsRepository as repo, type ProposalFilter } from './proposals.repository.ts';
import type { ProposalView } from './proposals.schemas.ts';
import type { ReconProposalsTable } from './proposals.tables.ts';
import { pairKey, rejectedDifferences, summaryAfterDecision, type Decision } from './proposals.values.ts';
import { reconChanges } from './recon.events.ts';
import { reconRepository } from './recon.repository.ts';
import type { ReconDifferencesTable } from './recon.tables.ts';
import { recordView, type People } from './views.ts';

const records = (json: string) => JSON.parse(json) as DifferenceRecord[];
const asMatch = (row: ReconProposalsTable) => ({ left: records(row.left_records), right: records(row.right_records), reasons: JSON.parse(row.reasons) as string[] });

export function proposalView(row: ReconProposalsTable, people: People, unmasked: boolean): ProposalView {
  const m = asMatch(row);
  return {
    id: row.id,
    jobId: row.job_id,
    seq: row.seq,
    channel: row.channel,
    day: row.day,
    left: m.left.map((r) => recordView(r, unmasked)),
    right: m.right.map((r) => recordView(r, unmasked)),
    score: row.score,
    reasons: m.reasons,
    state: row.state,
    decidedBy: row.decided_by === null ? null : { id: row.decided_by, name: people.get(row.decided_by) ?? row.decided_by },
    decidedAt: toIsoOrNull(row.decided_at),
    note: row.note,
    carriedFrom: row.carried_from,
    createdAt: toIso(row.created_at),
  };
}

/**
 * Stores the differences a rejected proposal leaves (proposals.values.ts rejectedDifferences: each of our records a
 * missing-theirs, each of theirs a missing-ours) after the job's other differences, in the caller's transaction, and
 * raises the job's count of differences; the summary's counts move with the decision (summaryAfterDecision).
 */
async function storeRejectedDifferences(trx: Executor, jobId: string, proposalId: string, match: Pick<ProposedMatch, 'left' | 'right'>, now: number): Promise<ReconDifferencesTable[]> {
  const made = rejectedDifferences(match, proposalId);
  if (made.length === 0) return [];
  const last = await reconRepository.lastDifferenceSeq(trx, jobId);
  const rows = made.map((d, i) => differenceRow(jobId, last + i + 1, d, now));
  await reconRepository.insertDifferences(trx, rows);
  await reconRepository.addToDifferenceCount(trx, jobId, rows.length);
  return rows;
}

export interface RunOfDay {
  jobId: string;
  channel: string;
  day: string;
  /** the earlier run of the day, whose decided proposals this run's proposals of the same pairs take */
  previousJobId: string | null;
}

/**
 * Stores a run's proposals, inside the transaction that stores its differences (jobs.service.ts run), after the
 * earlier run of the day has been marked superseded (which takes that job's row lock, see lockCurrentJob). Mirrors the
 * differences: a retry of the run replaces its undecided proposals; a re-run of the day is a new job with proposals of
 * its own while the earlier run keeps its proposals for comparison. A decision is not asked for twice: a proposal of a
 * pair already decided in the earlier run takes that decision (`carried_from`), and one decided in this run before a
 * retry stays as it was. The job's stored summary then counts those decisions as a person's decision would, and a
 * rejected pair's records are differences again as the rejection made them (the run's differences were replaced), in
 * this transaction; the run's `recon.changed` (finished) tells of them, as of the run's other differences.
 */
export async function storeRunProposals(trx: Executor, run: RunOfDay, proposals: ProposedMatch[], now: number): Promise<void> {
  await repo.deleteUndecided(trx, run.jobId);
  const kept = new Map((await repo.decided(trx, run.jobId)).map((r) => [r.pair_key, r]));
  const earlier = new Map(run.previousJobId === null ? [] : (await repo.decided(trx, run.previousJobId)).map((r) => [r.pair_key, r]));
  const rows: ReconProposalsTable[] = [];
  const decided: { match: ProposedMatch; state: Decision; proposalId: string }[] = [];
  proposals.forEach((p, i) => {
    const key = pairKey(p);
    const own = kept.get(key);
    if (own) {
      decided.push({ match: p, state: own.state as Decision, proposalId: own.id });
      return;
    }
    const before = earlier.get(key);
    const id = newId();
    rows.push({
      id,
      job_id: run.jobId,
      seq: i + 1,
      channel: run.channel,
      day: run.day,
      pair_key: key,
      left_records: JSON.stringify(p.left),
      right_records: JSON.stringify(p.right),
      score: p.score,
      reasons: JSON.stringify(p.reasons),
      state: before ? before.state : 'proposed',
      decided_by: before?.decided_by ?? null,
      decided_at: before?.decided_at ?? null,
      note: before?.note ?? null,
      carried_from: before?.id ?? null,
      created_at: now,
    });
    if (before) decided.push({ match: p, state: before.state as Decision, proposalId: id });
  });
  await repo.insert(trx, rows);
  if (decided.length === 0) return;
  for (const d of decided) if (d.state === 'rejected') await storeRejectedDifferences(trx, run.jobId, d.proposalId, d.match, now);
  const job = await repo.findJob(trx, run.jobId);
  if (!job?.summary) return;
  const summary = decided.reduce((s, d) => summaryAfterDecision(s, d.match, d.state), JSON.parse(job.summary) as MatchSummary);
  await repo.setSummary(trx, run.jobId, JSON.stringify(summary));
}

/**
 * Proposed matches (SPEC C7.3: proposed vs confirmed matches): a job's proposals listed by state, and a person's
 * decision on each, once — confirmed (the pair counts as matched in the job's summary) or rejected with a reason.
 * Only the current run of a day takes decisions: a superseded run's proposals were replaced by the re-run's.
 * Every decision is one audit record in the same transaction.
 */
export function createProposalsService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;
  const reconChanged = reconChanges(ctx);

  async function found(id: string): Promise<ReconProposalsTable> {
    const row = await repo.find(k, id);
    if (!row) throw new NotFoundError('Proposed match', id);
    return row;
  }

  const alreadyDecided = (row: Pick<ReconProposalsTable, 'state' | 'decided_by'>) =>
    new ConflictError(`The proposed match is already ${row.state}`, 'PROPOSAL_DECIDED', { state: row.state, decidedBy: row.decided_by });

  async function view(row: ReconProposalsTable, unmasked: boolean): Promise<ProposalView> {
    return proposalView(row, await userAccounts.displayNames(k, [row.decided_by]), unmasked);
  }

  async function decide(rc: RequestContext, id: string, state: Decision, note: string | null): Promise<ProposalView> {
    const row = await found(id);
    if (row.state !== 'proposed') throw alreadyDecided(row);
    const now = clock.now();
    await k.transaction().execute(async (trx) => {
      const job = await repo.lockCurrentJob(trx, row.job_id);
      if (!job) {
        const supersededBy = (await repo.findJob(trx, row.job_id))?.superseded_by ?? null;
        throw new ConflictError('The day has been run again: decide on the proposals of the current run', 'JOB_SUPERSEDED', { jobId: row.job_id, supersededBy });
      }
      if (!(await repo.decide(trx, id, { state, decided_by: rc.actor.userId, decided_at: now, note }))) throw alreadyDecided((await repo.find(trx, id))!);
      if (job.summary !== null) await repo.setSummary(trx, job.id, JSON.stringify(summaryAfterDecision(JSON.parse(job.summary) as MatchSummary, asMatch(row), state)));
      const made = state === 'rejected' ? await storeRejectedDifferences(trx, job.id, id, asMatch(row), now) : [];
      await audit.append(trx, rc, {
        action: state === 'confirmed' ? 'recon_proposal.confirm' : 'recon_proposal.reject',
        targetType: 'recon_proposal',
        targetId: id,
        before: { state: row.state },
        after: { state, jobId: row.job_id, channel: row.channel, day: row.day, score: row.score, reasons: JSON.parse(row.reasons) as string[], note, ...(state === 'rejected' ? { differences: made.map((d) => d.id) } : {}) },
        reason: state === 'rejected' ? note : null,
      });
      // last in the transaction: each difference the rejection made, as the live stream tells of a difference's moves
      for (const d of made) await reconChanged.difference(trx, job, d, 'create', d.state, now);
    });
    return view((await repo.find(k, id))!, false);
  }

  return {
    async list(rc: RequestContext, jobId: string, filter: ProposalFilter, page: ListRequest, unmasked: boolean): Promise<CursorPage<ProposalView>> {
      requirePermission(rc.actor, 'recon:read');
      if (!(await repo.findJob(k, jobId))) throw new NotFoundError('Reconciliation job', jobId);
      return cursorPage(PROPOSAL_ORDER, page, (p) => repo.list(k, jobId, filter, p), async (rows) => {
        const people = await userAccounts.displayNames(k, rows.map((r) => r.decided_by));
        return rows.map((r) => proposalView(r, people, unmasked));
      });
    },

    /** proposed → confirmed: the pair counts as matched (the job's summary moves it from proposed to matched). */
    confirm(rc: RequestContext, id: string, body: { note?: string | undefined }): Promise<ProposalView> {
      requirePermission(rc.actor, 'recon:write');
      const note = body.note?.trim() || null;
      return decide(rc, id, 'confirmed', note);
    },

    /**
     * proposed → rejected, with the reason: not the same transaction. Its records are unmatched again, so each becomes
     * the difference it would have been without the proposal (ours missing-theirs, theirs missing-ours), open.
     */
    reject(rc: RequestContext, id: string, body: { reason: string }): Promise<ProposalView> {
      requirePermission(rc.actor, 'recon:write');
      const reason = body.reason.trim();
      if (reason === '') throw invalidFields([fieldProblem('reason', 'required')]);
      return decide(rc, id, 'rejected', reason);
    },
  };
}

export type ProposalsService = ReturnType<typeof createProposalsService>;
