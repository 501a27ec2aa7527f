import type { Caller } from '../../testing/app.ts';
import { uid, type SampleFactory } from '../../testing/sample.ts';
import { ledgerCsv, wechatBill } from './recon.test-support.ts';

const DAY = '2026-11-30';

/**
 * Samples for reconciliation's writes: a ledger and a WeChat bill of their own (unique ids, so never a duplicate
 * import), a job run through the service as the worker would, and a difference of it in the state each step needs.
 */
export const reconRouteSamples: SampleFactory = (t, admin) => {
  const call = (caller: Caller, method: 'GET' | 'POST', url: string, payload?: unknown) => t.call(caller, { method, url, payload });

  async function importPair(caller: Caller): Promise<void> {
    const u = uid();
    const ledger = ledgerCsv([{ id: `T-${u}`, order: `M-${u}`, fen: 1000, time: `${DAY} 10:00:00` }]);
    const bill = wechatBill([{ wxId: `42${u}`, order: `M-${u}`, fen: 990, time: `${DAY} 10:00:10` }]);
    await t.call(caller, { method: 'POST', url: '/api/v1/recon/imports?source=ledger', payload: Buffer.from(ledger), headers: { 'content-type': 'text/csv' } });
    await t.call(caller, { method: 'POST', url: '/api/v1/recon/imports?source=wechat', payload: Buffer.from(bill), headers: { 'content-type': 'text/csv' } });
  }

  /** A difference of a freshly run job, moved as far as `stage`. */
  async function difference(stage: 'open' | 'investigating' | 'proposed', maker?: Caller): Promise<{ id: string; version: number }> {
    const caller = maker ?? (await admin());
    await importPair(caller);
    const job = (await call(caller, 'POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY })).json().job as { id: string };
    await t.services.recon.jobs.run(job.id, null);
    let d = (await call(caller, 'GET', `/api/v1/recon/jobs/${job.id}/differences?limit=1`)).json().items[0] as { id: string; version: number };
    if (stage === 'open') return d;
    d = (await call(caller, 'POST', `/api/v1/recon/differences/${d.id}/investigate`, { version: d.version })).json();
    if (stage === 'investigating') return d;
    return (await call(caller, 'POST', `/api/v1/recon/differences/${d.id}/resolve`, { version: d.version, resolution: 'adjust', note: '调账' })).json();
  }

  const financeUser = async (): Promise<Caller> => t.userWith(await admin(), ['finance']);

  return {
    'POST /api/v1/recon/imports': async () => {
      const u = uid();
      return { caller: await admin(), method: 'POST', url: '/api/v1/recon/imports?source=ledger&fileName=ledger.csv', payload: Buffer.from(ledgerCsv([{ id: `T-${u}`, order: `M-${u}`, fen: 100, time: `${DAY} 09:00:00` }])) };
    },
    'PATCH /api/v1/recon/channels/:id': async () => {
      const caller = await admin();
      const channel = ((await call(caller, 'GET', '/api/v1/recon/channels')).json().items as { id: string; version: number }[]).find((c) => c.id === 'alipay')!;
      return { caller, method: 'PATCH', url: '/api/v1/recon/channels/alipay', payload: { version: channel.version, openAlertThreshold: 60 } };
    },
    'POST /api/v1/recon/jobs': async () => {
      const caller = await admin();
      await importPair(caller);
      return { caller, method: 'POST', url: '/api/v1/recon/jobs', payload: { channel: 'wechat', day: DAY } };
    },
    'POST /api/v1/recon/differences/:id/investigate': async () => {
      const d = await difference('open');
      return { caller: await admin(), method: 'POST', url: `/api/v1/recon/differences/${d.id}/investigate`, payload: { version: d.version } };
    },
    'POST /api/v1/recon/differences/:id/resolve': async () => {
      const d = await difference('investigating');
      return { caller: await admin(), method: 'POST', url: `/api/v1/recon/differences/${d.id}/resolve`, payload: { version: d.version, resolution: 'force-match', note: '同一笔，时间差' } };
    },
    'POST /api/v1/recon/differences/:id/approve': async () => {
      const d = await difference('proposed', await financeUser());
      return { caller: await admin(), method: 'POST', url: `/api/v1/recon/differences/${d.id}/approve`, payload: { version: d.version } };
    },
    'POST /api/v1/recon/differences/:id/refuse': async () => {
      const d = await difference('proposed', await financeUser());
      return { caller: await admin(), method: 'POST', url: `/api/v1/recon/differences/${d.id}/refuse`, payload: { version: d.version, note: '金额待核' } };
    },
    'POST /api/v1/recon/differences/:id/reject': async () => {
      const d = await difference('investigating');
      return { caller: await admin(), method: 'POST', url: `/api/v1/recon/differences/${d.id}/reject`, payload: { version: d.version, note: '非差异' } };
    },
    'POST /api/v1/recon/differences/:id/assign': async () => {
      const d = await difference('open');
      const caller = await admin();
      return { caller, method: 'POST', url: `/api/v1/recon/differences/${d.id}/assign`, payload: { version: d.version, assigneeId: caller.userId } };
    },
    'POST /api/v1/recon/differences/:id/comments': async () => {
      const d = await difference('open');
      return { caller: await admin(), method: 'POST', url: `/api/v1/recon/differences/${d.id}/comments`, payload: { text: '已联系渠道' } };
    },
  };
};

