import { uid, type SampleFactory } from '../../testing/sample.ts';

/** Samples for the knowledge base's writes: drafts by the administrator, and a closed incident to draft from. */
export const kbRouteSamples: SampleFactory = (t, admin) => {
  const draft = async (): Promise<{ id: string; version: number }> => {
    const created = (await t.call(await admin(), { method: 'POST', url: '/api/v1/kb/articles', payload: { title: `闸机离线排查 ${uid()}`, body: '先查 PoE 供电' } })).json();
    return { id: created.id as string, version: created.version as number };
  };
  /** An incident of a fresh site taken through to closed. */
  const closedIncident = async (): Promise<string> => {
    const caller = await admin();
    const site = (await t.call(caller, { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
    const id = (await t.call(caller, { method: 'POST', url: '/api/v1/incidents', payload: { title: `闸机不读卡 ${uid()}`, siteId: site, impact: 'low', urgency: 'low' } })).json().id as string;
    const engineer = await t.userWith(caller, ['engineer']);
    const client = await t.userWith(caller, ['client'], [site]);
    const move = (who: typeof engineer, payload: object) => t.call(who, { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload });
    await move(engineer, { kind: 'take' });
    await move(engineer, { kind: 'start_work' });
    await move(engineer, { kind: 'resolve', fix: '更换读卡模块', causeCategory: 'hardware' });
    await move(client, { kind: 'confirm' });
    await move(engineer, { kind: 'close' });
    return id;
  };
  return {
    'POST /api/v1/kb/articles': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/kb/articles', payload: { title: `消费机黑屏 ${uid()}`, body: '检查电源', tags: ['消费机'] } }),
    'POST /api/v1/kb/articles/from-incident': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/kb/articles/from-incident', payload: { incidentId: await closedIncident() } }),
    'PATCH /api/v1/kb/articles/:id': async () => {
      const { id, version } = await draft();
      return { caller: await admin(), method: 'PATCH', url: `/api/v1/kb/articles/${id}`, payload: { version, body: '先查 PoE 供电，再查网线' } };
    },
    'POST /api/v1/kb/articles/:id/actions': async () => {
      const { id, version } = await draft();
      return { caller: await admin(), method: 'POST', url: `/api/v1/kb/articles/${id}/actions`, payload: { action: 'submit', version } };
    },
  };
};
