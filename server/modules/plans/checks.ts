import type { Executor } from '../../db/types.ts';
import { alertFacts } from '../alerting/index.ts';
import { deviceHealthByCode, deviceHealthsOfType } from '../estate/index.ts';
import type { IncidentFacts } from '../incidents/index.ts';
import type { StepCheck } from './plan-document.ts';

/** Healths that fail `devices-online`; devices in maintenance are out on purpose and not counted. */
const NOT_BACK = new Set(['offline', 'degraded', 'unknown']);

/**
 * Whether a verifiable step's check passes now, for the incident (README.md, "Check kinds"):
 * `device-online` — the device with the code is online; `devices-online` — at the incident's site there is at least
 * one device of the type and none is offline, degraded or unknown; `alert-resolved` — at least one alert (of the rule,
 * when given) is linked to the incident and every such alert is resolved.
 */
export async function checkPasses(db: Executor, check: StepCheck, incident: IncidentFacts): Promise<boolean> {
  switch (check.kind) {
    case 'device-online':
      return (await deviceHealthByCode(db, check.device)) === 'online';
    case 'devices-online': {
      const healths = (await deviceHealthsOfType(db, [incident.siteId], check.deviceType)).filter((h) => h !== 'maintenance');
      return healths.length > 0 && !healths.some((h) => NOT_BACK.has(h));
    }
    case 'alert-resolved': {
      const alerts = (await alertFacts(db, incident.alertIds)).filter((a) => check.rule === undefined || a.ruleKey === check.rule);
      return alerts.length > 0 && alerts.every((a) => a.state === 'resolved');
    }
  }
}
