import { uid, type SampleFactory } from '../../../testing/sample.ts';

/** Samples for problem records' writes: problems made by the administrator, and an incident of a fresh site to link. */
export const problemsRouteSamples: SampleFactory = (t, admin) => {
  const problem = async (): Promise<{ id: string; version: number }> => {
    const created = (await t.call(await admin(), { method: 'POST', url: '/api/v1/problems', payload: { title: `闸机反复掉线 ${uid()}` } })).json();
    return { id: created.problem.id as string, version: created.problem.version as number };
  };
  const incident = async (): Promise<string> => {
    const caller = await admin();
    const site = (await t.call(caller, { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
    return (await t.call(caller, { method: 'POST', url: '/api/v1/incidents', payload: { title: `闸机掉线 ${uid()}`, siteId: site, impact: 'low', urgency: 'low' } })).json().id as string;
  };
  return {
    'POST /api/v1/problems': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/problems', payload: { title: `消费机时钟漂移 ${uid()}`, description: '多台消费机时间不准' } }),
    'PATCH /api/v1/problems/:id': async () => {
      const { id, version } = await problem();
      return { caller: await admin(), method: 'PATCH', url: `/api/v1/problems/${id}`, payload: { version, state: 'known_error', rootCause: 'NTP 服务器不可达', workaround: '手工校时' } };
    },
    'POST /api/v1/problems/:id/incidents': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/problems/${(await problem()).id}/incidents`, payload: { incidentId: await incident() } }),
    'DELETE /api/v1/problems/:id/incidents/:incidentId': async () => {
      const { id } = await problem();
      const incidentId = await incident();
      await t.call(await admin(), { method: 'POST', url: `/api/v1/problems/${id}/incidents`, payload: { incidentId } });
      return { caller: await admin(), method: 'DELETE', url: `/api/v1/problems/${id}/incidents/${incidentId}` };
    },
  };
};
