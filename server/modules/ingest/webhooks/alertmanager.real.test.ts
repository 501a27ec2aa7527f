import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../clock.ts';
import { UnauthenticatedError } from '../../../errors.ts';
import { registerErrorHandler } from '../../../http/error-handler.ts';
import { ErrorResponse } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { createValidatorCompiler } from '../../../http/validation.ts';
import { createRecordingSink } from './recording-sink.testing.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { createWebhooksService } from './webhooks.service.ts';

/**
 * A real Prometheus Alertmanager (Debian: `apt-get install prometheus-alertmanager`) notifying our route over loopback:
 * an alert posted to its API must arrive as a firing event, and again as a resolved one when it ends. Skipped when
 * the binary is missing, unless OPSDESK_REQUIRE_ALERTMANAGER=1 (CI), which turns the absence into a failure.
 */
const CANDIDATES = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager', '/usr/local/bin/alertmanager'];
const binary = CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
const required = process.env.OPSDESK_REQUIRE_ALERTMANAGER === '1';
const TOKEN = 'odk_integration-test-token-0123456789';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, explain: () => string = () => ''): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${explain()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(binary !== null || required)('a real Alertmanager posting to the webhook route', () => {
  let app: App;
  let alertmanager: ChildProcess | null = null;
  let amUrl = '';
  let dir = '';
  let amOutput = '';
  const recording = createRecordingSink(systemClock);
  const seenAuthorization: string[] = [];
  const bodies: Record<string, unknown>[] = [];

  beforeAll(async () => {
    if (binary === null) throw new Error(`OPSDESK_REQUIRE_ALERTMANAGER=1 but no Alertmanager binary at ${CANDIDATES.join(', ')}: apt-get install prometheus-alertmanager`);

    app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(createValidatorCompiler());
    registerErrorHandler(app);
    app.addSchema(ErrorResponse);
    // Stands in for the auth plugin (http/auth.ts), which checks API tokens against the database.
    app.addHook('preValidation', async (request) => {
      seenAuthorization.push(request.headers.authorization ?? '');
      if (request.headers.authorization !== `Bearer ${TOKEN}`) throw new UnauthenticatedError('The API token is invalid, expired or revoked', 'INVALID_TOKEN');
      bodies.push(request.body as Record<string, unknown>);
    });
    webhooksRoutes(app, { webhooks: createWebhooksService({ sink: recording.sink, clock: systemClock }) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const hookPort = (app.server.address() as net.AddressInfo).port;

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-alertmanager-'));
    // JSON is YAML: the configuration is written as JSON to avoid a YAML dependency.
    const config = {
      route: { receiver: 'opsdesk', group_by: ['alertname', 'site'], group_wait: '1s', group_interval: '1s', repeat_interval: '1h' },
      receivers: [
        {
          name: 'opsdesk',
          webhook_configs: [
            {
              url: `http://127.0.0.1:${hookPort}/api/v1/integrations/alertmanager`,
              send_resolved: true,
              http_config: { authorization: { type: 'Bearer', credentials: TOKEN } },
            },
          ],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, 'alertmanager.yml'), JSON.stringify(config, null, 2));
    const amPort = await freePort();
    amUrl = `http://127.0.0.1:${amPort}`;
    alertmanager = spawn(
      binary,
      [`--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=', '--log.level=info'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    alertmanager.stdout!.on('data', (d: Buffer) => (amOutput += d.toString()));
    alertmanager.stderr!.on('data', (d: Buffer) => (amOutput += d.toString()));
    await until(
      'Alertmanager to be ready',
      async () => {
        if (alertmanager!.exitCode !== null) throw new Error(`Alertmanager exited with ${alertmanager!.exitCode}:\n${amOutput}`);
        const res = await fetch(`${amUrl}/-/ready`).catch(() => null);
        return res?.ok ? true : undefined;
      },
      20_000,
    );
  }, 60_000);

  afterAll(async () => {
    if (alertmanager && alertmanager.exitCode === null) {
      const exited = new Promise<void>((resolve) => alertmanager!.once('exit', () => resolve()));
      alertmanager.kill('SIGTERM');
      const timer = setTimeout(() => alertmanager?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await app?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const startsAt = new Date(Date.now() - 5_000).toISOString();
  const alert = {
    labels: { alertname: 'KioskOffline', device: 'KIOSK-C2-04', site: 'canteen-2', severity: 'critical' },
    annotations: { summary: 'Kiosk KIOSK-C2-04 has not reported for 5 minutes' },
    generatorURL: 'http://opsdesk.test/rules/kiosk-offline',
    startsAt,
  };
  const postAlerts = async (alerts: unknown[]) => {
    const res = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    expect(res.status, await res.text()).toBe(200);
  };
  const explain = () => `\nour route saw Authorization headers: ${JSON.stringify([...new Set(seenAuthorization)])}\nAlertmanager said:\n${amOutput.slice(-3000)}`;
  const eventWith = (status: string) => recording.envelopes.find((e) => e.device === 'KIOSK-C2-04' && (e.data.attrs as { status: string }).status === status);

  it('delivers a firing alert with the integration token', async () => {
    await postAlerts([alert]);
    const firing = await until('the firing notification', () => eventWith('firing'), 30_000, explain);
    expect(firing).toMatchObject({
      kind: 'event',
      site: 'canteen-2',
      data: { type: 'alert', severity: 'critical', message: 'Kiosk KIOSK-C2-04 has not reported for 5 minutes', attrs: { alertname: 'KioskOffline', receiver: 'opsdesk', endsAt: null } },
    });
    expect(Date.parse(firing.ts)).toBe(Date.parse(startsAt));
    expect(seenAuthorization.every((h) => h === `Bearer ${TOKEN}`)).toBe(true);
    expect(bodies[0]).toMatchObject({ version: '4', status: 'firing' });
    expect(recording.calls.every((c) => c.source === 'alertmanager')).toBe(true);
  }, 45_000);

  it('delivers the resolution as a second event with its own id', async () => {
    await postAlerts([{ ...alert, endsAt: new Date(Date.now() - 1000).toISOString() }]);
    const resolved = await until('the resolved notification', () => eventWith('resolved'), 30_000, explain);
    const firing = eventWith('firing')!;
    expect(resolved.id).not.toBe(firing.id);
    expect((resolved.data.attrs as { fingerprint: string }).fingerprint).toBe((firing.data.attrs as { fingerprint: string }).fingerprint);
    expect((resolved.data.attrs as { endsAt: string | null }).endsAt).not.toBeNull();
    // every notification of the group was stored once, however often Alertmanager repeated it
    expect(recording.envelopes.filter((e) => e.device === 'KIOSK-C2-04')).toHaveLength(2);
  }, 45_000);
});
