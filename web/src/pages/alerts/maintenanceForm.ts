/** The maintenance window form's values and the request they make (one-off or recurring; a site or a device). */
import dayjs, { type Dayjs } from 'dayjs';
import type { MaintenanceWindow, UpdateMaintenanceWindowRequest } from '../../api/alerts';

export type MaintenanceTarget = 'site' | 'device';
export type MaintenanceSchedule = 'oneOff' | 'recurring';

export interface MaintenanceFormValues {
  name: string;
  target: MaintenanceTarget;
  siteId?: string | null;
  deviceId?: string | null;
  schedule: MaintenanceSchedule;
  range?: [Dayjs, Dayjs] | null;
  cron?: string;
  durationMinutes?: number | null;
  zone: string;
  comment?: string;
  enabled: boolean;
}

export const DEFAULT_ZONE = 'Asia/Shanghai';

export function windowToForm(w: MaintenanceWindow | null): MaintenanceFormValues {
  if (!w) {
    const start = dayjs().add(1, 'hour').startOf('hour');
    return { name: '', target: 'site', schedule: 'oneOff', range: [start, start.add(2, 'hour')], cron: '', durationMinutes: 120, zone: DEFAULT_ZONE, comment: '', enabled: true };
  }
  return {
    name: w.name,
    target: w.deviceId ? 'device' : 'site',
    siteId: w.siteId,
    deviceId: w.deviceId,
    schedule: w.cron ? 'recurring' : 'oneOff',
    range: w.startsAt && w.endsAt ? [dayjs(w.startsAt), dayjs(w.endsAt)] : null,
    cron: w.cron ?? '',
    durationMinutes: w.durationMinutes ?? 120,
    zone: w.zone || DEFAULT_ZONE,
    comment: w.comment,
    enabled: w.enabled,
  };
}

/**
 * Only the chosen target and the chosen kind of schedule are sent. An edit sends the others as null, which clears them
 * (a window moved from a site to a device); a new window leaves them out, as creation takes no nulls.
 */
export function formToRequest(v: MaintenanceFormValues, creating = false): UpdateMaintenanceWindowRequest {
  const oneOff = v.schedule === 'oneOff';
  const body: UpdateMaintenanceWindowRequest = {
    name: v.name.trim(),
    siteId: v.target === 'site' ? (v.siteId ?? null) : null,
    deviceId: v.target === 'device' ? (v.deviceId ?? null) : null,
    startsAt: oneOff && v.range ? v.range[0].toISOString() : null,
    endsAt: oneOff && v.range ? v.range[1].toISOString() : null,
    cron: oneOff ? null : (v.cron ?? '').trim(),
    durationMinutes: oneOff ? null : (v.durationMinutes ?? null),
    zone: v.zone,
    comment: (v.comment ?? '').trim(),
    enabled: v.enabled,
  };
  if (!creating) return body;
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null)) as UpdateMaintenanceWindowRequest;
}
