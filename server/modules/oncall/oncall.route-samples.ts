import { uid, type SampleFactory } from '../../testing/sample.ts';

/** Samples for oncall's writes: rosters of the administrator, their overrides, escalation policies over the console. */
export const oncallRouteSamples: SampleFactory = (t, admin) => {
  const rosterBody = async () => {
    const caller = await admin();
    return { name: `值班-${uid()}`, layers: [{ name: '工程师', rotation: { kind: 'weekly', handover: '08:30', startDate: '2026-11-02', participants: [caller.userId] } }] };
  };
  const roster = async (): Promise<string> => (await t.call(await admin(), { method: 'POST', url: '/api/v1/rosters', payload: await rosterBody() })).json().id as string;
  const consoleChannel = async (): Promise<string> => {
    const id = await t.services.channels.ensureBuiltin();
    return id;
  };
  const policyBody = async () => ({ name: `策略-${uid()}`, levels: [1], steps: [{ targets: [{ kind: 'user', userId: (await admin()).userId }], channelIds: [await consoleChannel()], waitMinutes: 10 }] });
  const policy = async (): Promise<string> => (await t.call(await admin(), { method: 'POST', url: '/api/v1/escalation-policies', payload: await policyBody() })).json().id as string;
  const override = async (rosterId: string): Promise<string> => {
    const caller = await admin();
    const now = t.clock.now();
    const res = await t.call(caller, { method: 'POST', url: `/api/v1/rosters/${rosterId}/overrides`, payload: { userId: caller.userId, replacesUserId: null, startAt: new Date(now).toISOString(), endAt: new Date(now + 3_600_000).toISOString() } });
    return res.json().id as string;
  };
  return {
    'POST /api/v1/rosters': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/rosters', payload: await rosterBody() }),
    'PATCH /api/v1/rosters/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/rosters/${await roster()}`, payload: { hotline: '0571-88886666' } }),
    'DELETE /api/v1/rosters/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/rosters/${await roster()}` }),
    'POST /api/v1/rosters/:id/overrides': async () => {
      const caller = await admin();
      const now = t.clock.now();
      return { caller, method: 'POST', url: `/api/v1/rosters/${await roster()}/overrides`, payload: { userId: caller.userId, replacesUserId: null, startAt: new Date(now).toISOString(), endAt: new Date(now + 3_600_000).toISOString(), reason: '替班' } };
    },
    'DELETE /api/v1/rosters/:id/overrides/:overrideId': async () => {
      const id = await roster();
      return { caller: await admin(), method: 'DELETE', url: `/api/v1/rosters/${id}/overrides/${await override(id)}` };
    },
    'POST /api/v1/escalation-policies': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/escalation-policies', payload: await policyBody() }),
    'PATCH /api/v1/escalation-policies/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/escalation-policies/${await policy()}`, payload: { repeat: 2 } }),
    'DELETE /api/v1/escalation-policies/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/escalation-policies/${await policy()}` }),
  };
};
