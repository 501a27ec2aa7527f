import type { Clock } from '../../clock.ts';
import { toIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { fromJsonText } from '../../db/types.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import type { RequestContext } from '../auth/index.ts';
import { visibleDevice } from '../estate/index.ts';
import { HEARTBEAT_VITALS, vitalOf } from '../ingest/index.ts';
import { EVENTS_ORDER, telemetryRepository } from './telemetry.repository.ts';

const DAY = 86_400_000;
/** A chart spans at most this much, at one point a minute. */
const MAX_RANGE_MS = 7 * DAY;

type Vital = (typeof HEARTBEAT_VITALS)[number];
const isVital = (metric: string): metric is Vital => (HEARTBEAT_VITALS as readonly string[]).includes(metric);

/** Folds heartbeats into the same one-minute shape as the roll-ups (heartbeat vitals are not rolled up at ingest). */
function vitalsByMinute(heartbeats: { ts: number; data: string }[], metric: Vital) {
  const minutes = new Map<number, { minute: number; count: number; sum: number; min: number; max: number; last: number }>();
  for (const h of heartbeats) {
    const value = vitalOf(fromJsonText<Record<string, unknown>>(h.data), metric);
    if (value === null) continue;
    const minute = Math.floor(h.ts / 60_000) * 60_000;
    const m = minutes.get(minute);
    if (!m) minutes.set(minute, { minute, count: 1, sum: value, min: value, max: value, last: value });
    else {
      m.count++;
      m.sum += value;
      m.min = Math.min(m.min, value);
      m.max = Math.max(m.max, value);
      m.last = value;
    }
  }
  return [...minutes.values()];
}

/** Reading what devices sent: recent events and one-minute charts, within the caller's site scope. */
export function createTelemetryService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const k = db.kysely;

  return {
    async recentEvents(ctx: RequestContext, deviceId: string, filter: { kind?: string }, request: ListRequest) {
      const device = await visibleDevice(k, ctx.actor, deviceId);
      return cursorPage(EVENTS_ORDER, request, (page) => telemetryRepository.recentEvents(k, device.code, { kind: filter.kind }, page), (rows) =>
        rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          ts: toIso(r.ts),
          receivedAt: toIso(r.received_at),
          source: r.source,
          siteCode: r.site_code,
          labels: r.labels === null ? null : fromJsonText<Record<string, string>>(r.labels),
          data: fromJsonText<Record<string, unknown>>(r.data),
        })),
      );
    },

    async metricNames(ctx: RequestContext, deviceId: string) {
      const device = await visibleDevice(k, ctx.actor, deviceId);
      const since = clock.now() - 7 * DAY;
      const rolled = await telemetryRepository.metricNames(k, device.code, since);
      const heartbeat = await telemetryRepository.latestHeartbeat(k, device.code, since);
      const data = heartbeat ? fromJsonText<Record<string, unknown>>(heartbeat.data) : {};
      const vitals = HEARTBEAT_VITALS.filter((name) => vitalOf(data, name) !== null);
      return { items: [...new Set([...vitals, ...rolled])] };
    },

    /** One point a minute: count, average, min, max and last of what the device reported in it. */
    async series(ctx: RequestContext, deviceId: string, metric: string, range: { from?: string; to?: string }) {
      const device = await visibleDevice(k, ctx.actor, deviceId);
      const to = range.to ? Date.parse(range.to) : clock.now();
      const from = range.from ? Date.parse(range.from) : to - 6 * 3_600_000;
      if (!(from < to)) throw invalidFields([fieldProblem('querystring.from', 'rangeOrder')]);
      if (to - from > MAX_RANGE_MS) throw invalidFields([fieldProblem('querystring.from', 'rangeTooLong', { days: MAX_RANGE_MS / DAY })]);
      const rows = isVital(metric) ? vitalsByMinute(await telemetryRepository.heartbeats(k, device.code, from, to), metric) : await telemetryRepository.rollups(k, device.code, metric, from, to);
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
