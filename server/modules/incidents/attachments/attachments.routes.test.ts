import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it, type TestContext } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';

/**
 * Attachments over HTTP on both databases: the raw upload with a Chinese name, the download's headers and bytes, the
 * limit, and the client's site scope. Runs once the incidents module registers attachmentRoutes (skipped, saying so,
 * before that).
 */
const LIMIT = 1_048_576;
const UPLOAD_ROUTE = { method: 'POST' as const, url: '/api/v1/incidents/:id/attachments' };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

describeEachDatabase('incident attachments API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let client: Caller;
  let strangerClient: Caller;
  let incident: Json;
  let registered = false;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_ATTACHMENT_MAX_BYTES: String(LIMIT) });
    registered = t.app.hasRoute(UPLOAD_ROUTE);
    admin = await t.loginAdmin();
    const site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-1', name: '第一食堂' } })).json();
    const other = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'library', name: '图书馆' } })).json();
    client = await t.userWith(admin, ['client'], [site.id]);
    strangerClient = await t.userWith(admin, ['client'], [other.id]);
    incident = (await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '三号窗口 POS 无法刷卡', siteId: site.id, impact: 'low', urgency: 'medium' } })).json();
  });
  afterAll(async () => t.close());

  const needsRoutes = (ctx: TestContext) => {
    if (!registered) ctx.skip('attachmentRoutes is not registered in incidents.module.ts yet');
  };
  const upload = (caller: Caller, id: string, filename: string, payload: Buffer | Readable | string, contentType?: string) =>
    t.call(caller, { method: 'POST', url: `/api/v1/incidents/${id}/attachments?filename=${encodeURIComponent(filename)}`, payload, headers: contentType ? { 'content-type': contentType } : {} });
  const download = (caller: Caller, id: string, attachmentId: string) => t.call(caller, { method: 'GET', url: `/api/v1/incidents/${id}/attachments/${attachmentId}` });
  const stored = async () => Number((await t.db.kysely.selectFrom('incident_attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('takes a raw file with a Chinese name and gives it back byte for byte as an attachment named in UTF-8', async (ctx) => {
    needsRoutes(ctx);
    const bytes = randomBytes(600_000);
    const res = await upload(client, incident.id, '故障照片.png', bytes, 'image/png');
    expect(res.statusCode, res.body).toBe(200);
    const meta = res.json();
    expect(meta).toMatchObject({ filename: '故障照片.png', contentType: 'image/png', size: bytes.length, sha256: sha256(bytes), source: 'upload' });

    const got = await download(client, incident.id, meta.id);
    expect(got.statusCode).toBe(200);
    expect(got.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename="____.png"; filename*=UTF-8''${encodeURIComponent('故障照片.png')}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    expect(sha256(got.rawPayload)).toBe(sha256(bytes));

    const detail = (await t.call(admin, { method: 'GET', url: `/api/v1/incidents/${incident.id}` })).json();
    expect(detail.attachments.map((a: Json) => a.id)).toContain(meta.id);
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'attachment', details: { attachmentId: meta.id, filename: '故障照片.png', size: bytes.length } });
  });

  it('stores any body as the file, JSON and HTML included, and never serves HTML or SVG as such', async (ctx) => {
    needsRoutes(ctx);
    const json = await upload(admin, incident.id, 'export.json', '{"__proto__":{"x":1}}', 'application/json');
    expect(json.statusCode, json.body).toBe(200);
    expect((await download(admin, incident.id, json.json().id)).body).toBe('{"__proto__":{"x":1}}');

    for (const [name, type] of [['page.html', 'text/html'], ['logo.svg', 'image/svg+xml']] as const) {
      const res = await upload(admin, incident.id, name, '<script>alert(1)</script>', type);
      expect(res.json().contentType).toBe(type);
      const got = await download(admin, incident.id, res.json().id);
      expect(got.headers['content-type']).toBe('application/octet-stream');
      expect(got.headers['content-disposition']).toMatch(/^attachment; /);
    }
    const bare = await upload(admin, incident.id, 'raw.bin', Buffer.from([1, 2, 3]));
    expect(bare.json()).toMatchObject({ contentType: 'application/octet-stream', size: 3 });
  });

  it('refuses a file over the limit with 413 and stores nothing, whether its length is declared or it streams', async (ctx) => {
    needsRoutes(ctx);
    const before = await stored();
    const declared = await upload(admin, incident.id, 'big.bin', randomBytes(LIMIT + 1), 'application/octet-stream');
    expect(declared.statusCode).toBe(413);
    expect(declared.json().error.code).toBe('ATTACHMENT_TOO_LARGE');
    const streamed = await upload(admin, incident.id, 'big.bin', Readable.from([randomBytes(LIMIT), randomBytes(10)]), 'application/octet-stream');
    expect(streamed.statusCode).toBe(413);
    expect(await stored()).toBe(before);
  });

  it("answers 404 to a client of another site, for the upload and the download, and 400 without a file name", async (ctx) => {
    needsRoutes(ctx);
    const mine = (await upload(client, incident.id, 'a.txt', 'a', 'text/plain')).json();
    const before = await stored();
    expect((await upload(strangerClient, incident.id, 'b.txt', 'b', 'text/plain')).statusCode).toBe(404);
    expect((await download(strangerClient, incident.id, mine.id)).statusCode).toBe(404);
    expect((await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${incident.id}/attachments`, payload: 'x', headers: { 'content-type': 'text/plain' } })).statusCode).toBe(400);
    expect(await stored()).toBe(before);
  });
});
