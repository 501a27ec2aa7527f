import type { Db } from '../../../db/database.ts';
import { localPartsOf } from '../../calendar/index.ts';
import type { Normal, NormalLookup } from './judge.ts';
import { isVital, readVitals } from './stored-vitals.ts';

/**
 * Learned normals for baseline rules: for each hour of each weekday (in the site's time zone), the mean and standard
 * deviation of a device's metric over the stored one-minute roll-ups of the last weeks. Seasonal by construction —
 * Monday 08:00 is compared with earlier Mondays at 08:00 — so a gate quiet at night and busy at 08:00 raises nothing
 * until it is quiet at 08:00. Learned once per device and metric, then again every few hours.
 */
const RELEARN_MS = 6 * 3_600_000;
const WEEK_MS = 7 * 86_400_000;

interface Profile {
  learnedAt: number;
  slots: Map<string, Normal>;
}

const slotOf = (at: number, zone: string): string => {
  const p = localPartsOf(at, zone);
  return `${p.weekday}:${p.hour}`;
};

/**
 * The normals of one device's metric in [from, to): from its one-minute roll-ups, or for a heartbeat vital (never
 * rolled up) from its heartbeats, averaged per minute.
 */
export async function learnProfile(db: Db, deviceCode: string, metric: string, from: number, to: number, zone: string): Promise<Map<string, Normal>> {
  if (isVital(metric)) {
    const minutes = new Map<number, [number, number]>();
    for (const r of await readVitals(db, metric, [deviceCode], from, to)) {
      const minute = r.ts - (r.ts % 60_000);
      const m = minutes.get(minute) ?? minutes.set(minute, [0, 0]).get(minute)!;
      m[0] += r.value;
      m[1] += 1;
    }
    return profileOf([...minutes].map(([minute, [sum, n]]) => [minute, sum / n] as const), zone);
  }
  const rows = await db.kysely
    .selectFrom('metric_rollups')
    .select(['minute', 'sum', 'count'])
    .where('device_code', '=', deviceCode)
    .where('metric', '=', metric)
    .where('minute', '>=', from)
    .where('minute', '<', to)
    .execute();
  return profileOf(rows.map((r) => [r.minute, r.sum / r.count] as const), zone);
}

/** Folds per-minute values into a mean and deviation per weekday and hour (Welford, one pass). */
export function profileOf(values: Iterable<readonly [number, number]>, zone: string): Map<string, Normal> {
  const acc = new Map<string, { n: number; mean: number; m2: number }>();
  for (const [minute, value] of values) {
    const slot = slotOf(minute, zone);
    const a = acc.get(slot) ?? acc.set(slot, { n: 0, mean: 0, m2: 0 }).get(slot)!;
    a.n += 1;
    const delta = value - a.mean;
    a.mean += delta / a.n;
    a.m2 += delta * (value - a.mean);
  }
  const slots = new Map<string, Normal>();
  for (const [slot, a] of acc) slots.set(slot, { mean: a.mean, std: a.n > 1 ? Math.sqrt(a.m2 / (a.n - 1)) : 0, samples: a.n });
  return slots;
}

export function createBaselines(db: Db) {
  const profiles = new Map<string, Profile>();
  const key = (device: string, metric: string) => `${device}\u0000${metric}`;

  const lookup: NormalLookup = (deviceCode, metric, at, zone) => profiles.get(key(deviceCode, metric))?.slots.get(slotOf(at, zone)) ?? null;

  return {
    lookup,
    /** Learns (or relearns, when stale) the normal of each of these before they are judged. */
    async ensure(wanted: Iterable<{ deviceCode: string; metric: string; weeks: number; zone: string }>, now: number): Promise<void> {
      for (const w of wanted) {
        const k = key(w.deviceCode, w.metric);
        const known = profiles.get(k);
        if (known && now - known.learnedAt < RELEARN_MS) continue;
        // Up to the start of this hour: the hour being judged must not teach itself what is normal.
        const to = now - (now % 3_600_000);
        profiles.set(k, { learnedAt: now, slots: await learnProfile(db, w.deviceCode, w.metric, to - w.weeks * WEEK_MS, to, w.zone) });
      }
    },
    clear: () => profiles.clear(),
  };
}

export type Baselines = ReturnType<typeof createBaselines>;
