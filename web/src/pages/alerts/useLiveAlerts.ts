import { useEffect, useEffectEvent } from 'react';
import type { AlertChangedEvent } from '../../api/alerts';
import { liveBus } from '../../app/liveBus';
import { useBurstReload } from '../../hooks/useLive';

/** Calls `handler` for every alert change the live stream brings. */
export function useLiveAlert(handler: (event: AlertChangedEvent) => void): void {
  const onEvent = useEffectEvent(handler);
  useEffect(() => liveBus.onAlert((event) => onEvent(event)), []);
}

/** Calls `reload` once after a burst of alert changes for which `concerns` is true, and when the stream reconnects. */
export function useAlertReload(reload: () => void, concerns?: (event: AlertChangedEvent) => boolean): void {
  useBurstReload(liveBus.onAlert, reload, concerns);
}
