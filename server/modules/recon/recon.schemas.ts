import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DocumentedBody } from '../../http/documented-body.ts';
import { Cursor, ErrorResponse, IsoDateTime, Limit, ListQuery, NullableIsoDateTime, StringEnum, TextBody } from '../../http/schemas.ts';
import { NullablePersonalString } from '../personal/index.ts';
import { DIFFERENCE_KINDS, type DifferenceParams as DifferenceParamsType } from './matching.ts';
import { DIFFERENCE_STATES, EVENT_KINDS, IMPORT_STATUSES, JOB_STATUSES, RESOLUTIONS } from './recon.tables.ts';
import { ENCODINGS, SOURCES } from './sources.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Fen = Type.Integer({ description: 'integer fen' });
const NullableFen = Nullable(Fen);
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you read: 409 if it moved since' });
const Note = Type.String({ minLength: 1, maxLength: 2000 });
const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'business day YYYY-MM-DD' });
const UserRef = Type.Object({ id: Type.String(), name: Type.String() });
const Params = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), { description: "machine-readable detail for the console's sentence (expected and actual figures, the key, the counter range …)" });
/**
 * A difference's params as emitted (matching.ts DifferenceParams): figures and ids, null where a side has none, and
 * flags such as `unmatchable`, `carried` (engine/classify.ts) and `rejectedProposal`.
 */
const DifferenceParams = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
  description: "machine-readable detail for the console's sentence (expected and actual figures, the key, the counter range, flags such as unmatchable, carried, rejectedProposal with proposalId …)",
});
/** True only when two types hold the same values. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The schema validates what matching.ts says a difference carries, no more and no less: tsc stops here if one changes alone.
const _differenceParamsAgree: Same<Static<typeof DifferenceParams>, DifferenceParamsType> = true;
const SourceName = StringEnum(SOURCES, { description: 'ledger (opsdesk card-ledger CSV and other one-card exports), wechat (trade bill), wechat-fundflow, alipay (merchant bill ZIP), mt940, camt (053/054), unionpay (fixed-width settlement), wechat-personal, alipay-personal, balances (the card system’s account daily settlement, 账户日结表: the balance checks’ input); live: opsdesk’s own transactions (terminals’ reports and back-filled records), snapshotted for from..to without a body' });
const Kind = StringEnum(DIFFERENCE_KINDS);
const State = StringEnum(DIFFERENCE_STATES, { description: 'open → investigating → resolved or rejected' });
const Resolution = StringEnum(RESOLUTIONS, { description: 'adjust and write-off need a second approver (recon:approve, not the maker)' });

// ————— imports —————

export const ImportQuery = Type.Object({
  source: SourceName,
  encoding: Type.Optional(StringEnum(ENCODINGS, { description: 'overrides detection; gbk is read as GB18030' })),
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'the name findings and records carry; default upload' })),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone of local times without an offset; default Asia/Shanghai' })),
  mapping: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'ledger: a saved column mapping (name or id) to apply; without it, a saved mapping made for the same header is applied (a MAPPING_APPLIED finding says which)' })),
  from: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'live: the first day (YYYY-MM-DD, midnight in timeZone) or instant (ISO 8601 with offset) of the transactions to snapshot' })),
  to: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'live: the last day (whole, YYYY-MM-DD) or the instant the span ends before (ISO 8601 with offset); at most 31 days after from' })),
  sheet: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'ledger as an .xlsx workbook: the worksheet to read; default the first' })),
});

export const UploadBody = DocumentedBody('The file itself as the raw body (not a form): a CSV or an XLSX workbook (ledger), a ZIP (Alipay), an XML (camt), an MT940 or UnionPay text file.', {
  'application/octet-stream': Type.String({ format: 'binary' }),
  '*/*': Type.String({ format: 'binary' }),
});

