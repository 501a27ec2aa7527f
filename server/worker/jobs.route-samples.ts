import type { SampleFactory } from '../testing/sample.ts';
import { enqueueJob } from './worker.ts';

/** Samples for the jobs API: cancelling a queued job (no worker runs in the test app, so it stays queued). */
export const jobsRouteSamples: SampleFactory = (t, admin) => ({
  'POST /api/v1/jobs/:id/cancel': async () => {
    const id = await enqueueJob(t.db, t.clock, { name: 'reports.monthly', lane: 'bulk', payload: { month: '2026-11' } });
    return { caller: await admin(), method: 'POST', url: `/api/v1/jobs/${id}/cancel` };
  },
});
