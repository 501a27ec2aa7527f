import type { Caller, TestApp } from '../../testing/app.ts';
import { uid, type SampleFactory } from '../../testing/sample.ts';

/** The shipped plan the samples drill: the one-card key business failure, with its standby switchover (seed 003). */
export const SAMPLE_PLAN_KEY = 'onecard-key-business-failure';

/** The id of a shipped plan, by key, through the plans API. */
export async function planIdByKey(t: TestApp, caller: Caller, key: string): Promise<string> {
  let cursor: string | null = null;
  do {
    const page = (await t.call(caller, { method: 'GET', url: `/api/v1/plans?limit=200${cursor ? `&cursor=${cursor}` : ''}` })).json() as { items: { id: string; key: string }[]; nextCursor: string | null };
    const hit = page.items.find((p) => p.key === key);
    if (hit) return hit.id;
    cursor = page.nextCursor;
  } while (cursor);
  throw new Error(`no plan ${key}`);
}

/** Samples for the drills' writes: a site, a schedule of the shipped plan, a run (started when asked) and a finding. */
export const drillsRouteSamples: SampleFactory = (t, admin) => {
  const site = async (caller: Caller): Promise<string> =>
    (await t.call(caller, { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: `站点-${uid()}` } })).json().id as string;
  const schedule = async (): Promise<{ id: string; version: number }> => {
    const caller = await admin();
    const planId = await planIdByKey(t, caller, SAMPLE_PLAN_KEY);
    const res = (await t.call(caller, { method: 'POST', url: '/api/v1/drills/schedules', payload: { planId, title: `切换演练 ${uid()}`, cron: '0 9 15 3,6,9,12 *', siteIds: [await site(caller)], participants: [caller.userId] } })).json();
    return { id: res.id as string, version: res.version as number };
  };
  const run = async (start: boolean): Promise<{ id: string; version: number; step: string; stepVersion: number }> => {
    const caller = await admin();
    const planId = await planIdByKey(t, caller, SAMPLE_PLAN_KEY);
    const res = (await t.call(caller, { method: 'POST', url: '/api/v1/drills/runs', payload: { planId, siteIds: [await site(caller)], participants: [caller.userId], start } })).json();
    return { id: res.id as string, version: res.version as number, step: res.steps[0].key as string, stepVersion: res.steps[0].version as number };
  };
  const finding = async (): Promise<{ id: string; version: number }> => {
    const caller = await admin();
    const { id } = await run(true);
    const res = (await t.call(caller, { method: 'POST', url: `/api/v1/drills/runs/${id}/findings`, payload: { text: '备用服务器切换超时', severity: 'medium' } })).json();
    return { id: res.id as string, version: res.version as number };
  };
  return {
    'POST /api/v1/drills/schedules': async () => {
      const caller = await admin();
      const planId = await planIdByKey(t, caller, SAMPLE_PLAN_KEY);
      return { caller, method: 'POST', url: '/api/v1/drills/schedules', payload: { planId, title: '季度切换演练', cron: '0 9 15 3,6,9,12 *', siteIds: [await site(caller)], participants: [] } };
    },
    'PATCH /api/v1/drills/schedules/:id': async () => {
      const { id, version } = await schedule();
      return { caller: await admin(), method: 'PATCH', url: `/api/v1/drills/schedules/${id}`, payload: { version, enabled: false } };
    },
    'DELETE /api/v1/drills/schedules/:id': async () => {
      const { id, version } = await schedule();
      return { caller: await admin(), method: 'DELETE', url: `/api/v1/drills/schedules/${id}?version=${version}` };
    },
    'POST /api/v1/drills/runs': async () => {
      const caller = await admin();
      return { caller, method: 'POST', url: '/api/v1/drills/runs', payload: { planId: await planIdByKey(t, caller, SAMPLE_PLAN_KEY), siteIds: [await site(caller)], participants: [] } };
    },
    'POST /api/v1/drills/runs/:id/start': async () => {
      const { id, version } = await run(false);
      return { caller: await admin(), method: 'POST', url: `/api/v1/drills/runs/${id}/start`, payload: { version } };
    },
    'POST /api/v1/drills/runs/:id/cancel': async () => {
      const { id, version } = await run(false);
      return { caller: await admin(), method: 'POST', url: `/api/v1/drills/runs/${id}/cancel`, payload: { version, reason: '机房停电检修，改期' } };
    },
    'POST /api/v1/drills/runs/:id/complete': async () => {
      const { id, version } = await run(true);
      return { caller: await admin(), method: 'POST', url: `/api/v1/drills/runs/${id}/complete`, payload: { version } };
    },
    'PATCH /api/v1/drills/runs/:id/steps/:key': async () => {
      const { id, step, stepVersion } = await run(true);
      return { caller: await admin(), method: 'PATCH', url: `/api/v1/drills/runs/${id}/steps/${step}`, payload: { action: 'done', version: stepVersion } };
    },
    'POST /api/v1/drills/runs/:id/findings': async () => {
      const { id } = await run(true);
      return { caller: await admin(), method: 'POST', url: `/api/v1/drills/runs/${id}/findings`, payload: { text: '备用服务器切换超时', severity: 'high', action: '补充切换脚本', dueDate: '2027-01-15' } };
    },
    'PATCH /api/v1/drills/findings/:id': async () => {
      const { id, version } = await finding();
      return { caller: await admin(), method: 'PATCH', url: `/api/v1/drills/findings/${id}`, payload: { version, status: 'done' } };
    },
    'DELETE /api/v1/drills/findings/:id': async () => {
      const { id, version } = await finding();
      return { caller: await admin(), method: 'DELETE', url: `/api/v1/drills/findings/${id}?version=${version}` };
    },
  };
};
