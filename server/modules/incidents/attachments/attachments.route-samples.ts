import { uid, type SampleFactory } from '../../../testing/sample.ts';

/** The upload's sample: a small text file on an incident of a fresh site, by the administrator. */
export const attachmentsRouteSamples: SampleFactory = (t, admin) => {
  const incident = async (): Promise<string> => {
    const site = (await t.call(await admin(), { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
    return (await t.call(await admin(), { method: 'POST', url: '/api/v1/incidents', payload: { title: `POS 故障 ${uid()}`, siteId: site, impact: 'medium', urgency: 'low' } })).json().id as string;
  };
  return {
    'POST /api/v1/incidents/:id/attachments': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/incidents/${await incident()}/attachments?filename=${encodeURIComponent('现场照片.txt')}`, payload: '三号窗口读卡器' }),
  };
};
