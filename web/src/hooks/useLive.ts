import { useEffect, useEffectEvent, useRef, useSyncExternalStore } from 'react';
import type { DeviceHealthEvent } from '../api/types';
import { liveBus, type LiveSnapshot } from '../app/liveBus';

/** Calls `handler` for every device health change the live stream brings (within the user's site scope). */
export function useLiveHealth(handler: (event: DeviceHealthEvent) => void): void {
  const onEvent = useEffectEvent(handler);
  useEffect(() => liveBus.onHealth((event) => onEvent(event)), []);
}

/** Calls `handler` when the stream reconnects after a drop (changes may have been missed: reload what is shown). */
export function useLiveResync(handler: () => void): void {
  const onResync = useEffectEvent(handler);
  useEffect(() => liveBus.onResync(() => onResync()), []);
}

/** The stream's connection state and the latest ingest rate. */
export function useLiveSnapshot(): LiveSnapshot {
  return useSyncExternalStore(liveBus.subscribeSnapshot, liveBus.getSnapshot);
}

/** How long live changes are gathered before what they touched is read again (an alert storm is one reload). */
const RELOAD_DELAY_MS = 1_000;

/**
 * Calls `reload` once after a burst of the events `subscribe` delivers for which `concerns` is true, and at once when
 * the stream reconnects (changes may have been missed). `subscribe` is one of liveBus's `on…` (stable).
 */
export function useBurstReload<E>(subscribe: (listener: (event: E) => void) => () => void, reload: () => void, concerns: (event: E) => boolean = () => true): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(reload);
  useEffect(() => {
    latest.current = reload;
  });
  const onEvent = useEffectEvent((event: E) => {
    if (!concerns(event)) return;
    timer.current ??= setTimeout(() => {
      timer.current = null;
      latest.current();
    }, RELOAD_DELAY_MS);
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
  useLiveResync(reload);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
}
