import { uid, type SampleFactory } from '../../testing/sample.ts';

/** Samples for the back-fill's writes: an incident at a site with a handheld, and one record of it. */
export const backfillRouteSamples: SampleFactory = (t, admin) => {
  const incidentWithDevice = async (): Promise<{ id: string; device: string }> => {
    const caller = await admin();
    const site = (await t.call(caller, { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
    const device = `HH-${uid()}`;
    await t.call(caller, { method: 'POST', url: '/api/v1/devices', payload: { code: device, name: '手持检票机', type: 'handheld', subsystem: 'ticketing', siteId: site } });
    const id = (await t.call(caller, { method: 'POST', url: '/api/v1/incidents', payload: { title: `售票故障 ${uid()}`, siteId: site, impact: 'medium', urgency: 'low' } })).json().id as string;
    return { id, device };
  };
  return {
    'POST /api/v1/incidents/:id/backfill': async () => {
      const { id, device } = await incidentWithDevice();
      return { caller: await admin(), method: 'POST', url: `/api/v1/incidents/${id}/backfill`, payload: { records: [{ kind: 'ticket_check', deviceCode: device, recordNo: 'C-1', occurredAt: new Date(t.clock.now()).toISOString() }] } };
    },
    'POST /api/v1/incidents/:id/backfill/imports': async () => {
      const { id, device } = await incidentWithDevice();
      const local = new Date(t.clock.now() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
      return { caller: await admin(), method: 'POST', url: `/api/v1/incidents/${id}/backfill/imports`, payload: Buffer.from(`类型,记录号,设备编号,时间\n检票,C-1,${device},${local}\n`, 'utf8') };
    },
  };
};
