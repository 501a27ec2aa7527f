import { Type } from '@sinclair/typebox';
import { Cursor, ErrorResponse, IsoDateTime, Limit, StringEnum } from '../../http/schemas.ts';
import { ImportProblemSchema } from '../estate/index.ts';
import { BACKFILL_KINDS } from './backfill.tables.ts';
import { CHANNELS, MAX_AMOUNT_FEN } from './backfill.values.ts';

const Kind = StringEnum(BACKFILL_KINDS, { description: 'ticket_sale (手工售票), ticket_check (手持/人工检票), counter_payment (柜台收款)' });

export const BackfillRecord = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  kind: Kind,
  deviceCode: Type.String(),
  recordNo: Type.String({ description: 'the handheld or paper record number' }),
  txnId: Type.String({ description: 'the transactions row it is booked as (source backfill)' }),
  amountFen: Type.Integer(),
  occurredAt: IsoDateTime,
  enteredVia: StringEnum(['form', 'import'] as const),
  importId: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  enteredBy: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.String() }),
  createdAt: IsoDateTime,
});

const Total = Type.Object({ kind: Kind, count: Type.Integer(), amountFen: Type.Integer() });

export const BackfillQuery = Type.Object({ kind: Type.Optional(Kind), cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) });

export const BackfillPage = Type.Object({
  items: Type.Array(BackfillRecord),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  totals: Type.Object({ count: Type.Integer(), amountFen: Type.Integer(), byKind: Type.Array(Total) }, { description: "all the incident's records, whatever the filter" }),
  window: Type.Object({ from: IsoDateTime, to: IsoDateTime }, { description: 'the outage window records must fall in, margin included' }),
});

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const RecordInput = Type.Object({
  kind: Kind,
  deviceCode: Text(64),
  recordNo: Text(64),
  occurredAt: IsoDateTime,
  amountFen: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT_FEN, description: 'fen; 0 or absent for a ticket check' })),
  channel: Type.Optional(StringEnum(CHANNELS, { description: 'how it was paid; cash when absent' })),
  account: Type.Optional(Type.String({ maxLength: 64 })),
  card: Type.Optional(Type.String({ maxLength: 64 })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const RecordBody = Type.Object({ records: Type.Array(RecordInput, { minItems: 1, maxItems: 50 }) });

export const RecordResult = Type.Object({
  items: Type.Array(
    Type.Object({
      status: StringEnum(['created', 'existing'] as const, { description: 'existing: the same device and record number was back-filled before; nothing written' }),
      record: BackfillRecord,
    }),
  ),
});

export const BackfillImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'check every row and report, write nothing' })),
});

export const BackfillImportResult = Type.Object({
  dryRun: Type.Boolean(),
  total: Type.Integer({ description: 'data rows in the file' }),
  imported: Type.Integer({ description: 'records written (on a dry run: that would be); 0 when the file has problems' }),
  importId: Type.Union([Type.String(), Type.Null()]),
  errors: Type.Array(ImportProblemSchema, { description: 'the first 1000 problems, by line' }),
  errorCount: Type.Integer(),
});

export const TemplateQuery = Type.Object({ format: Type.Optional(StringEnum(['csv', 'xlsx'] as const, { description: 'csv (UTF-8 with BOM) by default' })) });

export const backfillImportErrors = {
  413: Type.Ref(ErrorResponse, { description: 'PAYLOAD_TOO_LARGE (over 32 MiB) or IMPORT_TOO_LARGE (over 100,000 rows)' }),
  415: Type.Ref(ErrorResponse, { description: 'UNSUPPORTED_MEDIA_TYPE: send text/csv or an XLSX workbook' }),
  422: Type.Ref(ErrorResponse, { description: 'IMPORT_REJECTED: some rows have problems; nothing was imported; details is the import result' }),
} as const;
