import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, USER_PASSWORD } from '../../../testing/app.ts';
import { createToken, startServerProcess, type ServerProcess } from '../../../testing/server-process.ts';
import { webhookReceiver } from '../testing/receivers.ts';

const SECRET = 'whsec-crash-0123456789';
const STEP_WAIT_MS = 60_000;
/** the escalator moves on at the first alerting.tick (every 5 s) past the step's time, then the deliverer sends */
const ON_SCHEDULE_MS = 10_000;

interface Notification {
  id: string;
  userId: string | null;
  channelKind: string;
  state: string;
  step: number | null;
  kind: string;
}
interface Escalation {
  id: string;
  state: string;
  nextStep: number;
  nextAt: string | null;
}

/**
 * kill -9 of a real server between the two steps of an escalation, then a restart on the same data directory (SQLite):
 * the second step is paged when its wait is up although the process that scheduled it is dead, the first step is not
 * paged again, and the escalations API shows the escalation moving on. The alert comes in as Alertmanager would send
 * it; a signed-webhook receiver in this process counts every hand-over by its X-Opsdesk-Delivery. Real time: the
 * group wait (30 s, fixed) and two steps' waits (60 s each) make it about three minutes.
 */
describe('an escalation across kill -9', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-escalation-crash-'));
  let server: ServerProcess | null = null;
  let hook: Awaited<ReturnType<typeof webhookReceiver>> | null = null;
  afterAll(async () => {
    await server?.kill();
    await hook?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pages the next step on schedule after the restart, and the step before it not again', { timeout: 300_000 }, async () => {
    hook = await webhookReceiver(SECRET);
    const env = { OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_RATE_LIMIT_PER_MINUTE: '0' };
    server = await startServerProcess({ dataDir: dir, env });

    // The admin's session lives in the database: it outlives the process, and follows the server to its new port.
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    expect(login.status).toBe(200);
    const session = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const api = async <T = Record<string, unknown>>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${server!.url}${url}`, { method, headers: { ...session, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${method} ${url}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    };
    const waitFor = async <T>(what: string, look: () => Promise<T | null | undefined | false>, ms: number): Promise<T> => {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = await look();
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`${what} did not happen in ${ms} ms\n${server?.output()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    // The engineer on duty (a roster) first, then the lead; each over the console and the webhook, a minute apart.
    const user = (username: string, displayName: string) => api<{ id: string }>('POST', '/api/v1/users', { username, displayName, password: USER_PASSWORD, roleIds: ['engineer'], siteIds: null });
    const engineer = await user('zhou', '周工');
    const lead = await user('wu', '吴主管');
    const consoleId = (await api<{ items: { id: string; kind: string }[] }>('GET', '/api/v1/channels')).items.find((c) => c.kind === 'console')!.id;
    const webhook = await api<{ id: string }>('POST', '/api/v1/channels', { name: '值班 webhook', kind: 'webhook', settings: { url: hook.url, secret: SECRET } });
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const roster = await api<{ id: string }>('POST', '/api/v1/rosters', {
      name: '运维值班',
      layers: [{ name: '工程师', rotation: { kind: 'daily', handover: '08:30', startDate: weekAgo, participants: [engineer.id] } }],
    });
    await api('POST', '/api/v1/escalation-policies', {
      name: '全部告警',
      levels: [1, 2, 3],
      repeat: 0,
      steps: [
        { targets: [{ kind: 'roster', rosterId: roster.id }], channelIds: [consoleId, webhook.id], waitMinutes: STEP_WAIT_MS / 60_000 },
        { targets: [{ kind: 'user', userId: lead.id }], channelIds: [consoleId, webhook.id], waitMinutes: STEP_WAIT_MS / 60_000 },
      ],
    });

    // The alert, as Alertmanager delivers it.
    const token = await createToken(server.url, ADMIN_PASSWORD, ['ingest:write']);
    const raised = await fetch(`${server.url}/api/v1/integrations/alertmanager`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        receiver: 'opsdesk',
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'CoreSwitchDown', severity: 'critical' },
            annotations: { summary: '核心交换机失联' },
            startsAt: new Date().toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: '',
            fingerprint: 'c0ffee00c0ffee00',
          },
        ],
        groupLabels: { alertname: 'CoreSwitchDown' },
        commonLabels: { alertname: 'CoreSwitchDown', severity: 'critical' },
        commonAnnotations: {},
        externalURL: 'http://alertmanager.local',
        version: '4',
        groupKey: '{}:{alertname="CoreSwitchDown"}',
        truncatedAlerts: 0,
      }),
    });
    expect(raised.status).toBe(200);
    const alertId = ((await raised.json()) as { results: { id: string }[] }).results[0]!.id;

    const notifications = async () => (await api<{ items: Notification[] }>('GET', `/api/v1/notifications?alertId=${alertId}&limit=200`)).items;
    const escalations = async () => (await api<{ items: Escalation[] }>('GET', `/api/v1/escalations?alertId=${alertId}`)).items;
    const deliveredAt = new Map<string, number>();
    const watch = () => {
      for (const r of hook!.received) {
        const id = String(r.headers['x-opsdesk-delivery']);
        if (!deliveredAt.has(id)) deliveredAt.set(id, Date.now());
      }
    };

    // Step 1 (after the group's 30 s wait): handed over, and its receipts written.
    const step1 = await waitFor(
      'step 1 sent',
      async () => {
        watch();
        const sent = (await notifications()).filter((n) => n.step === 0);
        return sent.length === 2 && sent.every((n) => n.state === 'sent' || n.state === 'delivered') && sent;
      },
      60_000,
    );
    expect(step1.map((n) => `${n.channelKind}:${n.userId === engineer.id ? 'engineer' : n.userId}`).sort()).toEqual(['console:engineer', 'webhook:null']);
    const [running] = await escalations();
    expect(running).toMatchObject({ state: 'active', nextStep: 1 });
    const step2Due = Date.parse(running!.nextAt!);
    const step1Hook = step1.find((n) => n.channelKind === 'webhook')!;
    expect(hook.received.map((r) => r.headers['x-opsdesk-delivery'])).toEqual([step1Hook.id]);
    expect(hook.received[0]!.signatureValid).toBe(true);

    // Power cut between the steps; the node comes back on the same data directory.
    await server.kill();
    server = await startServerProcess({ dataDir: dir, env });

    const step2 = await waitFor(
      'step 2 sent',
      async () => {
        watch();
        const sent = (await notifications()).filter((n) => n.step === 1);
        return sent.length === 2 && sent.every((n) => n.state === 'sent' || n.state === 'delivered') && sent;
      },
      STEP_WAIT_MS + 60_000,
    );
    expect(step2.map((n) => `${n.channelKind}:${n.userId === lead.id ? 'lead' : n.userId}`).sort()).toEqual(['console:lead', 'webhook:null']);
    const step2Hook = step2.find((n) => n.channelKind === 'webhook')!;
    watch();
    const step2At = deliveredAt.get(step2Hook.id);
    expect(step2At, 'the receiver got step 2').toBeDefined();
    // On schedule: not before its wait is up, and within a few ticks of it.
    expect(step2At! - step2Due).toBeGreaterThanOrEqual(-1000);
    expect(step2At! - step2Due).toBeLessThanOrEqual(ON_SCHEDULE_MS);

    // Nothing sent twice: one row per step, channel and person; one hand-over per delivery id, and only these two.
    await new Promise((r) => setTimeout(r, 5_000));
    const all = await notifications();
    expect(all.filter((n) => n.kind === 'alert').map((n) => `${n.step}:${n.channelKind}:${n.userId}`).sort()).toEqual(
      [`0:console:${engineer.id}`, '0:webhook:null', `1:console:${lead.id}`, '1:webhook:null'].sort(),
    );
    const deliveries = hook.received.map((r) => String(r.headers['x-opsdesk-delivery']));
    expect(deliveries).toEqual([step1Hook.id, step2Hook.id]);
    expect(hook.received.every((r) => r.signatureValid)).toBe(true);
    // The last step's people have their wait to answer: still paging, one escalation only, due past its last step.
    const after = await escalations();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: running!.id, state: 'active', nextStep: 2 });
    const endDue = Date.parse(after[0]!.nextAt!);
    expect(endDue - step2Due).toBeGreaterThanOrEqual(STEP_WAIT_MS);
    expect(endDue - step2Due).toBeLessThanOrEqual(STEP_WAIT_MS + ON_SCHEDULE_MS);

    // Nobody answered in that wait: out of steps (still listening for an answer) on schedule, and nothing more sent.
    const exhausted = await waitFor('the escalation out of steps', async () => (await escalations()).find((e) => e.state === 'exhausted'), STEP_WAIT_MS + 30_000);
    expect(Date.now() - endDue).toBeLessThanOrEqual(ON_SCHEDULE_MS + 5_000);
    expect(exhausted).toMatchObject({ id: running!.id, nextStep: 2, nextAt: null });
    expect((await notifications()).filter((n) => n.kind === 'alert')).toHaveLength(4);
    expect(hook.received.map((r) => String(r.headers['x-opsdesk-delivery']))).toEqual([step1Hook.id, step2Hook.id]);
  });
});
