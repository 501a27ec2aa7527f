/**
 * The console's in-page hub for live updates: the one SSE connection (liveStream.ts) publishes here, pages subscribe.
 * Kept outside React so that a page can listen without re-rendering the shell on every event.
 */
import type { AlertChangedEvent, AlertState } from '../api/alerts';
import type { NotifyConsoleEvent } from '../api/notify';
import type { IncidentChangedEvent } from './incidentEvent';
import type { ReconChangedEvent } from './reconEvent';
import type { DeviceHealthEvent, HealthReason, IngestRateEvent } from '../api/types';
import { isDeviceHealth } from './health';

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'closed';

export interface LiveSnapshot {
  status: LiveStatus;
  rate: IngestRateEvent | null;
}

type Listener<T> = (value: T) => void;

function channel<T>() {
  const listeners = new Set<Listener<T>>();
  return {
    subscribe(listener: Listener<T>): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(value: T) {
      for (const listener of [...listeners]) listener(value);
    },
  };
}

export function createLiveBus() {
  const health = channel<DeviceHealthEvent>();
  const alert = channel<AlertChangedEvent>();
  const incident = channel<IncidentChangedEvent>();
  /** Reconciliation jobs and differences (holders of recon:read). */
  const recon = channel<ReconChangedEvent>();
  /** The signed-in person's own notifications (the bell). */
  const notify = channel<NotifyConsoleEvent>();
  /** The connection came back after a drop: events may have been missed, so reload what is shown. */
  const resync = channel<void>();
  const snapshotChannel = channel<void>();
  let snapshot: LiveSnapshot = { status: 'idle', rate: null };
  const update = (next: Partial<LiveSnapshot>) => {
    snapshot = { ...snapshot, ...next };
    snapshotChannel.emit();
  };
  return {
    onHealth: health.subscribe,
    emitHealth: health.emit,
    onAlert: alert.subscribe,
    emitAlert: alert.emit,
    onIncident: incident.subscribe,
    emitIncident: incident.emit,
    onRecon: recon.subscribe,
    emitRecon: recon.emit,
    onNotify: notify.subscribe,
    emitNotify: notify.emit,
    onResync: resync.subscribe,
    emitResync: () => resync.emit(),
    /** For useSyncExternalStore. */
    subscribeSnapshot: (listener: () => void) => snapshotChannel.subscribe(listener),
    getSnapshot: () => snapshot,
    setStatus: (status: LiveStatus) => {
      if (snapshot.status !== status) update(status === 'open' ? { status } : { status, rate: null });
    },
    setRate: (rate: IngestRateEvent) => update({ rate }),
  };
}

export type LiveBus = ReturnType<typeof createLiveBus>;

/** The console's one bus. */
export const liveBus = createLiveBus();

function isHealthReason(value: unknown): value is HealthReason {
  if (typeof value !== 'object' || value === null) return false;
  const { code, values } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof values === 'object' && values !== null;
}

function parse(data: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A `device.health` message's data, or null when it is not one. */
export function parseHealthEvent(data: string): DeviceHealthEvent | null {
  const v = parse(data);
  if (!v || typeof v.deviceId !== 'string' || typeof v.code !== 'string' || typeof v.siteId !== 'string' || typeof v.subsystem !== 'string') return null;
  if (!isDeviceHealth(v.health) || !isDeviceHealth(v.previous) || typeof v.at !== 'number') return null;
  return {
    type: 'device.health',
    deviceId: v.deviceId,
    code: v.code,
    siteId: v.siteId,
    subsystem: v.subsystem,
    previous: v.previous,
    health: v.health,
    reason: isHealthReason(v.reason) ? v.reason : null,
    at: v.at,
  };
}

/** An `ingest.rate` message's data, or null when it is not one. */
export function parseRateEvent(data: string): IngestRateEvent | null {
  const v = parse(data);
  if (!v) return null;
  const num = (key: string) => (typeof v[key] === 'number' ? (v[key] as number) : 0);
  if (typeof v.perSecond !== 'number') return null;
  return { accepted: num('accepted'), duplicates: num('duplicates'), rejected: num('rejected'), perSecond: v.perSecond };
}

const ALERT_STATES: readonly (string | null)[] = ['pending', 'firing', 'acknowledged', 'resolved'];
const isAlertState = (value: unknown): value is AlertState => typeof value === 'string' && ALERT_STATES.includes(value);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** An `alert.changed` message's data, or null when it is not one. */
export function parseAlertEvent(data: string): AlertChangedEvent | null {
  const v = parse(data);
  if (!v || typeof v.alertId !== 'string' || !isAlertState(v.state) || typeof v.level !== 'number' || typeof v.at !== 'number') return null;
  return {
    type: 'alert.changed',
    alertId: v.alertId,
    fingerprint: typeof v.fingerprint === 'string' ? v.fingerprint : '',
    name: typeof v.name === 'string' ? v.name : '',
    source: typeof v.source === 'string' ? v.source : '',
    ruleId: stringOrNull(v.ruleId),
    previous: isAlertState(v.previous) ? v.previous : null,
    state: v.state,
    level: v.level,
    siteId: stringOrNull(v.siteId),
    deviceId: stringOrNull(v.deviceId),
    subsystem: stringOrNull(v.subsystem),
    parentId: stringOrNull(v.parentId),
    groupKey: typeof v.groupKey === 'string' ? v.groupKey : '',
    suppressed: v.suppressed === true,
    flapping: v.flapping === true,
    at: v.at,
  };
}