export const CsvFile = TextBody('text/csv', 'UTF-8 CSV with a BOM; text cells that would start a formula are prefixed with an apostrophe');
export const XlsxFile = TextBody('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'an XLSX workbook; text cells that would start a formula are prefixed with an apostrophe');

export const FindingView = Type.Object({
  code: Type.String({ description: 'SUMMARY_MISMATCH, TRUNCATED, MANGLED_ID, … (importers/README.md)' }),
  severity: StringEnum(['error', 'warning'] as const),
  file: Type.String(),
  line: Nullable(Type.Integer()),
  field: Nullable(Type.String()),
  message: Type.String(),
  params: Params,
});

const ImportProps = {
  id: Type.String(),
  source: SourceName,
  fileName: Type.String(),
  sha256: Type.String(),
  bytes: Type.Integer(),
  encoding: Nullable(Type.Object({ name: Type.String(), reason: Type.String() })),
  layout: Nullable(Type.String()),
  status: StringEnum(IMPORT_STATUSES, { description: 'failed: a file-level error (see findings); no records were kept' }),
  rows: Type.Integer({ description: 'data rows read (records + rejected)' }),
  records: Type.Integer(),
  rejected: Type.Integer(),
  findings: Type.Integer({ description: 'all findings, stored or not' }),
  findingCounts: Type.Record(Type.String(), Type.Integer()),
  amountFen: Type.Integer({ description: 'Σ amounts of the records (fen, direction ignored)' }),
  txnFrom: NullableIsoDateTime,
  txnTo: NullableIsoDateTime,
  createdBy: Nullable(UserRef),
  createdAt: IsoDateTime,
};
export const ImportView = Type.Object(ImportProps);
export const ImportDetail = Type.Object({
  ...ImportProps,
  findingList: Type.Array(FindingView, { description: 'file-level findings and the first row-level ones, in file order' }),
  findingsOmitted: Type.Integer({ description: 'findings counted but not stored' }),
});
export const ImportListQuery = Type.Object({ source: Type.Optional(SourceName), status: Type.Optional(StringEnum(IMPORT_STATUSES)), cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) });
export const ImportPage = Type.Object({ items: Type.Array(ImportView), nextCursor: Nullable(Type.String()) });

export const RecordView = Type.Object({
  source: Type.String(),
  txnId: Nullable(Type.String()),
  channelOrderId: Nullable(Type.String()),
  merchantOrderId: Nullable(Type.String()),
  thirdPartyOrderId: Nullable(Type.String()),
  refundId: Nullable(Type.String()),
  merchantRefundId: Nullable(Type.String()),
  account: NullablePersonalString('account'),
  card: NullablePersonalString('cardNumber'),
  terminal: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  type: Type.String(),
  direction: Type.String(),
  amountFen: NullableFen,
  feeFen: NullableFen,
  currency: Type.String(),
  status: Type.String(),
  statusRaw: Nullable(Type.String()),
  txnTime: NullableIsoDateTime,
  collectedAt: NullableIsoDateTime,
  offline: Nullable(Type.Boolean()),
  balanceBeforeFen: NullableFen,
  balanceAfterFen: NullableFen,
  cardCounter: Nullable(Type.Integer()),
  lostIds: Type.Array(Type.String()),
  unmatchable: Type.Boolean(),
  file: Type.String(),
  line: Type.Integer(),
  raw: Type.String({ description: "the row as read; the record's card and account numbers in it are masked unless unmasked with a reason" }),
});
export const RecordsQuery = ListQuery();
export const RecordPage = Type.Object({ items: Type.Array(RecordView), nextCursor: Type.Union([Type.String(), Type.Null()]), total: Type.Integer({ description: 'records in the import' }) });

// ————— channels —————

const Hhmm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:mm' });
export const Channel = Type.Object({
  id: Type.String(),
  name: Type.String(),
  leftSources: Type.Array(SourceName),
  rightSources: Type.Array(SourceName),
  leftCutoff: Type.Object({ time: Hhmm, timeZone: Type.String() }),
  rightCutoff: Type.Object({ time: Hhmm, timeZone: Type.String() }),
  carryWindowMinutes: Type.Integer(),
  amountAbsFen: Type.Integer(),
  amountPctBp: Type.Integer({ description: 'hundredths of a percent: 50 = 0.5 %' }),
  timeWindowSeconds: Type.Integer(),
  timeDirection: StringEnum(['either', 'right-after-left', 'right-before-left'] as const),
  autoConfirmPct: Type.Integer(),
  scheduleTime: Nullable(Hhmm),
  scheduleZone: Type.String(),
  billDueTime: Nullable(Hhmm),
  openAlertThreshold: Type.Integer(),
  enabled: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: IsoDateTime,
});
export const ChannelList = Type.Object({ items: Type.Array(Channel) });
const Zone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' });
const CutoffInput = Type.Object({ time: Hhmm, timeZone: Zone });
const Sources = Type.Array(SourceName, { minItems: 1, maxItems: 9, uniqueItems: true });
export const ChannelPatchBody = Type.Object({
  version: Version,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  leftSources: Type.Optional(Sources),
  rightSources: Type.Optional(Sources),
  leftCutoff: Type.Optional(CutoffInput),
  rightCutoff: Type.Optional(CutoffInput),
  carryWindowMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
  amountAbsFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  amountPctBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  timeWindowSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400 })),
  timeDirection: Type.Optional(StringEnum(['either', 'right-after-left', 'right-before-left'] as const)),
  autoConfirmPct: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  scheduleTime: Type.Optional(Nullable(Hhmm)),
  scheduleZone: Type.Optional(Zone),
  billDueTime: Type.Optional(Nullable(Hhmm)),
  openAlertThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  enabled: Type.Optional(Type.Boolean()),
});

