import type { Caller } from '../../testing/app.ts';
import { uid, type SampleFactory } from '../../testing/sample.ts';
import { ledgerCsv, wechatBill } from './recon.test-support.ts';

const DAY = '2026-11-30';

/**
 * Samples for deciding proposed matches: a ledger record and a WeChat bill record of their own that agree on an
 * amount no other sample uses but are 100 s apart with different order ids (a key match under the auto-confirm
 * score), the day run through the service as the worker would, and the proposal of that pair.
 */
export const proposalsRouteSamples: SampleFactory = (t, admin) => {
  async function proposal(caller: Caller): Promise<string> {
    const u = uid();
    const fen = 50_000 + Math.floor(Math.random() * 900_000);
    const ledger = ledgerCsv([{ id: `T-${u}`, order: `PL-${u}`, fen, time: `${DAY} 16:00:00` }]);
    const bill = wechatBill([{ wxId: `43${u}`, order: `PR-${u}`, fen, time: `${DAY} 16:01:40` }]);
    for (const [source, bytes] of [['ledger', ledger], ['wechat', bill]] as const) {
      await t.call(caller, { method: 'POST', url: `/api/v1/recon/imports?source=${source}`, payload: Buffer.from(bytes), headers: { 'content-type': 'text/csv' } });
    }
    const job = (await t.call(caller, { method: 'POST', url: '/api/v1/recon/jobs', payload: { channel: 'wechat', day: DAY } })).json().job as { id: string };
    await t.services.recon.jobs.run(job.id, null);
    const items = (await t.call(caller, { method: 'GET', url: `/api/v1/recon/jobs/${job.id}/proposals?state=proposed&limit=200` })).json().items as { id: string; left: { merchantOrderId: string | null }[] }[];
    return items.find((p) => p.left.some((r) => r.merchantOrderId === `PL-${u}`))!.id;
  }

  return {
    'POST /api/v1/recon/proposals/:id/confirm': async () => {
      const caller = await admin();
      return { caller, method: 'POST', url: `/api/v1/recon/proposals/${await proposal(caller)}/confirm`, payload: { note: '同一笔' } };
    },
    'POST /api/v1/recon/proposals/:id/reject': async () => {
      const caller = await admin();
      return { caller, method: 'POST', url: `/api/v1/recon/proposals/${await proposal(caller)}/reject`, payload: { reason: '不是同一笔' } };
    },
  };
};
