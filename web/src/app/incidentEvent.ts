/** Reading an `incident.changed` message off the live stream (server/events/catalog.ts IncidentChangedEvent). */
import type { components } from '../api/openapi';
import { jsonObject } from './liveJson';

export type IncidentChangedEvent = components['schemas']['IncidentChangedEvent'];

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** An `incident.changed` message's data, or null when it is not one. */
export function parseIncidentEvent(data: string): IncidentChangedEvent | null {
  const e = jsonObject(data);
  if (!e) return null;
  if (typeof e.incidentId !== 'string' || typeof e.state !== 'string' || typeof e.siteId !== 'string') return null;
  if (typeof e.level !== 'number' || typeof e.at !== 'number' || typeof e.number !== 'number') return null;
  return {
    type: 'incident.changed',
    incidentId: e.incidentId,
    number: e.number,
    kind: typeof e.kind === 'string' ? e.kind : '',
    previous: stringOrNull(e.previous),
    state: e.state,
    level: e.level,
    siteId: e.siteId,
    assigneeUserId: stringOrNull(e.assigneeUserId),
    assigneeTeamId: stringOrNull(e.assigneeTeamId),
    at: e.at,
  };
}
