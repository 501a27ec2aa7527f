import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import { DocumentedBody } from '../../http/documented-body.ts';
import { NDJSON_TYPES } from './body.ts';
import {
  ENVELOPE_ID_PATTERN,
  LINKS,
  LOGIN_RESULTS,
  MAX_ENVELOPE_DEPTH,
  PAYMENT_CHANNELS,
  REPORTED_CODE_PATTERN,
  SEVERITIES,
  TXN_STATUSES,
  TXN_TYPES,
  ZONED_TIME_PATTERN,
} from './envelope.ts';

export const ItemResultSchema = Type.Object({
  index: Type.Integer(),
  id: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('rejected')]),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) })),
});

export const IngestResponse = Type.Object({
  received: Type.Integer(),
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(ItemResultSchema, { description: 'one per item in order; with ?results=errors only the items not accepted' }),
});

export const IngestQuery = Type.Object({
  results: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('errors')], { default: 'all' })),
});

/*
 * The envelope of SPEC §5.3, for the OpenAPI document: what device vendors build against. The pipeline checks each
 * item with envelope.validate.ts (fast, one item at a time, never failing the batch); ingest.schemas.test.ts holds this
 * description and that check to each other.
 */

const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description && { description }) });
const Text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description && { description }) });
const RequiredText = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description && { description }) });
const Percent = (description: string) => Type.Optional(Type.Number({ minimum: 0, maximum: 100, description }));
const Fen = (description: string) => Type.Integer({ minimum: -1e12, maximum: 1e12, description });

/** What every kind of data says beyond its listed fields: devices add their own, and those are kept as sent. */
const Data = <T extends TProperties>(properties: T, description: string) => Type.Object(properties, { additionalProperties: true, description: `${description} Other fields are kept as sent.` });

const HeartbeatData = Data(
  {
    status: Type.Optional(Text(40, 'the device’s own word for its state, e.g. ok')),
    cpu: Percent('CPU use, %'),
    memPct: Percent('memory use, %'),
    diskPct: Percent('disk use, %'),
    tempC: Type.Optional(Type.Number({ minimum: -60, maximum: 150, description: 'temperature, °C' })),
    link: Type.Optional(Enum(LINKS, 'the uplink in use')),
    onBattery: Type.Optional(Type.Boolean()),
  },
  'A heartbeat: the device is alive; its vitals are charted.',
);

const MetricData = Data(
  { name: RequiredText(100, 'e.g. queue_length'), value: Type.Number(), unit: Type.Optional(Text(20)) },
  'One measurement, rolled up per minute for the charts.',
);

const EventData = Data(
  {
    type: RequiredText(100, 'e.g. paper_out, door_open'),
    severity: Type.Optional(Enum(SEVERITIES)),
    message: Type.Optional(Text(4000)),
    attrs: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'free attributes' })),
  },
  'Something that happened on the device.',
);

const TxnData = Data(
  {
    txnId: RequiredText(64, 'the transaction’s id at the device or the payment system'),
    type: Enum(TXN_TYPES),
    amountFen: Fen('the amount in fen (1/100 yuan), a whole number'),
    account: Type.Optional(Text(64, 'the card holder’s account (personal data)')),
    card: Type.Optional(Text(64, 'the card number (personal data)')),
    channel: Type.Optional(Enum(PAYMENT_CHANNELS)),
    status: Enum(TXN_STATUSES),
    errorCode: Type.Optional(Text(64)),
    cardCounter: Type.Optional(Type.Integer({ minimum: 0, description: 'the card’s transaction counter' })),
    balanceBeforeFen: Type.Optional(Fen('the balance before, in fen')),
    balanceAfterFen: Type.Optional(Fen('the balance after, in fen')),
    offline: Type.Optional(Type.Boolean({ description: 'made offline and sent later' })),
  },
  'A payment, recharge, refund or ticket transaction.',
);