// ————— jobs —————

const SideSummary = Type.Object({ records: Type.Integer(), amountFen: Fen, carriedIn: Type.Integer(), carriedOut: Type.Integer() });
export const Summary = Type.Object({
  left: SideSummary,
  right: SideSummary,
  matched: Type.Object({ byId: Type.Integer(), byKey: Type.Integer(), manyToOne: Type.Integer(), oneToMany: Type.Integer(), amountFen: Fen }),
  proposed: Type.Integer(),
  differences: Type.Record(Type.String(), Type.Object({ count: Type.Integer(), amountFen: Fen })),
  matchRate: Type.Number({ description: 'matched records / all records of both sides, 0..1' }),
  elapsedMs: Type.Integer(),
  balanceChecks: Type.Optional(
    Type.Object(
      { status: StringEnum(['checked', 'no-snapshot'] as const), rows: Type.Integer(), accounts: Type.Integer(), unattributed: Type.Integer() },
      { description: "card-db-balance, consumption-vs-balance, recharge-vs-increase against the day's account daily settlement (source balances): checked, or skipped (no-snapshot) for want of one; rows and accounts compared; ledger records no account could be found for" },
    ),
  ),
});

const JobProps = {
  id: Type.String(),
  channel: Type.String(),
  day: Type.String(),
  status: StringEnum(JOB_STATUSES),
  trigger: StringEnum(['manual', 'schedule'] as const),
  progress: Type.Number({ description: '0..1' }),
  phase: Nullable(Type.String()),
  error: Nullable(Type.String()),
  summary: Nullable(Summary),
  differences: Type.Integer(),
  previousJobId: Nullable(Type.String({ description: 'the earlier run of this channel and day, kept for comparison' })),
  supersededBy: Nullable(Type.String()),
  createdBy: Nullable(UserRef),
  createdAt: IsoDateTime,
  startedAt: NullableIsoDateTime,
  finishedAt: NullableIsoDateTime,
};
export const JobView = Type.Object(JobProps);
export const JobDetail = Type.Object({
  ...JobProps,
  inputs: Type.Array(Type.Object({ side: StringEnum(['left', 'right', 'balances'] as const, { description: 'balances: the account daily settlement the balance checks used' }), importId: Type.String(), source: Type.String(), fileName: Type.String(), records: Type.Integer() })),
  previous: Nullable(Type.Object({ id: Type.String(), summary: Nullable(Summary), finishedAt: NullableIsoDateTime })),
});
export const JobListQuery = Type.Object({
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  day: Type.Optional(CalendarDate),
  status: Type.Optional(StringEnum(JOB_STATUSES)),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export const JobPage = Type.Object({ items: Type.Array(JobView), nextCursor: Nullable(Type.String()) });

const ImportIds = Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true });
export const CreateJobBody = Type.Object({
  channel: Type.String({ minLength: 1, maxLength: 64 }),
  day: CalendarDate,
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'match and answer, store nothing' })),
  leftImportIds: Type.Optional(ImportIds),
  rightImportIds: Type.Optional(ImportIds),
});

// ————— differences —————

