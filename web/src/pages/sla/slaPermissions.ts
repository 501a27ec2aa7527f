import { useMe } from '../../hooks/useAuth';
import { useCan } from '../../hooks/usePermission';

/**
 * Whether the signed-in user may change SLA calendars and policies: incidents:assign (the dispatcher's permission;
 * there is no settings permission for incidents) and every site in view, as the server requires (sla.service.ts).
 */
export function useCanEditSla(): boolean {
  const can = useCan();
  const me = useMe();
  return can('incidents:assign') && me.siteIds === null;
}
