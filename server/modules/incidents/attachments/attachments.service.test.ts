import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DomainError } from '../../../errors.ts';
import { createTestApp, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { systemContext, type Permission, type RequestContext } from '../../auth/index.ts';
import { CHUNK_BYTES, storeAttachment } from './attachment-store.ts';
import { createAttachmentsService, type AttachmentsService } from './attachments.ts';

/** The attachments service on a real database: round trips in chunks, the size limit, who may attach and see. */
const NOW = Date.parse('2026-10-09T08:30:00Z');
const LIMIT = 1_048_576;
const CLIENT: Permission[] = ['sites:read', 'estate:read', 'alerts:read', 'incidents:read', 'incidents:create', 'incidents:confirm', 'reports:read', 'reports:approve'];

const person = (userId: string, permissions: readonly Permission[], siteIds: string[] | null): RequestContext => ({
  actor: { kind: 'user', userId, username: userId, roleIds: [], permissions: new Set(permissions), siteIds, via: 'session' },
  ip: '127.0.0.1',
  requestId: null,
});

/** A stream handing the bytes over in uneven pieces, as a network does. */
function trickle(bytes: Buffer, piece = 70_001): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += piece) pieces.push(bytes.subarray(i, i + piece));
  return Readable.from(pieces);
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => expect.fail('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describeEachDatabase('incident attachments service on %s', (dialect) => {
  let t: TestApp;
  let service: AttachmentsService;
  let engineer: RequestContext;
  let client: RequestContext;
  let strangerClient: RequestContext;
  let incidentId: string;

  const counts = async () => ({
    attachments: Number((await t.db.kysely.selectFrom('incident_attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    chunks: Number((await t.db.kysely.selectFrom('incident_attachment_chunks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    notes: Number((await t.db.kysely.selectFrom('incident_timeline').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'attachment').executeTakeFirstOrThrow()).n),
    audit: await t.auditCount(),
  });

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_ATTACHMENT_MAX_BYTES: String(LIMIT) });
    t.clock.set(NOW);
    service = createAttachmentsService({ db: t.db, clock: t.clock, config: t.config, audit: t.services.audit, signer: t.signer, events: t.services.events }, { incidents: t.services.incidents });
    const admin = await t.loginAdmin();
    const site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-1', name: '第一食堂' } })).json();
    const other = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'library', name: '图书馆' } })).json();
    engineer = person(admin.userId, ['incidents:read', 'incidents:write'], null);
    client = person(admin.userId, CLIENT, [site.id]);
    strangerClient = person(admin.userId, CLIENT, [other.id]);
    const opened = await t.services.incidents.open(systemContext('test'), { title: '三号窗口 POS 无法刷卡', description: '', siteId: site.id, impact: 'low', urgency: 'medium' });
    incidentId = opened.id;
  });
  afterAll(async () => t.close());

  it('stores a file with a Chinese name in 256 KiB chunks and gives back the same bytes, SHA-256 and size, on the timeline and in the audit log', async () => {
    const bytes = randomBytes(2 * CHUNK_BYTES + 12_345);
    const before = await counts();
    const view = await service.upload(client, incidentId, { filename: '故障照片 三号窗口.jpg', contentType: 'image/jpeg' }, trickle(bytes));
    expect(view).toMatchObject({ filename: '故障照片 三号窗口.jpg', contentType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes), source: 'upload', createdAt: new Date(NOW).toISOString() });
    expect(await counts()).toEqual({ attachments: before.attachments + 1, chunks: before.chunks + 3, notes: before.notes + 1, audit: before.audit + 1 });

    const { meta, stream } = await service.download(engineer, incidentId, view.id);
    expect(meta).toMatchObject({ filename: '故障照片 三号窗口.jpg', size: bytes.length });
    const back = await buffer(stream);
    expect(sha256(back)).toBe(sha256(bytes));

    const detail = await t.services.incidents.get(engineer, incidentId);
    expect(detail.attachments).toEqual([view]);
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'attachment', details: { attachmentId: view.id, filename: '故障照片 三号窗口.jpg', size: bytes.length } });
  });

  it('keeps a declared type only when it is a plain type/subtype, cleans the name, and stores an empty file', async () => {
    const odd = await service.upload(engineer, incidentId, { filename: '../../etc/passwd', contentType: 'text/html"><script>' }, Readable.from([Buffer.from('x')]));
    expect(odd).toMatchObject({ filename: 'passwd', contentType: 'application/octet-stream' });
    const withCharset = await service.upload(engineer, incidentId, { filename: '日志.txt', contentType: 'Text/Plain; charset=GBK' }, Readable.from([]));
    expect(withCharset).toMatchObject({ contentType: 'text/plain', size: 0, sha256: sha256(Buffer.alloc(0)) });
    expect((await buffer((await service.download(engineer, incidentId, withCharset.id)).stream)).length).toBe(0);
  });

  it('refuses a file over the limit with 413 and keeps nothing of it: no row, no chunk, no line, no audit record, no temporary file', async () => {
    const before = await counts();
    const error = await refusal(service.upload(engineer, incidentId, { filename: 'big.bin', contentType: 'application/octet-stream' }, trickle(randomBytes(LIMIT + 1))));
    expect(error).toMatchObject({ status: 413, code: 'ATTACHMENT_TOO_LARGE' });
    expect(await counts()).toEqual(before);
    expect(fs.readdirSync(path.join(t.config.dataDir, 'tmp', 'attachments'))).toEqual([]);
    // exactly the limit is fine
    expect((await service.upload(engineer, incidentId, { filename: 'exact.bin' }, trickle(randomBytes(LIMIT)))).size).toBe(LIMIT);
  });

  it('stops storing inside the caller’s transaction at the limit, so the rollback leaves nothing (the mail path)', async () => {
    const before = await counts();
    const meta = { id: 'att-over-limit', incident_id: incidentId, filename: 'x.bin', content_type: 'application/octet-stream', source: 'email' as const, created_by: null, created_at: NOW };
    const error = await refusal(t.db.kysely.transaction().execute((trx) => storeAttachment(trx, meta, trickle(randomBytes(3 * CHUNK_BYTES)), 2 * CHUNK_BYTES)));
    expect(error).toMatchObject({ status: 413 });
    expect(await counts()).toEqual(before);
  });

  it("does not let a client of another site see, attach to or download from the incident (404), nor someone without the permission attach (403)", async () => {
    const stored = await service.upload(engineer, incidentId, { filename: 'a.txt', contentType: 'text/plain' }, Readable.from([Buffer.from('a')]));
    const before = await counts();
    expect(await refusal(service.upload(strangerClient, incidentId, { filename: 'b.txt' }, Readable.from([Buffer.from('b')])))).toMatchObject({ status: 404 });
    expect(await refusal(service.download(strangerClient, incidentId, stored.id))).toMatchObject({ status: 404 });
    expect(await refusal(service.upload(person(engineer.actor.userId!, ['incidents:read'], null), incidentId, { filename: 'c.txt' }, Readable.from([Buffer.from('c')])))).toMatchObject({ status: 403 });
    expect(await refusal(service.download(engineer, incidentId, 'no-such-attachment'))).toMatchObject({ status: 404 });
    expect(await counts()).toEqual(before);
  });
});
