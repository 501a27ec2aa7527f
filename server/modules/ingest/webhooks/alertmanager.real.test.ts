import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { estateFixtures } from '../../estate/estate.fixtures.ts';

/**
 * A real Prometheus Alertmanager (Debian: `apt-get install prometheus-alertmanager`) notifying the real app over
 * loopback with an integration token: an alert posted to Alertmanager's API must appear in `GET /api/v1/alerts` as a
 * firing opsdesk alert, and resolve there when it ends. Skipped when the binary is missing, unless
 * OPSDESK_REQUIRE_ALERTMANAGER=1 (CI), which turns the absence into a failure.
 */
const CANDIDATES = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager', '/usr/local/bin/alertmanager'];
const binary = CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
const required = process.env.OPSDESK_REQUIRE_ALERTMANAGER === '1';

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

type ApiAlert = { id: string; name: string; state: string; source: string; level: number; siteId: string | null; deviceId: string | null; labels: Record<string, string>; annotations: Record<string, string>; externalUrl: string | null; resolvedAt: string | null };

describeEachDatabase(
  'a real Alertmanager posting to the webhook route on %s',
  (dialect) => {
    let t: TestApp;
    let admin: Caller;
    let site: { id: string };
    let kiosk: { id: string };
    let alertmanager: ChildProcess | null = null;
    let amUrl = '';
    let dir = '';
    let amOutput = '';

    beforeAll(async () => {
      if (binary === null) throw new Error(`OPSDESK_REQUIRE_ALERTMANAGER=1 but no Alertmanager binary at ${CANDIDATES.join(', ')}: apt-get install prometheus-alertmanager`);
      t = await createTestApp(dialect);
      t.clock.set(Date.now());
      admin = await t.loginAdmin();
      const token = (await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'alertmanager', permissions: ['ingest:write'] } })).json().secret as string;
      const estate = estateFixtures(t);
      site = await estate.site(admin, { code: 'canteen-2' });
      kiosk = await estate.device(admin, site.id, { code: 'KIOSK-C2-04', type: 'kiosk' });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const hookPort = (t.app.server.address() as net.AddressInfo).port;

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
                http_config: { authorization: { type: 'Bearer', credentials: token } },
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
      await t?.close();
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
    const explain = () => `\nAlertmanager said:\n${amOutput.slice(-3000)}`;
    /** The alerts API as an operator reads it; the manual clock follows the wall clock, as Alertmanager does. */
    const kioskAlerts = async () => {
      t.clock.set(Date.now());
      const res = await t.call(admin, { method: 'GET', url: `/api/v1/alerts?source=alertmanager&device=${kiosk.id}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as ApiAlert[];
    };
    const withState = async (state: string) => (await kioskAlerts()).find((a) => a.state === state);

    it('fires: the alert appears in GET /api/v1/alerts with its labels, annotations, level, device and site', async () => {
      await postAlerts([alert]);
      const firing = await until('the alert to fire in opsdesk', () => withState('firing'), 30_000, explain);
      expect(firing).toMatchObject({
        name: 'KioskOffline',
        source: 'alertmanager',
        level: 1,
        siteId: site.id,
        deviceId: kiosk.id,
        annotations: { summary: 'Kiosk KIOSK-C2-04 has not reported for 5 minutes' },
        externalUrl: 'http://opsdesk.test/rules/kiosk-offline',
        labels: { alertname: 'KioskOffline', device: 'KIOSK-C2-04', site: 'canteen-2', severity: 'critical', source: 'alertmanager', level: '1' },
      });
      expect(await kioskAlerts()).toHaveLength(1);
    }, 45_000);

    it('resolves: the same alert is resolved in GET /api/v1/alerts, and no second one was raised', async () => {
      const firing = (await withState('firing'))!;
      const endsAt = new Date(Date.now() - 1000).toISOString();
      await postAlerts([{ ...alert, endsAt }]);
      const resolved = await until('the alert to resolve in opsdesk', () => withState('resolved'), 30_000, explain);
      expect(resolved.id).toBe(firing.id);
      expect(resolved.resolvedAt).toBe(new Date(endsAt).toISOString());
      // however often Alertmanager repeated the group, it is one alert
      expect(await kioskAlerts()).toHaveLength(1);
      const { timeline } = (await t.call(admin, { method: 'GET', url: `/api/v1/alerts/${firing.id}` })).json() as { timeline: { kind: string }[] };
      expect(timeline.map((e) => e.kind)).toEqual(['firing', 'resolved']);
      // and the device's history shows both notifications
      const history = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${kiosk.id}/events?kind=event` })).json().items as { data: { attrs: { status: string } } }[];
      expect(history.map((e) => e.data.attrs.status).sort()).toEqual(['firing', 'resolved']);
    }, 45_000);
  },
  { skip: binary === null && !required ? 'skipped: no Alertmanager binary (apt-get install prometheus-alertmanager)' : undefined },
);
