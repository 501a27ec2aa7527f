import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../testing/app.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

describeEachDatabase('bad input on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_BODY_LIMIT_BYTES: '65536' });
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  const post = (url: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json', ...headers } });

  it('names the field when a type is wrong or a field is missing', async () => {
    const res = await post('/api/v1/sites', JSON.stringify({ code: 42, name: null }));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const fields = body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.code', 'body.name']));
    const missing = await post('/api/v1/sites', JSON.stringify({ name: 'x' }));
    expect(missing.json().error.details[0]).toMatchObject({ field: 'body.code', code: 'required' });
  });

  it('says what is wrong as a code with its values, for the console to translate', async () => {
    const res = await post('/api/v1/sites', JSON.stringify({ code: 'long-name', name: 'x'.repeat(500) }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ field: 'body.name', code: 'maxLength', params: { limit: expect.any(Number) }, message: expect.any(String) }]);
    const zone = await post('/api/v1/sites', JSON.stringify({ code: 'zone-1', name: 'x', timezone: 'Mars/Olympus' }));
    expect(zone.json().error.details).toEqual([{ field: 'timezone', code: 'timeZone', params: { value: 'Mars/Olympus' }, message: expect.stringContaining('IANA') }]);
  });

  it('drops unknown fields instead of storing them', async () => {
    const res = await post('/api/v1/sites', JSON.stringify({ code: 'extra-1', name: 'x', isAdmin: true, __proto__: { polluted: true } }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('isAdmin');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers malformed JSON, an empty body, a wrong content type and a bad query with 4xx', async () => {
    expect((await post('/api/v1/sites', '{"code": "x",')).json().error.code).toBe('INVALID_JSON');
    expect((await post('/api/v1/sites', '')).statusCode).toBe(400);
    expect((await post('/api/v1/sites', 'code=x', { 'content-type': 'application/x-www-form-urlencoded' })).statusCode).toBe(415);
    expect((await post('/api/v1/sites', gzipSync('{}'), { 'content-encoding': 'gzip' })).statusCode).toBeLessThan(500);
    const query = await t.call(admin, { method: 'GET', url: '/api/v1/users?limit=100000' });
    expect(query.statusCode).toBe(400);
    expect(query.json().error.details[0].field).toBe('querystring.limit');
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/audit?cursor=abc' })).statusCode).toBe(400);
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/audit?from=yesterday' })).statusCode).toBe(400);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await post('/api/v1/sites', JSON.stringify({ code: 'big', name: 'x'.repeat(100_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown routes and unknown ids with 404 in the error shape', async () => {
    const route = await t.call(admin, { method: 'GET', url: '/api/v1/nothing-here' });
    expect(route.statusCode).toBe(404);
    expect(route.json().error.code).toBe('NOT_FOUND');
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/users/01NOPE' })).statusCode).toBe(404);
    expect((await t.call(admin, { method: 'PATCH', url: '/api/v1/sites/01NOPE', payload: { name: 'x' } })).statusCode).toBe(404);
  });

  it('treats SQL and LIKE metacharacters in searches as text', async () => {
    for (const q of ["'; drop table users; --", '%', '_', '\\', '"']) {
      const res = await t.call(admin, { method: 'GET', url: `/api/v1/users?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, q).toBe(200);
      expect(res.json().items, q).toEqual([]);
    }
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/users' })).json().items.length).toBeGreaterThan(0);
  });

  it('carries a request id and never leaks internals', async () => {
    const res = await t.call(admin, { method: 'GET', url: '/api/v1/sites', headers: { 'x-request-id': 'trace-me-1' } });
    expect(res.headers['x-request-id']).toBe('trace-me-1');
    const err = await post('/api/v1/sites', '{bad');
    expect(err.json().error.requestId).toBeDefined();
    expect(err.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-IP limit', async () => {
    const t = await createTestApp('sqlite', { OPSDESK_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await t.app.inject({ method: 'GET', url: '/api/v1/permissions' })).statusCode);
      expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
      const limited = await t.app.inject({ method: 'GET', url: '/api/v1/permissions' });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      expect(limited.headers['retry-after']).toBeDefined();
    } finally {
      await t.close();
    }
  });
});
