import { toIsoOrNull } from '../../clock.ts';
import { newId } from '../../ids.ts';
import { storable } from './imports.service.ts';
import type { Difference } from './matching.ts';
import type { DifferenceDraft } from './recon.schemas.ts';
import type { ReconDifferencesTable } from './recon.tables.ts';
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

/** A difference as stored, open and unassigned: the run's differences and those a rejected proposal leaves. */
export function differenceRow(jobId: string, seq: number, d: Difference, now: number): ReconDifferencesTable {
  return {
    id: newId(),
    job_id: jobId,
    seq,
    kind: d.kind,
    state: 'open',
    amount_fen: d.amountFen,
    delta_fen: d.deltaFen,
    txn_time: d.txnTime,
    account: d.account === null ? null : storable(d.account),
    fields: JSON.stringify(d.fields),
    left_records: JSON.stringify(d.left),
    right_records: JSON.stringify(d.right),
    params: JSON.stringify(d.params),
    assignee_id: null,
    resolution: null,
    resolution_note: null,
    resolution_amount_fen: null,
    pending: 0,
    maker_id: null,
    checker_id: null,
    proposed_at: null,
    resolved_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}
