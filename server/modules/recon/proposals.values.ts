import { createHash } from 'node:crypto';
import type { DifferenceRecord, MatchSummary, ProposedMatch } from './matching.ts';

/**
 * Pure parts of proposed matches: the pair's identity across runs of a day, and what a decision does to the job's
 * summary. A confirmed pair counts as matched (by id when the engine paired them on an id whose other ids disagree,
 * by key otherwise), with its amount and both records in the match rate; `proposed` counts the proposals still
 * awaiting a decision, so a rejected one leaves it too (its records stay unmatched).
 */

/** Where a record came from and what it says: the same record in another run of the same day gives the same text. */
const recordRef = (r: DifferenceRecord) => [r.source, r.provenance.file, r.provenance.line, r.txnId, r.merchantOrderId, r.channelOrderId, r.refundId, r.amountFen, r.txnTime];

export function pairKey(p: Pick<ProposedMatch, 'left' | 'right'>): string {
  return createHash('sha256').update(JSON.stringify([p.left.map(recordRef), p.right.map(recordRef)])).digest('hex');
}

export type Decision = 'confirmed' | 'rejected';

/** The summary after deciding one proposal (the summary as stored: MatchSummary JSON). */
export function summaryAfterDecision(s: MatchSummary, p: Pick<ProposedMatch, 'left' | 'right' | 'reasons'>, decision: Decision): MatchSummary {
  const next: MatchSummary = { ...s, matched: { ...s.matched }, proposed: Math.max(0, s.proposed - 1) };
  if (decision === 'rejected') return next;
  if (p.reasons.includes('conflicting-ids')) next.matched.byId += 1;
  else next.matched.byKey += 1;
  // the engine counts a pair's amount by our side's records
  next.matched.amountFen += p.left.reduce((sum, r) => sum + (r.amountFen ?? 0), 0);
  const all = s.left.records + s.right.records;
  if (all > 0) next.matchRate = Math.min(1, (Math.round(s.matchRate * all) + p.left.length + p.right.length) / all);
  return next;
}
