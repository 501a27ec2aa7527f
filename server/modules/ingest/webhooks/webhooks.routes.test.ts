import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../errors.ts';
import { registerErrorHandler } from '../../../http/error-handler.ts';
import { ErrorResponse } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { createValidatorCompiler } from '../../../http/validation.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { createExternalAlerts } from '../../alerting/external/external-alerts.ts';
import { estateFixtures } from '../../estate/estate.fixtures.ts';
import { capturedDeliveries, grafanaLegacySample, grafanaUnifiedSample } from './fixtures/fixtures.ts';
import { createRecordingSink } from './recording-sink.testing.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { createWebhooksService } from './webhooks.service.ts';

/**
 * The webhook routes in the real app (authentication, the alerting module's external alerts, the ingest pipeline) on
 * a real database. The captured deliveries are what a real Alertmanager 0.25.0 sent (fixtures/README.md).
 */
const AM = '/api/v1/integrations/alertmanager';
const GRAFANA = '/api/v1/integrations/grafana';
const RECEIVED = Date.parse('2026-11-22T06:06:20Z');

type Result = { index: number; id: string | null; status: string; outcome: string; error?: { code: string } };

describeEachDatabase('alert webhooks on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let bearer: Record<string, string>;
  let pos42: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(RECEIVED);
    admin = await t.loginAdmin();
    bearer = { authorization: `Bearer ${(await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'alertmanager', permissions: ['ingest:write'] } })).json().secret}` };
    const estate = estateFixtures(t);
    const north = await estate.site(admin, { code: 'campus-north' });
    pos42 = await estate.device(admin, north.id, { code: 'POS-0042' });
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('alert_events').execute();
    await t.db.kysely.deleteFrom('alerts').execute();
    await t.db.kysely.deleteFrom('events').execute();
    t.clock.set(RECEIVED);
    admin = await t.loginAdmin();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = bearer) =>
    t.app.inject({ method: 'POST', url, payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': 'application/json', ...headers } });
  const outcomes = (body: { results: Result[] }) => body.results.map((r) => [r.index, r.status, r.outcome]);
  const alerts = async () => (await t.call(admin, { method: 'GET', url: '/api/v1/alerts?limit=100' })).json().items as { id: string; state: string; deviceId: string | null; source: string }[];
  const deviceEvents = async () =>
    (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${pos42.id}/events?kind=event` })).json().items as { data: { type: string; severity: string; attrs: { status: string } } }[];

  it('raises each alert once: a re-delivery is all duplicates with the same ids, the next notification resolves what ended', async () => {
    const first = await post(AM, capturedDeliveries[0]);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ received: 2, accepted: 2, duplicates: 0, rejected: 0 });
    expect(outcomes(first.json())).toEqual([[0, 'accepted', 'raised'], [1, 'accepted', 'raised']]);
    const ids = first.json().results.map((r: Result) => r.id);
    expect((await alerts()).map((a) => a.id).sort()).toEqual([...ids].sort());

    const again = await post(AM, capturedDeliveries[0]);
    expect(again.json()).toMatchObject({ received: 2, accepted: 0, duplicates: 2 });
    expect(outcomes(again.json())).toEqual([[0, 'duplicate', 'refreshed'], [1, 'duplicate', 'refreshed']]);
    expect(again.json().results.map((r: Result) => r.id)).toEqual(ids);

    t.clock.advance(5000);
    const resolved = await post(AM, capturedDeliveries[1]);
    expect(resolved.json()).toMatchObject({ received: 2, accepted: 1, duplicates: 1 });
    expect(outcomes(resolved.json())).toEqual([[0, 'accepted', 'resolved'], [1, 'duplicate', 'refreshed']]);
    expect((await alerts()).map((a) => [a.id, a.state]).sort()).toEqual([[ids[0], 'resolved'], [ids[1], 'firing']].sort());
  });

  it('adds an alert to the history of the registered device it names, and never makes a discovered device', async () => {
    await post(AM, capturedDeliveries[0]);
    await post(AM, capturedDeliveries[0]);
    await post(AM, capturedDeliveries[1]);
    const history = await deviceEvents();
    expect(history.map((e) => [e.data.type, e.data.severity, e.data.attrs.status])).toEqual([
      ['alert', 'critical', 'resolved'],
      ['alert', 'critical', 'firing'],
    ]);
    // POS-0043 is nobody's device, and the site-wide alert names none
    await post(AM, { version: '4', alerts: [{ status: 'firing', labels: { alertname: 'SiteDown', site: 'campus-north' }, startsAt: '2026-11-22T06:06:00Z', fingerprint: 'site-down' }] });
    expect(await t.db.kysely.selectFrom('discovered_devices').selectAll().execute()).toEqual([]);
    const stored = await t.db.kysely.selectFrom('events').select(['device_code']).execute();
    expect(new Set(stored.map((e) => e.device_code))).toEqual(new Set(['POS-0042']));
  });

  it('answers 200 with per-alert results when some alerts are unusable', async () => {
    const res = await post(AM, { ...capturedDeliveries[0], alerts: ['nonsense', {}, (capturedDeliveries[0]!.alerts as unknown[])[1]] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      received: 3,
      accepted: 1,
      rejected: 2,
      results: [
        { index: 0, status: 'rejected', outcome: 'rejected', id: null, error: { code: 'NOT_AN_OBJECT' } },
        { index: 1, status: 'rejected', outcome: 'rejected', id: null, error: { code: 'NO_IDENTITY' } },
        { index: 2, status: 'accepted', outcome: 'raised' },
      ],
    });
  });

  it('says why a resolution changed nothing', async () => {
    const res = await post(AM, capturedDeliveries[1]);
    expect(res.json().results[0]).toMatchObject({ status: 'duplicate', outcome: 'ignored', id: null, error: { code: 'notOpen' } });
  });

  it('passes a payload with newer fields and without a version', async () => {
    const { version: _v, ...body } = capturedDeliveries[0]!;
    const res = await post(AM, { ...body, truncatedAlerts: 0, notification_reason: 'new_alert', routeLabels: { receiver: 'ops' }, somethingNew: { nested: [1, 2] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().accepted).toBe(2);
  });

  it('refuses another payload version with 400 and the reason, writing nothing', async () => {
    for (const version of ['3', '5']) {
      const res = await post(AM, { ...capturedDeliveries[0], version });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'UNSUPPORTED_VERSION', details: { version, supported: ['4'] } });
      expect(res.json().error.message).toMatch(/version "?\d"? is not supported.*version 4/);
    }
    expect(await alerts()).toEqual([]);
  });

  it('refuses unusable payloads with 400 naming the problem', async () => {
    const noAlerts = await post(AM, { version: '4', status: 'firing' });
    expect(noAlerts.statusCode).toBe(400);
    expect(noAlerts.json().error.code).toBe('VALIDATION_FAILED');
    expect(noAlerts.json().error.details[0].field).toBe('body.alerts');
    expect((await post(AM, '{"alerts": [')).json().error.code).toBe('INVALID_JSON');
    expect((await post(AM, [])).statusCode).toBe(400);
    expect((await post(AM, { alerts: 'many' })).statusCode).toBe(400);
    expect((await post(AM, { alerts: Array.from({ length: 10_001 }, () => ({})) })).statusCode).toBe(400);
  });

  it('keeps the API body limit, not the ingest routes’ 32 MiB: a notification past 1 MiB is refused with 413 before it is parsed', async () => {
    const alert = (capturedDeliveries[0] as { alerts: unknown[] }).alerts[0];
    const group = (count: number) => ({ ...(capturedDeliveries[0] as object), alerts: Array.from({ length: count }, () => alert) });
    const size = (count: number) => Buffer.byteLength(JSON.stringify(group(count)));
    const perAlert = size(2) - size(1);
    const over = await post(AM, group(Math.ceil(1_048_576 / perAlert) + 1));
    expect(over.statusCode).toBe(413);
    expect(over.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await alerts()).toHaveLength(0);
    // Just under the limit, the same alert many times over is one alert.
    const under = await post(AM, group(Math.floor((1_048_576 - size(0)) / perAlert)));
    expect(under.statusCode).toBe(200);
    expect(await alerts()).toHaveLength(1);
  });

  it('refuses callers without ingest:write', async () => {
    expect((await post(AM, capturedDeliveries[0], {})).statusCode).toBe(401);
    const weak = (await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'weak', permissions: ['sites:read'] } })).json().secret;
    expect((await post(GRAFANA, grafanaUnifiedSample(t.clock.now()), { authorization: `Bearer ${weak}` })).statusCode).toBe(403);
    expect(await alerts()).toEqual([]);
  });

  it('takes unified and legacy Grafana webhooks', async () => {
    const unified = await post(GRAFANA, grafanaUnifiedSample(t.clock.now()));
    expect(unified.statusCode, unified.body).toBe(200);
    // the firing alert is raised; the resolved one was never open here
    expect(unified.json()).toMatchObject({ received: 2, accepted: 1, duplicates: 1 });
    expect(outcomes(unified.json())).toEqual([[0, 'accepted', 'raised'], [1, 'duplicate', 'ignored']]);

    const legacy = await post(GRAFANA, grafanaLegacySample);
    expect(outcomes(legacy.json())).toEqual([[0, 'accepted', 'raised']]);
    t.clock.advance(300_000);
    const ok = await post(GRAFANA, { ...grafanaLegacySample, state: 'ok', evalMatches: [] });
    expect(outcomes(ok.json())).toEqual([[0, 'accepted', 'resolved']]);
    expect(ok.json().results[0].id).toBe(legacy.json().results[0].id);
    expect((await alerts()).map((a) => [a.source, a.state]).sort()).toEqual([['grafana', 'firing'], ['grafana', 'resolved']]);
  });

  it('refuses a body that is not a Grafana alert with 400', async () => {
    const res = await post(GRAFANA, { text: 'hello' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_PAYLOAD');
    expect((await post(GRAFANA, { ...grafanaUnifiedSample(t.clock.now()), version: '9' })).json().error.code).toBe('UNSUPPORTED_VERSION');
  });

  it('passes the pipeline’s refusal of the device history through, so Alertmanager retries; the retry raises nothing twice', async () => {
    // The routes alone, with a pipeline that refuses once (a saturated node), over the real external alerts.
    const recording = createRecordingSink(t.clock);
    const app: App = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(createValidatorCompiler());
    registerErrorHandler(app);
    app.addSchema(ErrorResponse);
    const external = createExternalAlerts({ db: t.db, clock: t.clock, events: t.services.events });
    webhooksRoutes(app, { webhooks: createWebhooksService({ alerts: external, sink: recording.sink, clock: t.clock }) });
    await app.ready();
    try {
      recording.failNextWith(new ServiceUnavailableError('The node is saturated', 2));
      const send = () => app.inject({ method: 'POST', url: AM, payload: capturedDeliveries[0] as never });
      const refused = await send();
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      const retried = await send();
      expect(retried.json()).toMatchObject({ accepted: 0, duplicates: 2 });
      expect(recording.envelopes.map((e) => e.device)).toEqual(['POS-0042']);
      expect(await alerts()).toHaveLength(2);
    } finally {
      await app.close();
    }
  });
});
