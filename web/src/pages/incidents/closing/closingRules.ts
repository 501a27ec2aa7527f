/** When the closing panel shows and what it lets one change, by the incident's state. */
import type { IncidentState } from '../incidentsApi';

/** Work has started: from here on, the cause, the parts and the record make sense. */
export const CLOSING_STATES: readonly IncidentState[] = ['in_progress', 'waiting', 'resolved', 'confirmed', 'closed'];

/** Once the client confirmed, the parts are settled (the server answers 409 INCIDENT_PARTS_CLOSED). */
const PARTS_SETTLED: readonly IncidentState[] = ['confirmed', 'closed'];

export const showsClosing = (state: IncidentState): boolean => CLOSING_STATES.includes(state);
export const partsOpen = (state: IncidentState): boolean => !PARTS_SETTLED.includes(state);
