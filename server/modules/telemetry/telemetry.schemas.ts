import { Type } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, Page } from '../../http/schemas.ts';
import { TelemetryEventObject } from '../personal/index.ts';

/** One stored envelope as a device sent it; its personal fields are masked by kind on the way out. */
export const DeviceEvent = TelemetryEventObject({
  id: Type.String(),
  kind: Type.String(),
  ts: IsoDateTime,
  receivedAt: IsoDateTime,
  source: Type.String(),
  siteCode: Type.Union([Type.String(), Type.Null()]),
  labels: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const DeviceEventPage = Page(DeviceEvent);

export const DeviceEventsQuery = ListQuery({
  kind: Type.Optional(Type.Union(['heartbeat', 'metric', 'event', 'txn', 'login'].map((k) => Type.Literal(k)))),
});

export const MetricNames = Type.Object({ items: Type.Array(Type.String()) });

export const SeriesParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), metric: Type.String({ minLength: 1, maxLength: 100 }) });

export const SeriesQuery = Type.Object({ from: Type.Optional(IsoDateTime), to: Type.Optional(IsoDateTime) });

export const Series = Type.Object({
  metric: Type.String(),
  from: IsoDateTime,
  to: IsoDateTime,
  points: Type.Array(
    Type.Object({ minute: IsoDateTime, count: Type.Integer(), avg: Type.Number(), min: Type.Number(), max: Type.Number(), last: Type.Number() }),
  ),
});
