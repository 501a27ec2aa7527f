import { uid, type SampleFactory } from '../../../testing/sample.ts';

/** Samples for the alert-rules routes (server/testing/route-samples.ts lists this factory). */
export const alertRulesRouteSamples: SampleFactory = (t, admin) => {
  const definition = () => ({ key: `sample-${uid()}`, name: '样例规则', level: 3, condition: { kind: 'threshold', metric: 'cpu', aggregate: 'avg', windowMinutes: 5, operator: '>', threshold: 80 } });
  const newRule = async () => {
    const res = await t.call(await admin(), { method: 'POST', url: '/api/v1/alert-rules', payload: definition() });
    if (res.statusCode !== 200) throw new Error(`POST /api/v1/alert-rules: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; key: string };
  };
  return {
    'POST /api/v1/alert-rules': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/alert-rules', payload: definition() }),
    'PUT /api/v1/alert-rules/:id': async () => {
      const rule = await newRule();
      return { caller: await admin(), method: 'PUT', url: `/api/v1/alert-rules/${rule.id}`, payload: { ...definition(), key: rule.key, level: 2 } };
    },
    'PATCH /api/v1/alert-rules/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/alert-rules/${(await newRule()).id}`, payload: { enabled: false } }),
    'DELETE /api/v1/alert-rules/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/alert-rules/${(await newRule()).id}` }),
    'POST /api/v1/alert-rules/apply': async () => ({
      caller: await admin(),
      method: 'POST',
      url: '/api/v1/alert-rules/apply',
      payload: { apiVersion: 'opsdesk/v1', kind: 'AlertRules', rules: [definition()] },
    }),
  };
};
