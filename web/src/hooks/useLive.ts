import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
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
