import { useAsync } from '../../../hooks/useAsync';
import { useCan } from '../../../hooks/usePermission';
import { useIncidentReload } from '../useLiveIncidents';
import { planApi } from './planApi';

/**
 * The incident's checklist (null when it runs no plan), reloaded after each burst of `incident.changed` for this
 * incident — the server announces every step update, attach and opsdesk's own verified ticks that way — and when the
 * live stream reconnects.
 */
export function useIncidentPlan(incidentId: string) {
  const can = useCan();
  const loaded = useAsync(() => planApi.checklist(incidentId), `incident-plan:${incidentId}`, can('incidents:read'));
  useIncidentReload(loaded.reload, (event) => event.incidentId === incidentId);
  return loaded;
}
