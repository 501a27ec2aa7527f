import type { Caller } from '../../testing/app.ts';
import { uid, type SampleFactory } from '../../testing/sample.ts';

/** Samples for the saved column mappings' writes: each makes a mapping of its own (a unique name). */
export const columnMappingsRouteSamples: SampleFactory = (t, admin) => {
  const body = () => ({ name: `映射 ${uid()}`, source: 'ledger', header: ['单号', '发生额', '日期'], mapping: { txnId: 0, amount: '发生额', txnTime: 2 } });
  async function made(caller: Caller): Promise<{ id: string; version: number }> {
    return (await t.call(caller, { method: 'POST', url: '/api/v1/recon/column-mappings', payload: body() })).json();
  }
  return {
    'POST /api/v1/recon/column-mappings': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/recon/column-mappings', payload: body() }),
    'PATCH /api/v1/recon/column-mappings/:id': async () => {
      const caller = await admin();
      const m = await made(caller);
      return { caller, method: 'PATCH', url: `/api/v1/recon/column-mappings/${m.id}`, payload: { version: m.version, mapping: { txnId: 0, amount: 1, txnTime: 2, amountUnit: 'fen' } } };
    },
    'DELETE /api/v1/recon/column-mappings/:id': async () => {
      const caller = await admin();
      const m = await made(caller);
      return { caller, method: 'DELETE', url: `/api/v1/recon/column-mappings/${m.id}` };
    },
  };
};
