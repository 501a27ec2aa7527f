import { createHash } from 'node:crypto';
import type { Difference, DifferenceKind, DifferenceRecord, MatchSummary, ProposedMatch } from './matching.ts';

/**
 * Pure parts of proposed matches: the pair's identity across runs of a day, what a decision does to the job's
 * summary, and the differences a rejection leaves. A confirmed pair counts as matched (by id when the engine paired
 * them on an id whose other ids disagree, by key otherwise), with its amount and both records in the match rate; a
 * rejected pair's records are what they would have been without the proposal: each of ours a `missing-theirs`
 * difference, each of theirs a `missing-ours`. `proposed` counts the proposals still awaiting a decision, so both
 * decisions lower it.
 */

/** Where a record came from and what it says: the same record in another run of the same day gives the same text. */
const recordRef = (r: DifferenceRecord) => [r.source, r.provenance.file, r.provenance.line, r.txnId, r.merchantOrderId, r.channelOrderId, r.refundId, r.amountFen, r.txnTime];

export function pairKey(p: Pick<ProposedMatch, 'left' | 'right'>): string {
  return createHash('sha256').update(JSON.stringify([p.left.map(recordRef), p.right.map(recordRef)])).digest('hex');
}

export type Decision = 'confirmed' | 'rejected';

/** A rejected pair's records, unmatched: ours are missing on their side (短款), theirs on ours (长款). */
const leftovers = (p: Pick<ProposedMatch, 'left' | 'right'>): { kind: DifferenceKind; record: DifferenceRecord; side: 'left' | 'right' }[] => [
  ...p.left.map((record) => ({ kind: 'missing-theirs' as const, record, side: 'left' as const })),
  ...p.right.map((record) => ({ kind: 'missing-ours' as const, record, side: 'right' as const })),
];

/**
 * The differences a rejected proposal leaves, one per record, as the engine reports a record that found no partner
 * (engine/classify.ts: the amount at stake, the time, the account or else the card), with params saying they come
 * from a rejected proposal and which (`rejectedProposal: true`, `proposalId`).
 */
export function rejectedDifferences(p: Pick<ProposedMatch, 'left' | 'right'>, proposalId: string): Difference[] {
  return leftovers(p).map(({ kind, record, side }) => ({
    kind,
    left: side === 'left' ? [record] : [],
    right: side === 'right' ? [record] : [],
    fields: [],
    deltaFen: record.amountFen,
    amountFen: record.amountFen ?? 0,
    txnTime: record.txnTime,
    account: record.account ?? record.card,
    params: { rejectedProposal: true, proposalId },
  }));
}

/** The summary after deciding one proposal (the summary as stored: MatchSummary JSON). */
export function summaryAfterDecision(s: MatchSummary, p: Pick<ProposedMatch, 'left' | 'right' | 'reasons'>, decision: Decision): MatchSummary {
  const next: MatchSummary = { ...s, matched: { ...s.matched }, proposed: Math.max(0, s.proposed - 1) };
  if (decision === 'rejected') {
    const differences = { ...s.differences };
    for (const { kind, record } of leftovers(p)) {
      const before = differences[kind] ?? { count: 0, amountFen: 0 };
      differences[kind] = { count: before.count + 1, amountFen: before.amountFen + (record.amountFen ?? 0) };
    }
    return { ...next, differences };
  }
  if (p.reasons.includes('conflicting-ids')) next.matched.byId += 1;
  else next.matched.byKey += 1;
  // the engine counts a pair's amount by our side's records
  next.matched.amountFen += p.left.reduce((sum, r) => sum + (r.amountFen ?? 0), 0);
  const all = s.left.records + s.right.records;
  if (all > 0) next.matchRate = Math.min(1, (Math.round(s.matchRate * all) + p.left.length + p.right.length) / all);
  return next;
}
