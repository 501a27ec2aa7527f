import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';

/** One GET over a connection of its own (`Connection: close`), with a body; resolves with what came back. */
function getWithBody(origin: string, path: string, body: Buffer, chunked = false): Promise<string> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(body.length);
    const req = http.request(`${origin}${path}`, { method: 'GET', agent: false, headers }, (res) => {
      let size = 0;
      res.on('data', (chunk: Buffer) => (size += chunk.length));
      res.on('end', () => resolve(`${res.statusCode} ${size > 0 ? 'with body' : 'empty'}`));
      res.on('error', (error) => resolve(`lost: ${error.message}`));
    });
    req.on('error', (error) => resolve(`lost: ${error.message}`));
    req.end(body);
  });
}

describe('a GET with a body', () => {
  let t: TestApp;
  let origin: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { OPSDESK_BODY_LIMIT_BYTES: String(512 * 1024) });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => t?.close());

  it('still gets its answer, however large the answer (the body is read and dropped, not left to reset the connection)', async () => {
    const body = Buffer.from(JSON.stringify('x'.repeat(300_000)));
    for (let i = 0; i < 3; i++) {
      expect(await getWithBody(origin, '/openapi.json', body)).toBe('200 with body');
      expect(await getWithBody(origin, '/openapi.json', body, true)).toBe('200 with body');
      expect(await getWithBody(origin, '/healthz', body)).toBe('200 with body');
    }
  });

  it('is refused with 413 past the body limit', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(600 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('is not read for a caller who is not signed in: 401 first, whatever its size', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(600 * 1024) });
    expect(res.statusCode).toBe(401);
  });
});
