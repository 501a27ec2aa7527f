import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../testing/app.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A caller's X-Request-Id is kept only when short and safe; otherwise the server makes its own. */
describeEachDatabase('request ids on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  /** Creates a site with the given X-Request-Id; returns the id echoed and the one in the audit record. */
  async function createSiteAs(requestId: string) {
    const code = `rid-${Math.random().toString(36).slice(2, 10)}`;
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code, name: '食堂' }, headers: { 'x-request-id': requestId } });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${res.json().id}` });
    const [record] = audit.json().items as { action: string; requestId: string | null }[];
    return { echoed: res.headers['x-request-id'], stored: record!.requestId };
  }

  it.each(['trace-me-1', 'abc.DEF_123-x', '0', 'x'.repeat(64), '01ARZ3NDEKTSV4RRFFQ69G5FAV'])('keeps a safe id: %s', async (id) => {
    expect(await createSiteAs(id)).toEqual({ echoed: id, stored: id });
  });

  it.each([
    ['too long', 'x'.repeat(65)],
    ['very long', 'a'.repeat(8000)],
    ['empty', ''],
    ['spaces', 'a b'],
    ['markup', '<script>alert(1)</script>'],
    ['a path', '../../etc/passwd'],
    ['JSON', '{"admin":true}'],
    ['a separator', 'id;drop table audit_log'],
    ['non-ASCII', 'ид-запроса'],
    ['control characters', 'a\u0001b\u007f'],
  ])('replaces an id with %s by its own', async (_why, id) => {
    const { echoed, stored } = await createSiteAs(id);
    expect(echoed).toMatch(ULID);
    expect(stored).toBe(echoed);
  });

  it('names the generated id in an error, so it can be quoted', async () => {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: {}, headers: { 'x-request-id': '<bad id>' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.requestId).toMatch(ULID);
    expect(res.json().error.requestId).toBe(res.headers['x-request-id']);
  });
});
