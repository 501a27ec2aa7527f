import { useEffect, useEffectEvent, useRef } from 'react';
import type { IncidentChangedEvent } from '../../app/incidentEvent';
import { liveBus } from '../../app/liveBus';
import { useLiveResync } from '../../hooks/useLive';

/** Calls `handler` for every incident change the live stream brings (incidents of the user's sites). */
export function useLiveIncident(handler: (event: IncidentChangedEvent) => void): void {
  const onEvent = useEffectEvent(handler);
  useEffect(() => liveBus.onIncident((event) => onEvent(event)), []);
}

/** How long incident changes are gathered before the list is read again (a burst of moves is one reload). */
const RELOAD_DELAY_MS = 1_000;

/**
 * Calls `reload` once after a burst of incident changes for which `concerns` is true, and at once when the stream
 * reconnects (changes may have been missed).
 */
export function useIncidentReload(reload: () => void, concerns: (event: IncidentChangedEvent) => boolean = () => true): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(reload);
  useEffect(() => {
    latest.current = reload;
  });
  useLiveIncident((event) => {
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