const DifferenceProps = {
  kind: Kind,
  amountFen: Fen,
  deltaFen: NullableFen,
  txnTime: NullableIsoDateTime,
  account: NullablePersonalString('account'),
  fields: Type.Array(Type.String(), { description: 'normalized fields whose values differ between the sides' }),
  left: Type.Array(RecordView),
  right: Type.Array(RecordView),
  params: DifferenceParams,
};
export const DifferenceDraft = Type.Object(DifferenceProps);
export const DifferenceView = Type.Object({
  id: Type.String(),
  jobId: Type.String(),
  seq: Type.Integer(),
  ...DifferenceProps,
  state: State,
  assignee: Nullable(UserRef),
  resolution: Nullable(Resolution),
  resolutionNote: Nullable(Type.String()),
  resolutionAmountFen: NullableFen,
  pending: Type.Boolean({ description: 'an adjust or write-off waits for its second approver' }),
  maker: Nullable(UserRef),
  checker: Nullable(UserRef),
  proposedAt: NullableIsoDateTime,
  resolvedAt: NullableIsoDateTime,
  version: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const DifferenceEvent = Type.Object({
  id: Type.String(),
  kind: StringEnum(EVENT_KINDS),
  fromState: Nullable(State),
  toState: Nullable(State),
  resolution: Nullable(Resolution),
  note: Nullable(Type.String()),
  assignee: Nullable(UserRef),
  actor: Nullable(UserRef),
  at: IsoDateTime,
});
export const DifferenceDetail = Type.Object({ ...DifferenceView.properties, events: Type.Array(DifferenceEvent) });
export const DifferenceListQuery = Type.Object({
  kind: Type.Optional(Kind),
  state: Type.Optional(State),
  assigneeId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "a user id, or 'none' for the differences nobody is assigned" })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export const DifferencePage = Type.Object({ items: Type.Array(DifferenceView), nextCursor: Nullable(Type.String()) });

/** A person a difference can be assigned to: the name and nothing else (no username, e-mail or phone). */
export const Assignee = Type.Object({ id: Type.String(), displayName: Type.String() }, { additionalProperties: false });
export const AssigneeList = Type.Object({
  items: Type.Array(Assignee, { maxItems: 500, description: 'active users whose roles give them recon:write, by name' }),
  truncated: Type.Boolean({ description: 'more people hold recon:write than the 500 listed' }),
});
export type AssigneeList = Static<typeof AssigneeList>;

export const CreateJobResult = Type.Object({
  dryRun: Type.Boolean(),
  job: Nullable(JobDetail),
  dryRunResult: Nullable(
    Type.Object({
      summary: Summary,
      differences: Type.Array(DifferenceDraft, { description: 'the first 1000' }),
      differenceCount: Type.Integer(),
    }),
  ),
});

export const VersionBody = Type.Object({ version: Version, note: Type.Optional(Note) });
export const NoteBody = Type.Object({ version: Version, note: Note });
export const ResolveBody = Type.Object({
  version: Version,
  resolution: Resolution,
  note: Note,
  amountFen: Type.Optional(Type.Integer({ minimum: -9_007_199_254_740_991, maximum: 9_007_199_254_740_991, description: 'adjust / write-off: signed fen to book in the card system; default the difference' })),
});
export const AssignBody = Type.Object({ version: Version, assigneeId: Nullable(Id) });
export const CommentBody = Type.Object({ text: Note });

export const TrendQuery = Type.Object({ channel: Type.String({ minLength: 1, maxLength: 64 }), from: CalendarDate, to: CalendarDate });
export const Trend = Type.Object({
  items: Type.Array(
    Type.Object({
      day: Type.String(),
      jobId: Type.String(),
      leftRecords: Type.Integer(),
      rightRecords: Type.Integer(),
      matched: Type.Integer(),
      differences: Type.Integer(),
      differenceAmountFen: Fen,
      open: Type.Integer(),
      matchRate: Type.Number(),
    }),
  ),
});

export const ReconAlerts = Type.Object({
  items: Type.Array(
    Type.Object({
      channel: Type.String(),
      kind: StringEnum(['open-differences', 'bill-missing'] as const, { description: "open-differences: the day's current run has more open differences than the channel's threshold; bill-missing: yesterday's bill was not imported by its due time" }),
      day: Type.String(),
      jobId: Nullable(Type.String()),
      open: Nullable(Type.Integer()),
      threshold: Nullable(Type.Integer()),
      dueAt: NullableIsoDateTime,
    }),
  ),
});

export const importErrors = {
  409: Type.Ref(ErrorResponse, { description: 'DUPLICATE_IMPORT: this file of this source was imported before; details.importId names it' }),
  413: Type.Ref(ErrorResponse, { description: 'FILE_TOO_LARGE: over the upload limit' }),
  422: Type.Ref(ErrorResponse, { description: 'IMPORT_FAILED: a file-level finding (UNKNOWN_LAYOUT, TRUNCATED, XML_DOCTYPE …); details is the stored import with its findings, no records kept' }),
} as const;

export type ImportQuery = Static<typeof ImportQuery>;
export type ImportDetail = Static<typeof ImportDetail>;
export type ImportView = Static<typeof ImportView>;
export type RecordView = Static<typeof RecordView>;
export type Channel = Static<typeof Channel>;
export type ChannelPatchBody = Static<typeof ChannelPatchBody>;
export type JobView = Static<typeof JobView>;
export type JobDetail = Static<typeof JobDetail>;
export type CreateJobBody = Static<typeof CreateJobBody>;
export type CreateJobResult = Static<typeof CreateJobResult>;
export type DifferenceView = Static<typeof DifferenceView>;
export type DifferenceDetail = Static<typeof DifferenceDetail>;
export type DifferenceDraft = Static<typeof DifferenceDraft>;
export type ResolveBody = Static<typeof ResolveBody>;
export type Summary = Static<typeof Summary>;
export type Trend = Static<typeof Trend>;
export type ReconAlerts = Static<typeof ReconAlerts>;
