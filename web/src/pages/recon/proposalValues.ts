/**
 * Pure parts of the proposed matches' table: the engine's reasons as translation keys with their values, and who may
 * decide (as the server decides it: recon:write, a proposal still undecided, on the current run of the day).
 */
import type { Proposal } from './proposalsApi';
import { RECON_PERMISSION } from './reconPermissions';

export interface ReasonWords {
  /** under `recon.proposalReason.` */
  key: string;
  values: { fen?: number; seconds?: number };
}

/**
 * The engine's reason codes (engine/phases.ts): `amount-equal`, `amount-within-tolerance:<fen>`, `time-within-<s>s`,
 * `same-status`, `same-card`, `same-<id>`, `conflicting-ids`. A code the console does not know yet is shown as sent.
 */
export function reasonWords(reason: string): ReasonWords {
  const amount = /^amount-within-tolerance:(\d+)$/.exec(reason);
  if (amount) return { key: 'amount-within-tolerance', values: { fen: Number(amount[1]) } };
  const time = /^time-within-(\d+)s$/.exec(reason);
  if (time) return { key: 'time-within', values: { seconds: Number(time[1]) } };
  return { key: reason, values: {} };
}

/** The score as a whole percentage, e.g. 0.825 → "83%". */
export const scorePercent = (score: number): string => `${Math.round(score * 100)}%`;

/** Confirm and reject are offered for an undecided proposal of the current run, to holders of recon:write. */
export const canDecide = (p: Pick<Proposal, 'state'>, superseded: boolean, can: (permission: string) => boolean): boolean =>
  p.state === 'proposed' && !superseded && can(RECON_PERMISSION.write);

/** After these refusals the list is read again: someone decided first, or the day was run again. */
export const RELOAD_ON = new Set(['PROPOSAL_DECIDED', 'JOB_SUPERSEDED']);
