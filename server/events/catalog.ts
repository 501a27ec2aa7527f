import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DEVICE_HEALTHS, HealthReason } from '../modules/estate/index.ts';
import { StringEnum } from '../http/schemas.ts';

/**
 * Every domain event opsdesk records, defined once: the outbox stores them (domain_events.payload), consumers receive
 * them typed, the live stream sends them, and the OpenAPI document lists them (components.schemas), so the console's
 * types come from here through `npm run openapi` as the REST types do.
 *
 * A new event type: a TypeBox object with `type: Type.Literal('<module>.<what>')` and an `$id`, added to
 * EVENT_SCHEMAS and DomainEvent here, and its key to EVENT_KEYS in rows.ts (the compiler asks for it). See
 * server/events/README.md.
 */

/** A device's health changed: telemetry, the silence sweep, or an operator (maintenance on or off). */
export const DeviceHealthEvent = Type.Object(
  {
    type: Type.Literal('device.health'),
    deviceId: Type.String(),
    code: Type.String({ description: 'the device code' }),
    siteId: Type.String(),
    subsystem: Type.String({ description: 'e.g. consumption, access, network: what alert rules and the console group by' }),
    previous: StringEnum(DEVICE_HEALTHS, { description: 'the state it left' }),
    health: StringEnum(DEVICE_HEALTHS),
    reason: Type.Union([HealthReason, Type.Null()]),
    at: Type.Integer({ description: 'epoch milliseconds' }),
  },
  { $id: 'DeviceHealthEvent', description: 'device.health: a device moved from one health state to another' },
);
export type DeviceHealthEvent = Static<typeof DeviceHealthEvent>;

/** One batch of telemetry was taken in (one request, MQTT message, syslog flush or webhook call). Never per item. */
export const IngestBatchEvent = Type.Object(
  {
    type: Type.Literal('ingest.batch'),
    source: Type.String({ description: 'http, mqtt, syslog, alertmanager or grafana' }),
    accepted: Type.Integer({ minimum: 0 }),
    duplicates: Type.Integer({ minimum: 0 }),
    rejected: Type.Integer({ minimum: 0 }),
    at: Type.Integer({ description: 'epoch milliseconds' }),
  },
  { $id: 'IngestBatchEvent', description: 'ingest.batch: counts of one batch of telemetry taken in' },
);
export type IngestBatchEvent = Static<typeof IngestBatchEvent>;

/** The catalogue: every event type's schema (its ordering key is in rows.ts). */
export const EVENT_SCHEMAS = {
  'device.health': DeviceHealthEvent,
  'ingest.batch': IngestBatchEvent,
} as const satisfies Record<string, TSchema>;

/** Any domain event: the discriminated union of the catalogue. */
export const DomainEvent = Type.Union([DeviceHealthEvent, IngestBatchEvent], { $id: 'DomainEvent' });
export type DomainEvent = Static<typeof DomainEvent>;
export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
