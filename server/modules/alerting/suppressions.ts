import type { Executor } from '../../db/types.ts';
import type { MaintenanceWindowsTable, SilencesTable } from './alerting.tables.ts';
import { compileSchedule, timingOf, type Schedule } from './maintenance/schedule.ts';
import { compileMatchers, type CompiledMatcher, type Labels, type Matcher } from './matchers.ts';

/**
 * What keeps alerts quiet at one instant, as the alert engine sees it: the silences in force and the maintenance
 * windows that are on. Loaded once per evaluation tick and then asked for every open alert, so everything is decided
 * at load time — matchers compiled, windows reduced to sets of sites and devices — and `suppressedBy` only tests.
 *
 * The device maintenance flag (an operator switching one device to maintenance) is not here: the engine knows it from
 * the device's health events.
 */

export interface SuppressibleAlert {
  labels: Labels;
  siteId: string | null;
  deviceId: string | null;
}

export interface Suppressions {
  /** the instant this view holds for */
  readonly at: number;
  /**
   * What keeps this alert quiet: `silence:<id>` (silences first, the oldest matching one), else `maintenance:<id>`
   * (a window on the alert's device, else one on its site); null when nothing does.
   */
  suppressedBy(alert: SuppressibleAlert): string | null;
  /** the soonest instant after `at` when a silence or window starts or ends: when to load again at the latest */
  readonly nextChangeAt: number | null;
  /** stored silences and windows that could not be read (never written by the API): ignored, named for the log */
  readonly unreadable: readonly string[];
}

export type SilenceRecord = Pick<SilencesTable, 'id' | 'matchers' | 'starts_at' | 'ends_at'>;
export type WindowRecord = Pick<MaintenanceWindowsTable, 'id' | 'site_id' | 'device_id' | 'starts_at' | 'ends_at' | 'cron' | 'duration_ms' | 'zone' | 'enabled'>;

const byId = <T extends { id: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The suppressions at `now` from stored rows: the pure part of loadSuppressions. */
export function suppressionsAt(now: number, silences: readonly SilenceRecord[], windows: readonly WindowRecord[]): Suppressions {
  const unreadable: string[] = [];
  let nextChangeAt: number | null = null;
  const changesAt = (t: number | null) => {
    if (t !== null && t > now && (nextChangeAt === null || t < nextChangeAt)) nextChangeAt = t;
  };

  const active: { reason: string; matches: CompiledMatcher }[] = [];
  for (const s of byId(silences)) {
    if (s.ends_at <= now) continue;
    if (s.starts_at > now) {
      changesAt(s.starts_at);
      continue;
    }
    changesAt(s.ends_at);
    try {
      active.push({ reason: `silence:${s.id}`, matches: compileMatchers(JSON.parse(s.matchers) as Matcher[]) });
    } catch {
      unreadable.push(`silence:${s.id}`);
    }
  }

  const onSites = new Map<string, string>();
  const onDevices = new Map<string, string>();
  for (const w of byId(windows)) {
    if (w.enabled !== 1) continue;
    const timing = timingOf(w);
    let schedule: Schedule;
    try {
      if (!timing) throw new Error('neither a period nor a recurrence');
      schedule = compileSchedule(timing);
    } catch {
      unreadable.push(`maintenance:${w.id}`);
      continue;
    }
    const occurrence = schedule.activeAt(now);
    changesAt(schedule.nextStartAfter(now));
    if (!occurrence) continue;
    changesAt(occurrence.end);
    // the oldest window keeps its place when several cover the same site or device
    if (w.device_id !== null && !onDevices.has(w.device_id)) onDevices.set(w.device_id, `maintenance:${w.id}`);
    else if (w.device_id === null && w.site_id !== null && !onSites.has(w.site_id)) onSites.set(w.site_id, `maintenance:${w.id}`);
  }

  return {
    at: now,
    nextChangeAt,
    unreadable,
    suppressedBy(alert) {
      for (const s of active) if (s.matches(alert.labels)) return s.reason;
      if (alert.deviceId !== null) {
        const window = onDevices.get(alert.deviceId);
        if (window) return window;
      }
      return alert.siteId === null ? null : (onSites.get(alert.siteId) ?? null);
    },
  };
}

/**
 * The silences in force at `now` (starts_at <= now < ends_at) and the enabled maintenance windows that are on (a
 * one-off between its start and end; a recurring one within its duration of its latest cron run), as one view.
 * Pending silences and windows are read too, only for nextChangeAt.
 */
export async function loadSuppressions(db: Executor, now: number): Promise<Suppressions> {
  // One after the other: `db` may be a transaction, one connection.
  const silences = await db.selectFrom('silences').select(['id', 'matchers', 'starts_at', 'ends_at']).where('ends_at', '>', now).execute();
  const windows = await db
    .selectFrom('maintenance_windows')
    .select(['id', 'site_id', 'device_id', 'starts_at', 'ends_at', 'cron', 'duration_ms', 'zone', 'enabled'])
    .where('enabled', '=', 1)
    .execute();
  return suppressionsAt(now, silences, windows);
}
