import { uid, type SampleFactory } from '../../../testing/sample.ts';

/**
 * Samples for the survey's write: an incident of a fresh site taken through to the client's confirmation (by a client
 * of that site, as the workflow wants someone other than the fixer), whose confirmation sends the survey's link.
 */
export const surveysRouteSamples: SampleFactory = (t, admin) => {
  const confirmedIncident = async (): Promise<string> => {
    const caller = await admin();
    const site = (await t.call(caller, { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
    const id = (await t.call(caller, { method: 'POST', url: '/api/v1/incidents', payload: { title: `水控器故障 ${uid()}`, siteId: site, impact: 'low', urgency: 'low' } })).json().id as string;
    const move = (who: typeof caller, payload: object) => t.call(who, { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload });
    await move(caller, { kind: 'take' });
    await move(caller, { kind: 'start_work' });
    await move(caller, { kind: 'resolve', fix: '更换电磁阀', causeCategory: 'hardware' });
    await move(await t.userWith(caller, ['client'], [site]), { kind: 'confirm' });
    return id;
  };
  /** The token as the client received it: the confirmation sends the link to the client's console. */
  const token = async (): Promise<string> => {
    await t.services.channels.ensureBuiltin();
    const id = await confirmedIncident();
    const rows = await t.db.kysely.selectFrom('notifications').select('message').where('group_key', '=', `incident:${id}`).execute();
    const link = rows.map((r) => (JSON.parse(r.message) as { url: string }).url).find((url) => url.includes('/survey/'));
    if (!link) throw new Error('the confirmation sent no survey link');
    return decodeURIComponent(link.split('/survey/')[1]!);
  };
  return {
    'POST /api/v1/surveys/:token': async () => ({ caller: null, method: 'POST', url: `/api/v1/surveys/${await token()}`, payload: { score: 5, comment: '处理及时' } }),
  };
};
