import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../testing/app.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

/**
 * Text with a NUL character (U+0000) cannot be stored in PostgreSQL (error 22021): every route refuses it at the edge
 * as a 400 naming the field, whichever part of the request carries it, before it reaches a database.
 */
describeEachDatabase('NUL characters on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let siteId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    siteId = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'nul-site', name: '一食堂' } })).json().id;
  });
  afterAll(async () => t.close());

  const expectRefused = (res: { statusCode: number; json: () => unknown }, field: string) => {
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ field, code: 'nulCharacter' })]) } });
  };

  it('refuses it in the anonymous sign-in', async () => {
    const res = await t.call(null, { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a\u0000b', password: 'whatever-it-is' } });
    expectRefused(res, 'body.username');
    expectRefused(await t.call(null, { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'x\u0000' } }), 'body.password');
  });

  it('refuses it in a list filter', async () => {
    expectRefused(await t.call(admin, { method: 'GET', url: '/api/v1/users?q=a%00b' }), 'querystring.q');
    expectRefused(await t.call(admin, { method: 'GET', url: '/api/v1/devices?q=%00' }), 'querystring.q');
    expectRefused(await t.call(admin, { method: 'GET', url: '/api/v1/audit?actor=ad%00min' }), 'querystring.actor');
  });

  it('refuses it in a path id', async () => {
    expectRefused(await t.call(admin, { method: 'GET', url: '/api/v1/users/01%00' }), 'params.id');
    expectRefused(await t.call(admin, { method: 'PATCH', url: '/api/v1/sites/x%00y', payload: { name: 'x' } }), 'params.id');
    expectRefused(await t.call(admin, { method: 'DELETE', url: '/api/v1/discovered-devices/POS%00' }), 'params.code');
  });

  it('refuses it in a body field, a field of a nested object and the name of a label, and stores nothing', async () => {
    const before = await t.auditCount();
    expectRefused(await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'nul-2', name: '二\u0000食堂' } }), 'body.name');
    expectRefused(await t.call(admin, { method: 'PATCH', url: `/api/v1/sites/${siteId}`, payload: { name: '\u0000' } }), 'body.name');
    const device = { code: 'POS-NUL', name: '消费机', type: 'pos', subsystem: 'consumption', siteId };
    expectRefused(await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { ...device, labels: { line: 'A\u0000' } } }), 'body.labels.line');
    expectRefused(await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { ...device, labels: { 'li\u0000ne': 'A' } } }), 'body.labels');
    expect(await t.auditCount()).toBe(before);
    // The same requests without the NUL go through, so it is the NUL alone that is refused.
    expect((await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { ...device, labels: { line: 'A' } } })).statusCode).toBe(200);
  });

  it('never lets one in through a header: the HTTP parser refuses it before the application sees the request', async () => {
    // app.inject() would pass any header through, so this goes over a real socket, as a client would.
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const body = JSON.stringify({ username: 'admin', password: 'wrong-password-1' });
    for (const header of ['User-Agent: a\u0000b', 'X-Request-Id: a\u0000b', 'Cookie: opsdesk_session=a\u0000b']) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.end(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n${header}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString('latin1')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer.split('\r\n')[0], header).toBe('HTTP/1.1 400 Bad Request');
    }
    // A cookie can also carry it percent-encoded (the cookie parser decodes it): the session lookup hashes it first.
    const cookie = await t.call(null, { method: 'GET', url: '/api/v1/auth/session', headers: { cookie: 'opsdesk_session=a%00b' } });
    expect(cookie.statusCode).toBe(401);
  });

  it('still accepts other control characters and any other text', async () => {
    const res = await t.call(admin, { method: 'PATCH', url: `/api/v1/sites/${siteId}`, payload: { name: '食堂\t\u0001\u007f🙂' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().name).toBe('食堂\t\u0001\u007f🙂');
  });
});

/** A number that fits the schema's type but not the column behind it is refused the same way. */
describeEachDatabase('numbers beyond their column on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let deviceId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    const site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'num-site', name: '一食堂' } })).json();
    deviceId = (await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'POS-NUM', name: '消费机', type: 'pos', subsystem: 'consumption', siteId: site.id } })).json().id;
    await t.call(admin, { method: 'POST', url: `/api/v1/devices/${deviceId}/config`, payload: { format: 'json', content: '{"port": 8080}', reason: 'initial' } });
  });
  afterAll(async () => t.close());

  it('refuses a configuration version larger than a 32-bit integer, in the path and in a diff', async () => {
    for (const url of [`config/2147483648`, `config/123456789012345678901234567890`, `config-diff?from=2147483648`, `config-diff?to=123456789012345678901234567890`]) {
      const res = await t.call(admin, { method: 'GET', url: `/api/v1/devices/${deviceId}/${url}` });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error.details[0].code).toBe('maximum');
    }
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/devices/${deviceId}/config/2147483647` })).statusCode).toBe(404);
  });
});
