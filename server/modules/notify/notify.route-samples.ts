import { uid, type SampleFactory } from '../../testing/sample.ts';

/** Samples for notify's writes: channels (a webhook to a closed port, so a test send fails quickly), a person's profile. */
export const notifyRouteSamples: SampleFactory = (t, admin) => {
  const channel = async (): Promise<string> => {
    const res = await t.call(await admin(), { method: 'POST', url: '/api/v1/channels', payload: { name: `hook-${uid()}`, kind: 'webhook', settings: { url: 'http://127.0.0.1:9/hook', secret: 'sample-secret-0123456789' } } });
    return res.json().id as string;
  };
  return {
    'POST /api/v1/channels': async () => ({
      caller: await admin(),
      method: 'POST',
      url: '/api/v1/channels',
      payload: { name: `钉钉值班群-${uid()}`, kind: 'dingtalk', settings: { accessToken: 'abc123', secret: 'SEC0123456789' } },
    }),
    'PATCH /api/v1/channels/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/channels/${await channel()}`, payload: { ratePerMinute: 10 } }),
    'DELETE /api/v1/channels/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/channels/${await channel()}` }),
    'POST /api/v1/channels/:id/test': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/channels/${await channel()}/test`, payload: {} }),
    'PUT /api/v1/users/:id/notify-profile': async () => {
      const caller = await admin();
      return {
        caller,
        method: 'PUT',
        url: `/api/v1/users/${caller.userId}/notify-profile`,
        payload: { contacts: [{ kind: 'phone', value: '13800138000' }], preferences: { levels: { '1': { email: true, sms: true, chat: true }, '2': { email: true, sms: false, chat: true }, '3': { email: false, sms: false, chat: true } }, quietHours: { from: '22:00', to: '07:00', zone: 'Asia/Shanghai' } } },
      };
    },
  };
};
