import { uid, type SampleFactory } from '../../../testing/sample.ts';

/** Samples for the silences' writes (the preview writes nothing and is exempt from the audit log). */
export const silencesRouteSamples: SampleFactory = (t, admin) => {
  const endsAt = () => new Date(t.clock.now() + 3_600_000).toISOString();
  const newSilence = async () => {
    const res = await t.call(await admin(), { method: 'POST', url: '/api/v1/silences', payload: { matchers: [{ name: 'site', op: '=', value: `s-${uid()}` }], endsAt: endsAt(), comment: '更换打印机' } });
    if (res.statusCode !== 200) throw new Error(`POST /api/v1/silences: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string };
  };
  return {
    'POST /api/v1/silences': async () => ({
      caller: await admin(),
      method: 'POST',
      url: '/api/v1/silences',
      payload: { matchers: [{ name: 'device', op: '=~', value: 'POS-.*' }], endsAt: endsAt(), comment: '消费机升级' },
    }),
    'PATCH /api/v1/silences/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/silences/${(await newSilence()).id}`, payload: { comment: '延长' } }),
    'POST /api/v1/silences/:id/expire': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/silences/${(await newSilence()).id}/expire` }),
  };
};
