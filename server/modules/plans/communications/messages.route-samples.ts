import { uid, type SampleFactory } from '../../../testing/sample.ts';

/** Samples for the plan messages' write: a shipped plan on a new incident, its staff briefing to the administrator. */
export const planMessagesRouteSamples: SampleFactory = (t, admin) => ({
  'POST /api/v1/incidents/:id/plan/communications/:key/send': async () => {
    const caller = await admin();
    const site = (await t.call(caller, { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
    const incident = (await t.call(caller, { method: 'POST', url: '/api/v1/incidents', payload: { title: `闸机故障 ${uid()}`, siteId: site, impact: 'medium', urgency: 'low' } })).json().id as string;
    const plans = (await t.call(caller, { method: 'GET', url: '/api/v1/plans?limit=200' })).json().items as { id: string; key: string }[];
    await t.call(caller, { method: 'POST', url: `/api/v1/incidents/${incident}/plan`, payload: { planId: plans.find((p) => p.key === 'gate-failure')!.id } });
    const consoleChannel = await t.services.channels.ensureBuiltin();
    return {
      caller,
      method: 'POST',
      url: `/api/v1/incidents/${incident}/plan/communications/staff-briefing/send`,
      payload: { language: 'zh', subject: '闸机故障', body: '请按预案分工到岗。', userIds: [caller.userId], channelIds: [consoleChannel] },
    };
  },
});