const LoginData = Data(
  {
    account: RequiredText(100, 'who signed in or tried to (personal data)'),
    ip: Type.Union([Type.String({ format: 'ipv4' }), Type.String({ format: 'ipv6' })], { description: 'where from: an IPv4 or IPv6 address (at most 64 characters)' }),
    deviceId: Type.Optional(Text(100)),
    userAgent: Type.Optional(Text(500)),
    result: Enum(LOGIN_RESULTS),
    reason: Type.Optional(Text(200, 'why it failed')),
  },
  'A sign-in at a self-service terminal or a web portal.',
);

const Labels = Type.Unsafe<Record<string, string>>({
  type: 'object',
  propertyNames: { maxLength: 100 },
  additionalProperties: { type: 'string', maxLength: 500 },
  maxProperties: 50,
  description: 'free string labels, at most 50 (names up to 100 characters, values up to 500)',
});

/** One kind of envelope: the fields every envelope has, its kind, and that kind's data. */
function envelopeOf<K extends string, D extends TSchema>(kind: K, name: string, data: D) {
  return Type.Object(
    {
      id: Type.String({ pattern: ENVELOPE_ID_PATTERN, description: 'a unique id, sortable by time: a ULID or UUIDv7 (8–64 of letters, digits and _ . : -). Sending an id again is answered as a duplicate and stored once' }),
      kind: Type.Literal(kind),
      ts: Type.String({
        maxLength: 40,
        pattern: ZONED_TIME_PATTERN,
        description: 'device time, ISO 8601 with its zone, e.g. 2026-11-20T11:32:05.123+08:00. Refused more than OPSDESK_INGEST_MAX_FUTURE_SECONDS (600) ahead of the server (TS_IN_FUTURE: check the device clock) or older than OPSDESK_INGEST_MAX_AGE_DAYS (30) (TS_TOO_OLD)',
      }),
      device: Type.String({ pattern: REPORTED_CODE_PATTERN, description: 'the code of the device (or service) reporting; a code no device is registered under is kept and listed as a discovered device' }),
      site: Type.Optional(Type.String({ pattern: REPORTED_CODE_PATTERN, description: 'the site code, when the sender knows it' })),
      labels: Type.Optional(Labels),
      data,
    },
    { $id: name, description: `An envelope of kind ${kind}.` },
  );
}

/** One item of a batch (SPEC §5.3): the same envelope arrives over HTTP, MQTT, syslog and the webhooks. */
export const IngestEnvelope = Type.Union(
  [
    envelopeOf('heartbeat', 'HeartbeatEnvelope', HeartbeatData),
    envelopeOf('metric', 'MetricEnvelope', MetricData),
    envelopeOf('event', 'EventEnvelope', EventData),
    envelopeOf('txn', 'TxnEnvelope', TxnData),
    envelopeOf('login', 'LoginEnvelope', LoginData),
  ],
  {
    $id: 'IngestEnvelope',
    description:
      'One telemetry item, by its kind. Each item is checked on its own: a bad one is rejected with its reason (results[i].error: code, message, field) and the good ones beside it are stored. ' +
      `An optional field may be null, which is the same as leaving it out. No text may hold U+0000, no number may be infinite, and nothing may nest deeper than ${MAX_ENVELOPE_DEPTH} levels.`,
  },
);

/**
 * The route reads the body itself, as a stream (body.ts: gunzip, split and parse as it arrives, stopping at the item
 * and byte limits), so Fastify neither validates nor buffers it; the OpenAPI document still describes it, per media type.
 */
export const IngestBody = DocumentedBody('a JSON array of envelopes (SPEC §5.3), one envelope, or NDJSON; gzip accepted', {
  'application/json': Type.Union([IngestEnvelope, Type.Array(IngestEnvelope, { description: 'at most OPSDESK_INGEST_MAX_ITEMS (10,000) items a request' })], {
    description: 'one envelope, or an array of them',
  }),
  // NDJSON: one envelope per line (OpenAPI 3.1 has no way to say "each line is"; the operation's description says it).
  ...Object.fromEntries(NDJSON_TYPES.map((type) => [type, IngestEnvelope])),
});
