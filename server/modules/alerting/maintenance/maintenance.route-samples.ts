import { uid, type SampleFactory } from '../../../testing/sample.ts';

/** Samples for the maintenance windows' writes. */
export const maintenanceRouteSamples: SampleFactory = (t, admin) => {
  const call = async (method: 'POST', url: string, payload: unknown) => {
    const res = await t.call(await admin(), { method, url, payload });
    if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string };
  };
  const newSite = () => call('POST', '/api/v1/sites', { code: `mw-${uid()}`, name: '图书馆' });
  const newWindow = async () => call('POST', '/api/v1/maintenance-windows', { name: '每周机房巡检', siteId: (await newSite()).id, cron: '0 22 * * 3', durationMinutes: 60 });
  return {
    'POST /api/v1/maintenance-windows': async () => ({
      caller: await admin(),
      method: 'POST',
      url: '/api/v1/maintenance-windows',
      payload: { name: '配电改造', siteId: (await newSite()).id, startsAt: new Date(t.clock.now() + 3_600_000).toISOString(), endsAt: new Date(t.clock.now() + 7_200_000).toISOString() },
    }),
    'PATCH /api/v1/maintenance-windows/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/maintenance-windows/${(await newWindow()).id}`, payload: { durationMinutes: 90 } }),
    'DELETE /api/v1/maintenance-windows/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/maintenance-windows/${(await newWindow()).id}` }),
  };
};
