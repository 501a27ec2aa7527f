import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { openDatabase, targetFromConfig } from './db/database.ts';
import { startServer, type RunningServer } from './main.ts';
import { ADMIN_PASSWORD } from './testing/app.ts';
import { createTestDb, type TestDb } from './testing/databases.ts';
import { describeEachDatabase } from './testing/each-database.ts';

/** Waits for a condition that a background loop (the worker's poll) makes true; fails after `ms`. */
async function eventually(check: () => Promise<boolean> | boolean, ms = 8000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('startServer on %s', (dialect) => {
  const running: RunningServer[] = [];
  const dirs: string[] = [];
  let t: TestDb | null = null;
  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop();
    await t?.destroy();
    t = null;
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function node(clock: ManualClock, env: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-node-'));
    dirs.push(dir);
    const config = loadConfig({ OPSDESK_DATA_DIR: dir, OPSDESK_PORT: '0', OPSDESK_HOST: '127.0.0.1', OPSDESK_LOG_LEVEL: 'silent', OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env }, { demo: false }, dir);
    const lines: string[] = [];
    const server = await startServer(config, { clock, print: (line) => lines.push(line) });
    running.push(server);
    return { server, lines, config };
  }

  it('starts on a new database: migrates, creates the administrator once, serves HTTP', async () => {
    const clock = new ManualClock();
    const env: Record<string, string> = {};
    if (dialect === 'postgres') {
      t = await createTestDb('postgres', { migrate: false });
      Object.assign(env, { OPSDESK_DATABASE_URL: t.pg!.url, OPSDESK_DATABASE_SCHEMA: t.pg!.schema });
    }
    const { server, lines, config } = await node(clock, { ...env, OPSDESK_SYSLOG_UDP_PORT: '0', OPSDESK_SYSLOG_TCP_PORT: '0', OPSDESK_SYSLOG_HOST: '127.0.0.1' });
    expect(lines.join('\n')).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: dialect });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    expect(login.status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('opsdesk_http_request_duration_seconds_bucket');
    expect(metrics).toMatch(/opsdesk_audit_records_total\{action="auth.login"\} 1/);
    expect(metrics).toMatch(/opsdesk_jobs\{status="queued"\} \d+/);

    // Syslog from a sender nobody registered lands in the discovered list under its hostname.
    const udpPort = Number(/syslog listening on 127\.0\.0\.1 \(udp (\d+)/.exec(lines.join('\n'))?.[1]);
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => socket.send('<187>Nov 29 12:00:01 core-sw-9 %LINK-3-UPDOWN: Interface Gi0/1, changed state to down', udpPort, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    socket.close();
    const db = openDatabase(targetFromConfig(config));
    try {
      await eventually(async () => (await db.kysely.selectFrom('discovered_devices').select('code').where('code', '=', 'core-sw-9').execute()).length === 1);
      const event = await db.kysely.selectFrom('events').selectAll().where('device_code', '=', 'core-sw-9').executeTakeFirstOrThrow();
      expect(event.source).toBe('syslog');
      expect(JSON.parse(event.data)).toMatchObject({ type: 'syslog', severity: 'warning' });
    } finally {
      await db.close();
    }
  });

  it.runIf(dialect === 'sqlite')('loads the demo campus on a new database and feeds it live through its own API', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-demo-'));
    dirs.push(dir);
    const config = loadConfig({ OPSDESK_DATA_DIR: dir, OPSDESK_PORT: '0', OPSDESK_HOST: '127.0.0.1', OPSDESK_LOG_LEVEL: 'silent', OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD }, {}, dir);
    const lines: string[] = [];
    const server = await startServer(config, { print: (line) => lines.push(line) });
    running.push(server);
    expect(lines.join('\n')).toContain('demo: the simulated campus is sending telemetry');
    const db = openDatabase(targetFromConfig(config));
    try {
      const count = async (table: 'sites' | 'devices' | 'events') => Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await count('sites')).toBeGreaterThanOrEqual(8);
      expect(await count('devices')).toBeGreaterThanOrEqual(150);
      // Within seconds the campus is alive: history arrives and devices report in.
      await eventually(async () => (await count('events')) > 5000, 60_000);
      await eventually(async () => (await db.kysely.selectFrom('devices').select('id').where('health', '=', 'online').execute()).length > 50, 60_000);
      const imports = await db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'estate.import').execute();
      expect(imports).toHaveLength(2);
    } finally {
      await db.close();
    }
  }, 90_000);

  it.runIf(dialect === 'postgres')('two nodes on one PostgreSQL: one runs the scheduled work, the other takes over when it stops', async () => {
    t = await createTestDb('postgres', { migrate: false });
    const env = { OPSDESK_DATABASE_URL: t.pg!.url, OPSDESK_DATABASE_SCHEMA: t.pg!.schema };
    const clock = new ManualClock();
    // Both start at once: migrations, built-in roles and the first administrator happen exactly once.
    const [a, b] = await Promise.all([node(clock, env), node(clock, env)]);
    const admins = await t.db.kysely.selectFrom('users').select('username').execute();
    expect(admins.map((u) => u.username)).toEqual(['admin']);

    await eventually(() => a.server.worker!.isLeader() || b.server.worker!.isLeader());
    await new Promise((resolve) => setTimeout(resolve, 1500)); // both have polled at least once more
    expect([a, b].filter((n) => n.server.worker!.isLeader())).toHaveLength(1);
    const [leader, follower] = a.server.worker!.isLeader() ? [a, b] : [b, a];

    // Three minutes pass, in steps shorter than the lease so that the leader keeps renewing it as it would in real
    // time. The once-a-minute checkpoint runs once a minute in total, on the leader only.
    const lease = () => t!.db.kysely.selectFrom('leases').selectAll().where('name', '=', 'scheduler').executeTakeFirstOrThrow();
    const done = async () => (await t!.db.kysely.selectFrom('jobs').select('id').where('name', '=', 'audit.checkpoint').where('status', '=', 'done').execute()).length;
    for (let step = 1; step <= 9; step++) {
      clock.advance(20_000);
      await eventually(async () => (await lease()).expires_at === clock.now() + 30_000); // renewed since the clock moved
      await eventually(async () => (await done()) === Math.floor(step / 3));
    }
    expect(leader.server.worker!.isLeader()).toBe(true);
    const runsOn = async (server: RunningServer) =>
      (await (await fetch(`${server.url}/metrics`)).text()).match(/opsdesk_jobs_total\{name="audit.checkpoint",outcome="ok"\} (\d+)/)?.[1] ?? '0';
    expect(await runsOn(leader.server)).toBe('3');
    expect(await runsOn(follower.server)).toBe('0');

    await leader.server.stop();
    running.splice(running.indexOf(leader.server), 1);
    await eventually(() => follower.server.worker!.isLeader());
    clock.advance(60_000);
    await eventually(async () => (await done()) === 4);
    expect(await runsOn(follower.server)).toBe('1');
  }, 60_000);
});
