/**
 * Who may do what to a difference, as the server decides it (recon.routes.ts and differences.service.ts): the console
 * offers exactly these and says why an approval is not offered; the server refuses anything else anyway (403
 * SELF_APPROVAL, 409 DIFFERENCE_STATE), and the page shows that refusal too.
 */
import type { Difference } from './reconApi';

export const RECON_PERMISSION = { read: 'recon:read', write: 'recon:write', approve: 'recon:approve' } as const;

/**
 * An approval for this person: `allowed`; `maker` — they proposed it and maker-checker keeps them from deciding on it;
 * `noPermission` — a pending proposal they cannot approve (no recon:approve); `none` — nothing is pending.
 */
export type ApprovalStanding = 'allowed' | 'maker' | 'noPermission' | 'none';

export interface DifferenceActions {
  investigate: boolean;
  resolve: boolean;
  reject: boolean;
  assign: boolean;
  comment: boolean;
  /** approve and refuse share the rule */
  approval: ApprovalStanding;
}

type Subject = Pick<Difference, 'state' | 'pending' | 'maker'>;

export function differenceActions(d: Subject, myId: string, can: (permission: string) => boolean): DifferenceActions {
  const write = can(RECON_PERMISSION.write);
  const working = d.state === 'investigating' && !d.pending;
  const closed = d.state === 'resolved' || d.state === 'rejected';
  let approval: ApprovalStanding = 'none';
  if (d.state === 'investigating' && d.pending) {
    if (d.maker?.id === myId) approval = 'maker';
    else approval = can(RECON_PERMISSION.approve) ? 'allowed' : 'noPermission';
  }
  return {
    investigate: write && d.state === 'open' && !d.pending,
    resolve: write && working,
    reject: write && working,
    assign: write && !closed,
    comment: write,
    approval,
  };
}

/** The adjustments file carries whole account and card numbers for the card system: recon:approve only. */
export const canDownloadAdjustments = (can: (permission: string) => boolean) => can(RECON_PERMISSION.approve);
