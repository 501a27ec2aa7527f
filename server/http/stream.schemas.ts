import { Type, type Static } from '@sinclair/typebox';
import { AlertChangedEvent, DeviceHealthEvent, IncidentChangedEvent, NotifyConsoleEvent, ReconChangedEvent } from '../events/catalog.ts';
import { MEDIA_TYPE_KEYWORD } from './schemas.ts';

/** `ingest.rate`: what was taken in over the last two seconds, by every node (the stream's own summary of ingest.batch). */
export const IngestRateMessage = Type.Object(
  {
    accepted: Type.Integer({ minimum: 0 }),
    duplicates: Type.Integer({ minimum: 0 }),
    rejected: Type.Integer({ minimum: 0 }),
    perSecond: Type.Integer({ minimum: 0, description: 'accepted per second over the interval' }),
  },
  { $id: 'IngestRateMessage', description: 'ingest.rate: telemetry taken in over the last two seconds, all nodes together' },
);
export type IngestRateMessage = Static<typeof IngestRateMessage>;

/**
 * What GET /api/v1/stream sends, for the OpenAPI document (and from it the console's types): each server-sent event's
 * `event:` is the message's name and its `data:` one of these as JSON — `device.health` a DeviceHealthEvent,
 * `alert.changed` an AlertChangedEvent, `notify.console` a NotifyConsoleEvent (the reader's own notifications only),
 * `ingest.rate` an IngestRateMessage. The handler writes the stream itself; this schema never serialises anything.
 */
export const StreamMessages = Type.Union([DeviceHealthEvent, AlertChangedEvent, NotifyConsoleEvent, IncidentChangedEvent, ReconChangedEvent, IngestRateMessage], {
  description:
    'an endless stream of server-sent events: `event: device.health` with a DeviceHealthEvent, `event: alert.changed` with an AlertChangedEvent, `event: notify.console` with a NotifyConsoleEvent (your own notifications), `event: incident.changed` with an IncidentChangedEvent, `event: recon.changed` with a ReconChangedEvent (holders of recon:read), `event: ingest.rate` with an IngestRateMessage',
  [MEDIA_TYPE_KEYWORD]: 'text/event-stream',
});
