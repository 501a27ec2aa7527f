import type { Clock } from '../../clock.ts';
import { toIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { fromJsonText } from '../../db/types.ts';
import { InvalidError } from '../../errors.ts';
import type { RequestContext } from '../auth/actor.ts';
import { visibleDevice } from '../estate/devices.service.ts';
import { telemetryRepository } from './telemetry.repository.ts';

const DAY = 86_400_000;
/** A chart spans at most this much, at one point a minute. */
const MAX_RANGE_MS = 7 * DAY;

function decodeCursor(cursor: string | undefined): { beforeTs?: number; beforeId?: string } {
  if (!cursor) return {};
  const match = /^(\d{1,15})_([A-Za-z0-9_.:-]{1,64})$/.exec(cursor);
  if (!match) throw new InvalidError('Invalid cursor', [{ field: 'querystring.cursor', message: 'not a cursor from this list' }], 'VALIDATION_FAILED');
  return { beforeTs: Number(match[1]), beforeId: match[2] };
}

/** Reading what devices sent: recent events and one-minute charts, within the caller's site scope. */
export function createTelemetryService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const k = db.kysely;

  return {
    async recentEvents(ctx: RequestContext, deviceId: string, filter: { kind?: string; cursor?: string }, limit: number) {
      const device = await visibleDevice(k, ctx.actor, deviceId);
      const rows = await telemetryRepository.recentEvents(k, device.code, { kind: filter.kind, ...decodeCursor(filter.cursor) }, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          id: r.id,
          kind: r.kind,
          ts: toIso(r.ts),
          receivedAt: toIso(r.received_at),
          source: r.source,
          siteCode: r.site_code,
          labels: r.labels === null ? null : fromJsonText<Record<string, string>>(r.labels),
          data: fromJsonText<Record<string, unknown>>(r.data),
        })),
        nextCursor: rows.length > limit && last ? `${last.ts}_${last.id}` : null,
      };
    },

    async metricNames(ctx: RequestContext, deviceId: string) {
      const device = await visibleDevice(k, ctx.actor, deviceId);
      return { items: await telemetryRepository.metricNames(k, device.code, clock.now() - 7 * DAY) };
    },

    /** One point a minute: count, average, min, max and last of what the device reported in it. */
    async series(ctx: RequestContext, deviceId: string, metric: string, range: { from?: string; to?: string }) {
      const device = await visibleDevice(k, ctx.actor, deviceId);
      const to = range.to ? Date.parse(range.to) : clock.now();
      const from = range.from ? Date.parse(range.from) : to - 6 * 3_600_000;
      if (!(from < to)) throw new InvalidError('from must be before to', [{ field: 'querystring.from', message: 'must be before to' }], 'VALIDATION_FAILED');
      if (to - from > MAX_RANGE_MS) throw new InvalidError('A chart covers at most 7 days', [{ field: 'querystring.from', message: 'range longer than 7 days' }], 'VALIDATION_FAILED');
      const rows = await telemetryRepository.rollups(k, device.code, metric, from, to);
      return {
        metric,
        from: toIso(from),
        to: toIso(to),
        points: rows.map((r) => ({ minute: toIso(r.minute), count: r.count, avg: r.sum / r.count, min: r.min, max: r.max, last: r.last })),
      };
    },
  };
}

export type TelemetryService = ReturnType<typeof createTelemetryService>;
