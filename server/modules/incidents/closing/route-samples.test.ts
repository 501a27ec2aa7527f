import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type * as ModuleList from '../../../modules.ts';
import { createTestApp, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { problemsRouteSamples } from '../problems/problems.route-samples.ts';
import { surveysRouteSamples } from '../surveys/surveys.route-samples.ts';
import { closingRouteSamples } from './closing.route-samples.ts';

// Until incidents.module.ts registers closing, problems and surveys (the lead's), their routes as a module of their own.
vi.mock('../../../modules.ts', async (importOriginal) => {
  const original = await importOriginal<typeof ModuleList>();
  const { closingTestModule } = await import('./testing.ts');
  return { ...original, MODULES: [...original.MODULES, closingTestModule] };
});

/**
 * The samples the lead adds to server/testing/route-samples.ts, checked as routes.test.ts will check them: one for
 * every write route of closing, problems and surveys, each answering 200 with exactly one audit record.
 */
describeEachDatabase('closing, problems and surveys route samples on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('cover every write route and each writes exactly one audit record', async () => {
    const admin = () => t.loginAdmin();
    const samples = { ...closingRouteSamples(t, admin), ...problemsRouteSamples(t, admin), ...surveysRouteSamples(t, admin) };
    const ours = t.app.routeCatalog
      .filter((r) => r.method !== 'GET' && /^\/api\/v1\/(problems|surveys)|^\/api\/v1\/incidents\/:id\/(root-cause|parts)$/.test(r.url))
      .map((r) => `${r.method} ${r.url}`);
    expect(Object.keys(samples).sort()).toEqual(ours.sort());
    for (const [key, sample] of Object.entries(samples)) {
      const request = await sample();
      const before = await t.auditCount();
      const res = await t.call(request.caller, { method: request.method, url: request.url, payload: request.payload });
      expect(res.statusCode, `${key}: ${res.body}`).toBe(200);
      expect(await t.auditCount(), key).toBe(before + 1);
    }
    const gaps = await t.metrics.auditGaps.get();
    expect(gaps.values.reduce((sum, v) => sum + v.value, 0)).toBe(0);
  });
});
