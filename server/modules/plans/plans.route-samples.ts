import { uid, type SampleFactory } from '../../testing/sample.ts';

/** Samples for the plans module's writes: plans of the administrator, published, and incidents running one. */
export const plansRouteSamples: SampleFactory = (t, admin) => {
  const document = (key: string) => ({
    key,
    title: { zh: `样例预案 ${key}` },
    category: 'equipment',
    scope: { zh: '样例' },
    impact: { zh: '样例' },
    trigger: { alertRules: [], alertTypes: [], subsystems: ['ticketing'], deviceTypes: [], levels: [] },
    roles: [{ key: 'onsite-engineer', name: { zh: '现场工程师' } }],
    steps: [{ key: 'repair', title: { zh: '维修' }, role: 'onsite-engineer', expectedMinutes: 10, phase: 'recovery' }],
    fallbacks: [],
    communications: [],
    prevention: [],
  });
  const plan = async (): Promise<{ id: string; version: number }> => {
    const key = `sample-${uid()}`;
    const res = (await t.call(await admin(), { method: 'POST', url: '/api/v1/plans', payload: { document: document(key) } })).json();
    return { id: res.id as string, version: res.version as number };
  };
  const published = async (): Promise<string> => {
    const { id, version } = await plan();
    await t.call(await admin(), { method: 'POST', url: `/api/v1/plans/${id}/publish`, payload: { version } });
    return id;
  };
  const incident = async (): Promise<string> => {
    const caller = await admin();
    const site = (await t.call(caller, { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
    return (await t.call(caller, { method: 'POST', url: '/api/v1/incidents', payload: { title: `售票故障 ${uid()}`, siteId: site, impact: 'medium', urgency: 'low' } })).json().id as string;
  };
  return {
    'POST /api/v1/plans': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/plans', payload: { document: document(`sample-${uid()}`) } }),
    'PUT /api/v1/plans/:id': async () => {
      const { id, version } = await plan();
      return { caller: await admin(), method: 'PUT', url: `/api/v1/plans/${id}`, payload: { version, document: { ...document('x'), key: (await t.call(await admin(), { method: 'GET', url: `/api/v1/plans/${id}` })).json().key } } };
    },
    'DELETE /api/v1/plans/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/plans/${(await plan()).id}` }),
    'POST /api/v1/plans/:id/publish': async () => {
      const { id, version } = await plan();
      return { caller: await admin(), method: 'POST', url: `/api/v1/plans/${id}/publish`, payload: { version } };
    },
    'POST /api/v1/incidents/:id/plan': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/incidents/${await incident()}/plan`, payload: { planId: await published() } }),
    'PATCH /api/v1/incidents/:id/plan/steps/:key': async () => {
      const caller = await admin();
      const id = await incident();
      await t.call(caller, { method: 'POST', url: `/api/v1/incidents/${id}/plan`, payload: { planId: await published() } });
      return { caller, method: 'PATCH', url: `/api/v1/incidents/${id}/plan/steps/repair`, payload: { action: 'done', version: 1 } };
    },
  };
};
