import { useEffect, useEffectEvent, useRef } from 'react';
import type { AlertChangedEvent } from '../../api/alerts';
import { liveBus } from '../../app/liveBus';
import { useLiveResync } from '../../hooks/useLive';

/** Calls `handler` for every alert change the live stream brings. */
export function useLiveAlert(handler: (event: AlertChangedEvent) => void): void {
  const onEvent = useEffectEvent(handler);
  useEffect(() => liveBus.onAlert((event) => onEvent(event)), []);
}

/** How long alert changes are gathered before what they touched is read again (an alert storm is one reload). */
const RELOAD_DELAY_MS = 1_000;

/**
 * Calls `reload` once after a burst of alert changes for which `concerns` is true, and at once when the stream
 * reconnects (changes may have been missed).
 */
export function useAlertReload(reload: () => void, concerns: (event: AlertChangedEvent) => boolean = () => true): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(reload);
  useEffect(() => {
    latest.current = reload;
  });
  useLiveAlert((event) => {
    if (!concerns(event)) return;
    timer.current ??= setTimeout(() => {
      timer.current = null;
      latest.current();
    }, RELOAD_DELAY_MS);
  });
  useLiveResync(reload);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
}
