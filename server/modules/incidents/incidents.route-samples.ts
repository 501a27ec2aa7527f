import { uid, type SampleFactory } from '../../testing/sample.ts';
import { newAlertRow } from '../alerting/alerts/alert-writer.ts';

/** Samples for incidents' writes: incidents of a fresh site opened by the administrator, and their moves. */
export const incidentsRouteSamples: SampleFactory = (t, admin) => {
  const site = async (): Promise<string> => (await t.call(await admin(), { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
  const body = async () => ({ title: `POS 故障 ${uid()}`, siteId: await site(), impact: 'medium', urgency: 'low' });
  const incident = async (): Promise<string> => (await t.call(await admin(), { method: 'POST', url: '/api/v1/incidents', payload: await body() })).json().id as string;
  const alert = async (): Promise<string> => {
    const now = t.clock.now();
    const fingerprint = `sample-${uid()}`;
    const row = newAlertRow(
      { fingerprint, rule_id: null, source: 'alertmanager', name: 'SampleAlert', state: 'firing', level: 2, labels: '{"alertname":"SampleAlert"}', detail: '{"code":"external","values":{}}', site_id: null, device_id: null, subsystem: null, parent_id: null, group_key: `{alertname="SampleAlert",fp="${fingerprint}"}`, value: null, threshold: null, fires_at: null, fired_at: now },
      now,
    );
    await t.db.kysely.insertInto('alerts').values(row).execute();
    return row.id;
  };
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
