import { uid, type SampleFactory } from '../../testing/sample.ts';
import { insertFiringAlert } from '../../testing/alerts.ts';

/** Samples for incidents' writes: incidents of a fresh site opened by the administrator, and their moves. */
export const incidentsRouteSamples: SampleFactory = (t, admin) => {
  const site = async (): Promise<string> => (await t.call(await admin(), { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
  const body = async () => ({ title: `POS 故障 ${uid()}`, siteId: await site(), impact: 'medium', urgency: 'low' });
  const incident = async (): Promise<string> => (await t.call(await admin(), { method: 'POST', url: '/api/v1/incidents', payload: await body() })).json().id as string;
  const alert = (): Promise<string> => insertFiringAlert(t, { level: 2, groupKey: `sample-${uid()}` });
  return {
    'POST /api/v1/incidents': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/incidents', payload: await body() }),
    'POST /api/v1/incidents/:id/transitions': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/incidents/${await incident()}/transitions`, payload: { kind: 'take' } }),
    'POST /api/v1/incidents/:id/comments': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/incidents/${await incident()}/comments`, payload: { text: '已联系食堂' } }),
    'POST /api/v1/incidents/from-alert': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/incidents/from-alert', payload: { alertId: await alert(), siteId: await site() } }),
    'POST /api/v1/incident-views': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/incident-views', payload: { name: `我的一级-${uid()}`, query: { state: 'open', level: '1' }, shared: false } }),
    'DELETE /api/v1/incident-views/:id': async () => {
      const caller = await admin();
      const id = (await t.call(caller, { method: 'POST', url: '/api/v1/incident-views', payload: { name: `临时-${uid()}`, query: { sla: 'breached' }, shared: true } })).json().id as string;
      return { caller, method: 'DELETE', url: `/api/v1/incident-views/${id}` };
    },
    'POST /api/v1/incidents/:id/alerts': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/incidents/${await incident()}/alerts`, payload: { alertId: await alert() } }),
  };
};
