import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../../../clock.ts';
import { loadConfig } from '../../../../config.ts';
import { startServer, type RunningServer } from '../../../../main.ts';
import { ADMIN_PASSWORD } from '../../../../testing/app.ts';
import { createTestDb, type TestDb } from '../../../../testing/databases.ts';
import { describeEachDatabase } from '../../../../testing/each-database.ts';

/**
 * The mail intake as opsdesk runs it: startServer starts the listener after the HTTP API when a port is configured,
 * a message sent to it becomes an incident the API shows, its counters are on /metrics, and stopping closes it.
 */
describeEachDatabase('mail intake in startServer on %s', (dialect) => {
  let server: RunningServer | null = null;
  let t: TestDb | null = null;
  let dir = '';
  afterEach(async () => {
    await server?.stop();
    await t?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
    server = null;
    t = null;
  });

  it('listens when OPSDESK_MAIL_INTAKE_PORT is set, opens incidents from mail, counts them, and closes on stop', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-mail-node-'));
    const env: Record<string, string> = {};
    if (dialect === 'postgres') {
      t = await createTestDb('postgres', { migrate: false });
      Object.assign(env, { OPSDESK_DATABASE_URL: t.pg!.url, OPSDESK_DATABASE_SCHEMA: t.pg!.schema });
    }
    const config = loadConfig(
      { ...env, OPSDESK_DATA_DIR: dir, OPSDESK_PORT: '0', OPSDESK_HOST: '127.0.0.1', OPSDESK_LOG_LEVEL: 'silent', OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_MAIL_INTAKE_PORT: '0', OPSDESK_MAIL_INTAKE_ADDRESSES: 'helpdesk@ops.example.edu.cn', OPSDESK_MAIL_INTAKE_SITE: 'canteen-1' },
      { demo: false },
      dir,
    );
    const lines: string[] = [];
    server = await startServer(config, { clock: new ManualClock(), print: (line) => lines.push(line) });
    const port = Number(/mail intake listening on 127\.0\.0\.1:(\d+)/.exec(lines.join('\n'))?.[1]);
    expect(port).toBeGreaterThan(0);

    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const headers = { cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/api/v1/sites`, { method: 'POST', headers, body: JSON.stringify({ code: 'canteen-1', name: '第一食堂' }) })).status).toBe(200);

    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: '王老师 <wang@example.edu.cn>', to: 'helpdesk@ops.example.edu.cn', messageId: '<node-1@example.edu.cn>', subject: '食堂二楼网络中断', text: '所有终端离线' });
    transport.close();

    const list = (await (await fetch(`${server.url}/api/v1/incidents?source=email`, { headers })).json()) as { items: { title: string; source: string }[] };
    expect(list.items).toEqual([expect.objectContaining({ title: '食堂二楼网络中断', source: 'email' })]);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/opsdesk_mail_intake_messages_total\{outcome="accepted"\} 1/);

    await server.stop();
    server = null;
    const refused = await nodemailer
      .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000 })
      .sendMail({ from: 'a@example.edu.cn', to: 'helpdesk@ops.example.edu.cn', subject: 'x', text: 'x' })
      .then(
        () => null,
        (e: { code?: string }) => e,
      );
    expect(refused?.code).toMatch(/ECONNECTION|ESOCKET/);
  });
});
