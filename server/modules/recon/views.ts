import { toIso, toIsoOrNull } from '../../clock.ts';
import type { NormalizedRecord } from './importers/index.ts';
import type { DifferenceParams, DifferenceRecord, MatchSummary } from './matching.ts';
import { MASKS } from '../personal/index.ts';
import type { ReconDifferenceEventsTable, ReconDifferencesTable, ReconImportFindingsTable, ReconImportsTable, ReconJobsTable } from './recon.tables.ts';
import type { DifferenceView, ImportView, JobView, RecordView, Summary } from './recon.schemas.ts';
import type { Source } from './sources.ts';

/** Rows and records as the API shows them. `people` maps user ids to display names. */
export type People = Map<string, string>;
const personOf = (people: People, id: string | null) => (id === null ? null : { id, name: people.get(id) ?? id });

/**
 * The raw row shows the record's card and account numbers as the masked fields do: the response masker masks the
 * fields (PersonalString), this masks the same values where they appear inside the row's text.
 */
export function maskRaw(raw: string, record: Pick<NormalizedRecord, 'card' | 'account'>): string {
  let out = raw;
  for (const [value, mask] of [
    [record.card, MASKS.cardNumber],
    [record.account, MASKS.account],
  ] as const) {
    if (value && value.length >= 4) out = out.split(value).join(mask(value));
  }
  return out;
}

export function recordView(r: NormalizedRecord | DifferenceRecord, unmasked: boolean): RecordView {
  return {
    source: r.source,
    txnId: r.txnId,
    channelOrderId: r.channelOrderId,
    merchantOrderId: r.merchantOrderId,
    thirdPartyOrderId: r.thirdPartyOrderId,
    refundId: r.refundId,
    merchantRefundId: r.merchantRefundId,
    account: r.account,
    card: r.card,
    terminal: r.terminal,
    channel: r.channel,
    type: r.type,
    direction: r.direction,
    amountFen: r.amountFen,
    feeFen: r.feeFen,
    currency: r.currency,
    status: r.status,
    statusRaw: r.statusRaw,
    txnTime: toIsoOrNull(r.txnTime),
    collectedAt: toIsoOrNull(r.collectedAt),
    offline: r.offline,
    balanceBeforeFen: r.balanceBeforeFen,
    balanceAfterFen: r.balanceAfterFen,
    cardCounter: r.cardCounter,
    lostIds: [...r.lostIds],
    unmatchable: r.unmatchable,
    file: r.provenance.file,
    line: r.provenance.line,
    raw: unmasked ? r.provenance.raw : maskRaw(r.provenance.raw, r),
  };
}

export function importView(row: ReconImportsTable, people: People): ImportView {
  return {
    id: row.id,
    source: row.source as Source,
    fileName: row.file_name,
    sha256: row.sha256,
    bytes: row.bytes,
    encoding: row.encoding === null ? null : { name: row.encoding, reason: row.encoding_reason ?? '' },
    layout: row.layout,
    status: row.status,
    rows: row.rows,
    records: row.records,
    rejected: row.rejected,
    findings: row.findings,
    findingCounts: JSON.parse(row.finding_counts) as Record<string, number>,
    amountFen: row.amount_fen,
    txnFrom: toIsoOrNull(row.min_txn_time),
    txnTo: toIsoOrNull(row.max_txn_time),
    createdBy: personOf(people, row.created_by),
    createdAt: toIso(row.created_at),
  };
}

export const findingView = (f: ReconImportFindingsTable) => ({
  code: f.code,
  severity: f.severity,
  file: f.file,
  line: f.line,
  field: f.field,
  message: f.message,
  params: JSON.parse(f.params) as Record<string, string | number>,
});

/** The engine's summary as stored (every kind present, so the console's table has all its rows). */
export const summaryView = (s: MatchSummary): Summary => ({ ...s, differences: { ...s.differences } });

export function jobView(row: ReconJobsTable, people: People): JobView {
  return {
    id: row.id,
    channel: row.channel,
    day: row.day,
    status: row.status,
    trigger: row.trigger,
    progress: row.progress,
    phase: row.phase,
    error: row.error,
    summary: row.summary === null ? null : summaryView(JSON.parse(row.summary) as MatchSummary),
    differences: row.differences,
    previousJobId: row.previous_job_id,
    supersededBy: row.superseded_by,
    createdBy: personOf(people, row.created_by),
    createdAt: toIso(row.created_at),
    startedAt: toIsoOrNull(row.started_at),
    finishedAt: toIsoOrNull(row.finished_at),
  };
}

export function differenceView(row: ReconDifferencesTable, people: People, unmasked: boolean): DifferenceView {
  const records = (json: string) => (JSON.parse(json) as DifferenceRecord[]).map((r) => recordView(r, unmasked));
  return {
    id: row.id,
    jobId: row.job_id,
    seq: row.seq,
    kind: row.kind as DifferenceView['kind'],
    amountFen: row.amount_fen,
    deltaFen: row.delta_fen,
    txnTime: toIsoOrNull(row.txn_time),
    account: row.account,
    fields: JSON.parse(row.fields) as string[],
    left: records(row.left_records),
    right: records(row.right_records),
    params: JSON.parse(row.params) as DifferenceParams,
    state: row.state,
    assignee: personOf(people, row.assignee_id),
    resolution: row.resolution,
    resolutionNote: row.resolution_note,
    resolutionAmountFen: row.resolution_amount_fen,
    pending: row.pending === 1,
    maker: personOf(people, row.maker_id),
    checker: personOf(people, row.checker_id),
    proposedAt: toIsoOrNull(row.proposed_at),
    resolvedAt: toIsoOrNull(row.resolved_at),
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export const eventView = (e: ReconDifferenceEventsTable, people: People) => ({
  id: e.id,
  kind: e.kind,
  fromState: e.from_state,
  toState: e.to_state,
  resolution: e.resolution,
  note: e.note,
  assignee: personOf(people, e.assignee_id),
  actor: personOf(people, e.actor_id),
  at: toIso(e.at),
});
