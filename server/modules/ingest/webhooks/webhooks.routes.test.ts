import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../clock.ts';
import { ServiceUnavailableError } from '../../../errors.ts';
import { registerErrorHandler } from '../../../http/error-handler.ts';
import { ErrorResponse } from '../../../http/schemas.ts';
import { createValidatorCompiler } from '../../../http/validation.ts';
import type { App } from '../../../http/types.ts';
import { capturedDeliveries, grafanaLegacySample, grafanaUnifiedSample } from './fixtures/fixtures.ts';
import { createRecordingSink } from './recording-sink.testing.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { createWebhooksService } from './webhooks.service.ts';

/**
 * The routes on a small Fastify app with the project's error handler and validator. The recording sink stands in for
 * our own ingest pipeline (built in parallel) and validates with its envelope validator; authentication is the auth
 * plugin's job and is tested there.
 */
const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function setup(now = '2026-11-22T06:06:20Z') {
  const clock = new ManualClock(Date.parse(now));
  const recording = createRecordingSink(clock);
  const app: App = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());
  registerErrorHandler(app);
  app.addSchema(ErrorResponse);
  webhooksRoutes(app, { webhooks: createWebhooksService({ sink: recording.sink, clock }) });
  await app.ready();
  apps.push(app);
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': 'application/json', ...headers } });
  return { app, clock, recording, post };
}

const AM = '/api/v1/integrations/alertmanager';
const GRAFANA = '/api/v1/integrations/grafana';

describe('POST /api/v1/integrations/alertmanager', () => {
  it('stores each alert once: a re-delivery is all duplicates, the next group notification only adds what changed', async () => {
    const { post, recording } = await setup();
    const first = await post(AM, capturedDeliveries[0]);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ received: 2, accepted: 2, duplicates: 0, rejected: 0 });
    expect(first.json().results.map((r: { index: number; status: string }) => [r.index, r.status])).toEqual([[0, 'accepted'], [1, 'accepted']]);
    expect(recording.calls[0]!.source).toBe('alertmanager');

    const again = await post(AM, capturedDeliveries[0]);
    expect(again.json()).toMatchObject({ received: 2, accepted: 0, duplicates: 2 });
    expect(again.json().results.map((r: { id: string }) => r.id)).toEqual(first.json().results.map((r: { id: string }) => r.id));

    const resolved = await post(AM, capturedDeliveries[1]);
    expect(resolved.json()).toMatchObject({ received: 2, accepted: 1, duplicates: 1 });
    expect(recording.envelopes.map((e) => [e.device, (e.data.attrs as { status: string }).status])).toEqual([
      ['POS-0042', 'firing'],
      ['POS-0043', 'firing'],
      ['POS-0042', 'resolved'],
    ]);
  });

  it('answers 200 with per-alert results when some alerts are unusable', async () => {
    const { post } = await setup();
    const body = { ...capturedDeliveries[0], alerts: ['nonsense', (capturedDeliveries[0]!.alerts as unknown[])[1]] };
    const res = await post(AM, body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: 2, accepted: 1, rejected: 1, results: [{ index: 0, status: 'rejected', id: null, error: { code: 'NOT_AN_OBJECT' } }, { index: 1, status: 'accepted' }] });
  });

  it('passes a payload with newer fields and without a version', async () => {
    const { post } = await setup();
    const { version: _v, ...body } = capturedDeliveries[0]!;
    const res = await post(AM, { ...body, truncatedAlerts: 0, notification_reason: 'new_alert', routeLabels: { receiver: 'ops' }, somethingNew: { nested: [1, 2] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().accepted).toBe(2);
  });

  it('refuses another payload version with 400 and the reason', async () => {
    const { post, recording } = await setup();
    for (const version of ['3', '5']) {
      const res = await post(AM, { ...capturedDeliveries[0], version });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'UNSUPPORTED_VERSION', details: { version, supported: ['4'] } });
      expect(res.json().error.message).toMatch(/version "?\d"? is not supported.*version 4/);
    }
    expect(recording.calls).toHaveLength(0);
  });

  it('refuses unusable payloads with 400 naming the problem', async () => {
    const { post } = await setup();
    const noAlerts = await post(AM, { version: '4', status: 'firing' });
    expect(noAlerts.statusCode).toBe(400);
    expect(noAlerts.json().error.code).toBe('VALIDATION_FAILED');
    expect(noAlerts.json().error.details[0].field).toBe('body.alerts');
    expect((await post(AM, '{"alerts": [')).json().error.code).toBe('INVALID_JSON');
    expect((await post(AM, [])).statusCode).toBe(400);
    expect((await post(AM, { alerts: 'many' })).statusCode).toBe(400);
    expect((await post(AM, { alerts: Array.from({ length: 10_001 }, () => ({})) })).statusCode).toBe(400);
  });

  it('passes the pipeline’s refusal of a whole batch through, so Alertmanager retries', async () => {
    const { post, recording } = await setup();
    recording.failNextWith(new ServiceUnavailableError('The node is saturated', 2));
    const res = await post(AM, capturedDeliveries[0]);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect((await post(AM, capturedDeliveries[0])).json().accepted).toBe(2);
  });
});

describe('POST /api/v1/integrations/grafana', () => {
  it('takes unified and legacy Grafana webhooks', async () => {
    const { post, clock, recording } = await setup('2026-11-20T02:00:00Z');
    const unified = await post(GRAFANA, grafanaUnifiedSample(clock.now()));
    expect(unified.statusCode, unified.body).toBe(200);
    expect(unified.json()).toMatchObject({ received: 2, accepted: 2 });
    const legacy = await post(GRAFANA, grafanaLegacySample);
    expect(legacy.json()).toMatchObject({ received: 1, accepted: 1 });
    expect(recording.calls.map((c) => c.source)).toEqual(['grafana', 'grafana']);
    expect(recording.envelopes.map((e) => e.device)).toEqual(['kiosk-12.campus', 'grafana', 'KIOSK-C2-04']);
  });

  it('refuses a body that is not a Grafana alert with 400', async () => {
    const { post } = await setup();
    const res = await post(GRAFANA, { text: 'hello' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_PAYLOAD');
    expect((await post(GRAFANA, { ...grafanaUnifiedSample(Date.now()), version: '9' })).json().error.code).toBe('UNSUPPORTED_VERSION');
  });
});
