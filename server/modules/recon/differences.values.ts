import { toIsoOrNull } from '../../clock.ts';
import type { Difference } from './matching.ts';
import type { DifferenceDraft } from './recon.schemas.ts';
import { recordView } from './views.ts';

/** The differences list's `assigneeId` that asks for the differences nobody is assigned (like alerts' `parent=none`). */
export const UNASSIGNED = 'none';

/** A difference as a dry run answers it: the engine's finding, not stored, so without id, state or workflow. */
export function differenceDraft(d: Difference, unmasked: boolean): DifferenceDraft {
  return {
    kind: d.kind,
    amountFen: d.amountFen,
    deltaFen: d.deltaFen,
    txnTime: toIsoOrNull(d.txnTime),
    account: d.account,
    fields: [...d.fields],
    left: d.left.map((r) => recordView(r, unmasked)),
    right: d.right.map((r) => recordView(r, unmasked)),
    params: { ...d.params },
  };
}
