/**
 * Who is on duty now, for the checklist's picker and the war room. Dispatchers read it through the incident
 * (GET /incidents/{id}/on-duty, incidents:assign); everyone else who may read rosters (oncall:read — the duty engineer)
 * through the rosters' own "now", named by each roster's `people` map.
 */
import { rostersApi, type Roster } from '../../../api/oncall';
import { useAsync } from '../../../hooks/useAsync';
import { useCan } from '../../../hooks/usePermission';
import { incidentsApi, type OnDutyRoster } from '../incidentsApi';

type RosterNow = Pick<Roster, 'id' | 'name' | 'people'> & { duty: { now: Pick<Roster['duty']['now'], 'userIds' | 'leaderUserId'> } };

/** The rosters' "now" in the incident route's shape; an id the roster does not name shows as it is. */
export function onDutyFromRosters(rosters: readonly RosterNow[]): OnDutyRoster[] {
  return rosters.map((r) => {
    const person = (userId: string) => ({ userId, name: r.people[userId] ?? userId });
    return { rosterId: r.id, rosterName: r.name, people: r.duty.now.userIds.map(person), leader: r.duty.now.leaderUserId ? person(r.duty.now.leaderUserId) : null };
  });
}

export function useOnDuty(incidentId: string) {
  const can = useCan();
  const viaIncident = can('incidents:assign');
  const enabled = viaIncident || can('oncall:read');
  return useAsync(async () => (viaIncident ? incidentsApi.onDuty(incidentId) : onDutyFromRosters((await rostersApi.list()).items)), `plan-on-duty:${incidentId}:${viaIncident}`, enabled);
}
