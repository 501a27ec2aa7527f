import { useEffect, useEffectEvent } from 'react';
import type { IncidentChangedEvent } from '../../app/incidentEvent';
import { liveBus } from '../../app/liveBus';
import { useBurstReload } from '../../hooks/useLive';

/** Calls `handler` for every incident change the live stream brings (incidents of the user's sites). */
export function useLiveIncident(handler: (event: IncidentChangedEvent) => void): void {
  const onEvent = useEffectEvent(handler);
  useEffect(() => liveBus.onIncident((event) => onEvent(event)), []);
}

/** Calls `reload` once after a burst of incident changes for which `concerns` is true, and when the stream reconnects. */
export function useIncidentReload(reload: () => void, concerns?: (event: IncidentChangedEvent) => boolean): void {
  useBurstReload(liveBus.onIncident, reload, concerns);
}
