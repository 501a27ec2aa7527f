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
    lastSeenAt: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'when the device was last heard from (epoch ms): absence rules time silence from it' })),
  },
  { $id: 'DeviceHealthEvent', description: 'device.health: a device moved from one health state to another' },
);
export type DeviceHealthEvent = Static<typeof DeviceHealthEvent>;

/**
 * What a batch says that alert rules can judge, folded so that it stays small: a metric's share of each minute per
 * device, each heartbeat's vitals as one row, transaction and login counts per minute, and each device event. Devices
 * are named by their index in `devices`. It travels in the batch's own ingest.batch event, so the alert evaluator works
 * only on what was committed, on whichever node holds it, and can replay it after a restart (server/modules/alerting).
 * Accounts stay in the database: the live stream never sends ingest.batch events.
 *
 * Its size is ingest's cost: the writer thread builds and stringifies it, the file stores and checkpoints it, the
 * evaluator parses it, once per batch. Heartbeats are most of a campus's traffic, so their vitals are one row of
 * numbers per heartbeat (`vitals`), not five sample rows each (131 KB → ~40 KB for a 1,000-event batch).
 */
const Vital = Type.Union([Type.Number(), Type.Null()]);
export const BatchSignals = Type.Object(
  {
    devices: Type.Array(Type.String()),
    samples: Type.Array(
      Type.Tuple([Type.Integer(), Type.String(), Type.Integer(), Type.Integer(), Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
      { description: '[device, metric, minute, count, sum, min, max, last]: metric events (events stored before vitals rows existed carry vitals here too)' },
    ),
    vitals: Type.Optional(
      Type.Array(Type.Tuple([Type.Integer(), Type.Integer(), Vital, Vital, Vital, Vital, Vital]), {
        description:
          '[device, ts, cpu, memPct, diskPct, tempC, onBattery] (the order of HEARTBEAT_VITALS in server/modules/ingest/derive.ts; onBattery as 0/1, null where not reported): one row per heartbeat — and per metric event named like a vital — oldest first',
      }),
    ),
    txns: Type.Array(Type.Tuple([Type.Integer(), Type.Integer(), Type.String(), Type.Union([Type.String(), Type.Null()]), Type.String(), Type.Integer()]), {
      description: '[device, minute, type, channel, status, count]',
    }),
    logins: Type.Array(Type.Tuple([Type.Integer(), Type.Integer(), Type.String(), Type.String(), Type.Integer()]), { description: '[device, minute, account, result, count]' }),
    events: Type.Array(
      Type.Tuple([Type.Integer(), Type.Integer(), Type.String(), Type.String(), Type.String(), Type.Record(Type.String(), Type.String())]),
      { description: '[device, ts, type, severity, message, attributes as text]' },
    ),
  },
  { description: 'what alert rules can judge in a batch' },
);
export type BatchSignals = Static<typeof BatchSignals>;

/** One batch of telemetry was taken in (one request, MQTT message, syslog flush or webhook call). Never per item. */
export const IngestBatchEvent = Type.Object(
  {
    type: Type.Literal('ingest.batch'),
    source: Type.String({ description: 'http, mqtt, syslog, alertmanager or grafana' }),
    accepted: Type.Integer({ minimum: 0 }),
    duplicates: Type.Integer({ minimum: 0 }),
    rejected: Type.Integer({ minimum: 0 }),
    at: Type.Integer({ description: 'epoch milliseconds' }),
    signals: Type.Optional(BatchSignals),
  },
  { $id: 'IngestBatchEvent', description: 'ingest.batch: counts of one batch of telemetry taken in' },
);
export type IngestBatchEvent = Static<typeof IngestBatchEvent>;


const AlertStateEnum = StringEnum(['pending', 'firing', 'acknowledged', 'resolved'] as const);

/** An alert was raised or changed state, level, suppression or parent (alerting module). Paging and incidents follow it. */
export const AlertChangedEvent = Type.Object(
  {
    type: Type.Literal('alert.changed'),
    alertId: Type.String(),
    fingerprint: Type.String(),
    name: Type.String({ description: 'the rule key or external alertname' }),
    source: Type.String({ description: 'rule, topology, alertmanager, grafana or recon' }),
    ruleId: Type.Union([Type.String(), Type.Null()]),
    previous: Type.Union([AlertStateEnum, Type.Null()], { description: 'null when the alert is new' }),
    state: AlertStateEnum,
    level: Type.Integer({ minimum: 1, maximum: 3 }),
    siteId: Type.Union([Type.String(), Type.Null()]),
    deviceId: Type.Union([Type.String(), Type.Null()]),
    subsystem: Type.Union([Type.String(), Type.Null()]),
    parentId: Type.Union([Type.String(), Type.Null()]),
    groupKey: Type.String(),
    suppressed: Type.Boolean({ description: 'silenced, inhibited or in maintenance: not to be notified' }),
    flapping: Type.Boolean(),
    at: Type.Integer({ description: 'epoch milliseconds' }),
  },
  { $id: 'AlertChangedEvent', description: 'alert.changed: an alert was raised, changed state or level, or was attached to a parent' },
);
export type AlertChangedEvent = Static<typeof AlertChangedEvent>;

/**
 * A notification group is due (group wait, group interval or repeat interval passed, as Alertmanager times them):
 * paging sends what it lists. Suppressed, flapping and child alerts are left out already.
 */
export const AlertNotifyEvent = Type.Object(
  {
    type: Type.Literal('alert.notify'),
    groupKey: Type.String(),
    labels: Type.Record(Type.String(), Type.String(), { description: 'the group_by labels and their values' }),
    reason: StringEnum(['new', 'changed', 'repeat'] as const),
    level: Type.Integer({ minimum: 1, maximum: 3, description: 'the most severe level among the firing alerts' }),
    firing: Type.Array(Type.String(), { description: 'ids of the firing alerts to tell about' }),
    newlyFiring: Type.Array(Type.String(), { description: 'of those, the ones not told about before' }),
    resolved: Type.Array(Type.String(), { description: 'ids told about before that have resolved since' }),
    at: Type.Integer({ description: 'epoch milliseconds' }),
  },
  { $id: 'AlertNotifyEvent', description: 'alert.notify: a notification group is due to be sent' },
);
export type AlertNotifyEvent = Static<typeof AlertNotifyEvent>;

/**
 * The alert evaluator's clock: appended every few seconds by the `alerting.tick` job (on one node), delivered in order
 * with everything else, so that time-driven changes — a `for` elapsing, a window emptying, a silence ending, a group
 * due — happen on the node that holds the evaluator, in the same order on a replay.
 */
export const AlertingTickEvent = Type.Object(
  { type: Type.Literal('alerting.tick'), at: Type.Integer({ description: 'epoch milliseconds' }) },
  { $id: 'AlertingTickEvent', description: 'alerting.tick: time passes for the alert evaluator' },
);
export type AlertingTickEvent = Static<typeof AlertingTickEvent>;

/**
 * Notifications were stored in the outbox (paging): wakes the deliverers on every node. One per transaction, however
 * many notifications it stored.
 */
export const NotifyQueuedEvent = Type.Object(
  { type: Type.Literal('notify.queued'), count: Type.Integer({ minimum: 1 }), at: Type.Integer({ description: 'epoch milliseconds' }) },
  { $id: 'NotifyQueuedEvent', description: 'notify.queued: notifications are waiting to be sent' },
);
export type NotifyQueuedEvent = Static<typeof NotifyQueuedEvent>;

/** An in-console notification reached its person: the live stream rings their bell (only theirs). */
export const NotifyConsoleEvent = Type.Object(
  {
    type: Type.Literal('notify.console'),
    notificationId: Type.String(),
    userId: Type.String(),
    kind: StringEnum(['alert', 'resolved', 'digest', 'test', 'incident', 'notice'] as const),
    level: Type.Union([Type.Integer({ minimum: 1, maximum: 3 }), Type.Null()]),
    title: Type.String(),
    alertIds: Type.Array(Type.String()),
    at: Type.Integer({ description: 'epoch milliseconds' }),
  },
  { $id: 'NotifyConsoleEvent', description: 'notify.console: a notification for one person in the console (the bell)' },
);
export type NotifyConsoleEvent = Static<typeof NotifyConsoleEvent>;

/** An incident was opened or moved (a transition, a comment, a linked alert…): the live stream and the jobs hear it. */
export const IncidentChangedEvent = Type.Object(
  {
    type: Type.Literal('incident.changed'),
    incidentId: Type.String(),
    number: Type.Integer(),
    kind: Type.String({ description: "the timeline entry's kind: open, a transition kind, or a note (comment, alert_linked…)" }),
    previous: Type.Union([Type.String(), Type.Null()], { description: 'the state before; null when new' }),
    state: Type.String(),
    level: Type.Integer({ minimum: 1, maximum: 3 }),
    siteId: Type.String(),
    assigneeUserId: Type.Union([Type.String(), Type.Null()]),
    assigneeTeamId: Type.Union([Type.String(), Type.Null()]),
    at: Type.Integer({ description: 'epoch milliseconds' }),
  },
  { $id: 'IncidentChangedEvent', description: 'incident.changed: an incident was opened, moved through its workflow, or gained a note' },
);
export type IncidentChangedEvent = Static<typeof IncidentChangedEvent>;

/**
 * Reconciliation moved (recon module): a day job was queued, started, finished or failed, or one of its differences
 * changed (left by a rejected proposed match, a workflow move, an assignment, a comment). Ids, the kind of change, the
 * channel and the day only: no person, no account, no amount, so it can go to every holder of recon:read on the live
 * stream.
 */
export const ReconChangedEvent = Type.Object(
  {
    type: Type.Literal('recon.changed'),
    subject: StringEnum(['job', 'difference'] as const),
    change: StringEnum(['queued', 'started', 'finished', 'failed', 'create', 'investigate', 'resolve', 'propose', 'approve', 'refuse', 'reject', 'assign', 'comment'] as const, {
      description: "a job's: queued, started, finished, failed; a difference's: create (a rejected proposed match left it), its workflow move (investigate, resolve, propose, approve, refuse, reject), assign or comment",
    }),
    jobId: Type.String({ description: 'the job, or the job the difference belongs to' }),
    differenceId: Type.Union([Type.String(), Type.Null()], { description: 'null for a job change' }),
    channel: Type.String(),
    day: Type.String({ description: 'the business day YYYY-MM-DD' }),
    status: Type.String({ description: "after the change: the job's status, or the difference's state" }),
    at: Type.Integer({ description: 'epoch milliseconds' }),
  },
  { $id: 'ReconChangedEvent', description: 'recon.changed: a reconciliation job was queued, started, finished or failed, or one of its differences changed' },
);
export type ReconChangedEvent = Static<typeof ReconChangedEvent>;

/** The catalogue: every event type's schema (its ordering key is in rows.ts). */
export const EVENT_SCHEMAS = {
  'device.health': DeviceHealthEvent,
  'ingest.batch': IngestBatchEvent,
  'alert.changed': AlertChangedEvent,
  'alert.notify': AlertNotifyEvent,
  'alerting.tick': AlertingTickEvent,
  'notify.queued': NotifyQueuedEvent,
  'notify.console': NotifyConsoleEvent,
  'incident.changed': IncidentChangedEvent,
  'recon.changed': ReconChangedEvent,
} as const satisfies Record<string, TSchema>;

/** Any domain event: the discriminated union of the catalogue. */
export const DomainEvent = Type.Union([DeviceHealthEvent, IngestBatchEvent, AlertChangedEvent, AlertNotifyEvent, AlertingTickEvent, NotifyQueuedEvent, NotifyConsoleEvent, IncidentChangedEvent, ReconChangedEvent], {
  $id: 'DomainEvent',
});
export type DomainEvent = Static<typeof DomainEvent>;
export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
