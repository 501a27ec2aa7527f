import { ROUND_THE_CLOCK } from '../../calendar/index.ts';
import { uid, type SampleFactory } from '../../../testing/sample.ts';

/** Samples for the SLA writes: calendars and policies by the administrator (add to server/testing/route-samples.ts). */
export const slaRouteSamples: SampleFactory = (t, admin) => {
  const calendar = async (): Promise<{ id: string; version: number }> =>
    (await t.call(await admin(), { method: 'POST', url: '/api/v1/sla-calendars', payload: { name: `日历-${uid()}`, calendar: ROUND_THE_CLOCK } })).json();
  const policyBody = async () => {
    const { id } = await calendar();
    const level = { respond: { target: { minutes: 30 }, calendarId: id }, on_site: { target: { minutes: 60 }, calendarId: id }, resolve: { target: { minutes: 240 }, calendarId: id } };
    return { name: `SLA-${uid()}`, targets: { 1: level, 2: level, 3: level } };
  };
  const policy = async (): Promise<{ id: string; version: number }> => (await t.call(await admin(), { method: 'POST', url: '/api/v1/sla-policies', payload: await policyBody() })).json();
  return {
    'POST /api/v1/sla-calendars': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/sla-calendars', payload: { name: `日历-${uid()}`, calendar: ROUND_THE_CLOCK } }),
    'PUT /api/v1/sla-calendars/:id': async () => {
      const c = await calendar();
      return { caller: await admin(), method: 'PUT', url: `/api/v1/sla-calendars/${c.id}`, payload: { name: `日历-${uid()}`, calendar: ROUND_THE_CLOCK, version: c.version } };
    },
    'DELETE /api/v1/sla-calendars/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/sla-calendars/${(await calendar()).id}` }),
    'POST /api/v1/sla-policies': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/sla-policies', payload: await policyBody() }),
    'PUT /api/v1/sla-policies/:id': async () => {
      const p = await policy();
      return { caller: await admin(), method: 'PUT', url: `/api/v1/sla-policies/${p.id}`, payload: { ...(await policyBody()), version: p.version } };
    },
    'DELETE /api/v1/sla-policies/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/sla-policies/${(await policy()).id}` }),
  };
};
