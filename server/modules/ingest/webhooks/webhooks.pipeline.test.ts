import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { capturedDeliveries, grafanaUnifiedSample } from './fixtures/fixtures.ts';

/** The webhook routes wired to the real pipeline (webhooks.routes.test.ts covers the mapping with a recording sink). */
describeEachDatabase('webhooks into the ingest pipeline on %s', (dialect) => {
  let t: TestApp;
  let bearer: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.loginAdmin();
    bearer = { authorization: `Bearer ${(await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'alertmanager', permissions: ['ingest:write'] } })).json().secret}` };
  });
  afterAll(async () => t.close());

  it('stores a captured Alertmanager delivery as events, and a redelivery as duplicates', async () => {
    t.clock.set(Date.now());
    const delivery = capturedDeliveries[0]!;
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/integrations/alertmanager', headers: bearer, payload: delivery as never });
    expect(first.statusCode, first.body).toBe(200);
    const accepted = first.json().accepted as number;
    expect(accepted).toBeGreaterThan(0);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/integrations/alertmanager', headers: bearer, payload: delivery as never });
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: accepted });
    const stored = await t.db.kysely.selectFrom('events').selectAll().where('source', '=', 'alertmanager').execute();
    expect(stored).toHaveLength(accepted);
    expect(JSON.parse(stored[0]!.data)).toMatchObject({ type: 'alert' });
  });

  it('stores a Grafana alert, and refuses callers without ingest:write', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/integrations/grafana', headers: bearer, payload: grafanaUnifiedSample(t.clock.now()) as never });
    expect(res.json().accepted).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/integrations/grafana', payload: grafanaUnifiedSample(t.clock.now()) as never })).statusCode).toBe(401);
  });
});
