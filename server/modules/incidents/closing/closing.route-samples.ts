import { uid, type SampleFactory } from '../../../testing/sample.ts';

/** Samples for closing's writes: an incident of a fresh site, its root cause, and a part in stock used on it. */
export const closingRouteSamples: SampleFactory = (t, admin) => {
  const incident = async (): Promise<{ id: string; version: number }> => {
    const caller = await admin();
    const site = (await t.call(caller, { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
    const created = (await t.call(caller, { method: 'POST', url: '/api/v1/incidents', payload: { title: `读卡器故障 ${uid()}`, siteId: site, impact: 'medium', urgency: 'low' } })).json();
    return { id: created.id as string, version: created.version as number };
  };
  const partInStock = async (): Promise<string> => {
    const caller = await admin();
    const part = (await t.call(caller, { method: 'POST', url: '/api/v1/spare-parts', payload: { sku: `RDR-${uid()}`, name: '读卡模块' } })).json().id as string;
    await t.call(caller, { method: 'POST', url: `/api/v1/spare-parts/${part}/movements`, payload: { warehouse: '主库', delta: 5, reason: '入库' } });
    return part;
  };
  return {
    'PUT /api/v1/incidents/:id/root-cause': async () => {
      const { id, version } = await incident();
      return {
        caller: await admin(),
        method: 'PUT',
        url: `/api/v1/incidents/${id}/root-cause`,
        payload: { version, whys: ['读卡器无响应', '供电不稳'], fishbone: { machine: ['电源适配器老化'] }, summary: '电源适配器老化导致读卡器掉电' },
      };
    },
    'POST /api/v1/incidents/:id/parts': async () => {
      const { id } = await incident();
      return { caller: await admin(), method: 'POST', url: `/api/v1/incidents/${id}/parts`, payload: { parts: [{ partId: await partInStock(), warehouse: '主库', quantity: 1 }] } };
    },
  };
};
