import { uid, type SampleFactory } from '../../../testing/sample.ts';

/** Samples for the incident settings' writes: the settings at their current version, the taxonomy as it is, teams. */
export const incidentSettingsRouteSamples: SampleFactory = (t, admin) => {
  const team = async (): Promise<string> => (await t.call(await admin(), { method: 'POST', url: '/api/v1/teams', payload: { name: `班组-${uid()}`, memberIds: [] } })).json().id as string;
  return {
    'PUT /api/v1/incident-settings': async () => {
      const caller = await admin();
      const { version } = (await t.call(caller, { method: 'GET', url: '/api/v1/incident-settings' })).json() as { version: number };
      return { caller, method: 'PUT', url: '/api/v1/incident-settings', payload: { intake: { fromAlerts: { levels: [1, 2], ruleIds: [] } }, version } };
    },
    'PUT /api/v1/cause-categories': async () => {
      const caller = await admin();
      const { items } = (await t.call(caller, { method: 'GET', url: '/api/v1/cause-categories' })).json() as { items: unknown[] };
      return { caller, method: 'PUT', url: '/api/v1/cause-categories', payload: { items } };
    },
    'POST /api/v1/teams': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/teams', payload: { name: `班组-${uid()}`, memberIds: [(await admin()).userId] } }),
    'PATCH /api/v1/teams/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/teams/${await team()}`, payload: { description: '夜间值守' } }),
    'DELETE /api/v1/teams/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/teams/${await team()}` }),
  };
};
