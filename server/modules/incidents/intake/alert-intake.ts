import type { Db } from '../../../db/database.ts';
import type { AlertChangedEvent, Delivered, DurableConsumer } from '../../../events/index.ts';
import { systemContext } from '../../auth/index.ts';
import type { IncidentsService } from '../incidents.service.ts';
import { loadIncidentSettings } from '../settings/settings.ts';

const SYSTEM = systemContext('opsdesk');

/**
 * Intake from alerts (C5.1), a durable consumer of alert.changed: an alert that starts firing, unsuppressed, at a
 * level or from a rule the intake settings name opens an incident — or joins the open incident of its notification
 * group, so that a storm of one group is one incident. A child alert (attached to a topology parent) joins its
 * parent's incident. Alerts of no site are left to a person, who picks the site (the alert page's button).
 */
export function createAlertIntake(deps: { db: Db; incidents: IncidentsService }): DurableConsumer<'alert.changed'> {
  return {
    name: 'incidents.alert-intake',
    types: ['alert.changed'],
    async handle({ event }: Delivered<AlertChangedEvent>) {
      const startsFiring = event.state === 'firing' && (event.previous === null || event.previous === 'pending');
      if (!startsFiring || event.suppressed || event.siteId === null) return;
      if (event.parentId !== null) {
        await deps.incidents.linkToIncidentsOf(event.parentId, event.alertId);
        return;
      }
      const { fromAlerts } = (await loadIncidentSettings(deps.db.kysely)).intake;
      const wanted = fromAlerts.levels.includes(event.level as 1 | 2 | 3) || (event.ruleId !== null && fromAlerts.ruleIds.includes(event.ruleId));
      if (wanted) await deps.incidents.openFromAlert(SYSTEM, event.alertId);
    },
  };
}
