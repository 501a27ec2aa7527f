import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { newId } from '../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../testing/app.ts';
import { openStream } from '../testing/sse.ts';

/**
 * Two nodes on one PostgreSQL schema: a change made on node A reaches a console connected to node B within a second.
 * The safety poll is set to a minute, so only LISTEN/NOTIFY can bring it that fast. Node B runs no worker (an
 * API-only node): the silence sweep runs on A alone, and B's consoles still see the device go offline.
 */
describe.skipIf(!process.env.OPSDESK_TEST_PG_URL)('two nodes on one PostgreSQL (skipped without OPSDESK_TEST_PG_URL)', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof buildApp>>;
  let admin: Caller;
  let streamUrl: string;
  let siteId: string;
  let ingestToken: string;

  beforeAll(async () => {
    a = await createTestApp('postgres', { OPSDESK_EVENTS_POLL_MS: '60000' });
    b = await buildApp({ config: a.config, db: a.testDb.reopen(), clock: a.clock, signer: a.signer, logger: false, serveWeb: false });
    await b.services.events.start({ log: { warn: () => {}, error: () => {}, debug: () => {} } });
    await b.services.events.listening();
    await b.app.listen({ port: 0, host: '127.0.0.1' });
    const address = b.app.server.address();
    streamUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/stream`;
    admin = await a.loginAdmin();
    siteId = (await a.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'library', name: '图书馆' } })).json().id;
    ingestToken = (await a.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'gateway', permissions: ['ingest:write'] } })).json().secret;
  });
  afterAll(async () => {
    await b?.app.close();
    await a?.close();
  });

  const addDevice = async (code: string) => {
    const res = await a.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code, name: code, type: 'gate', subsystem: 'access', siteId } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as string;
  };

  it('an operator’s maintenance on node A reaches a live stream on node B within a second', async () => {
    const id = await addDevice('GATE-LIB-01');
    // The session made on A is good on B: sessions live in the database.
    const stream = await openStream(streamUrl, admin.cookie);
    try {
      const started = Date.now();
      const res = await a.call(admin, { method: 'POST', url: `/api/v1/devices/${id}/maintenance`, payload: { on: true, reason: '更换闸机读卡器' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(await stream.waitFor('"code":"GATE-LIB-01"', 1000 - (Date.now() - started))).toBe(true);
      expect(stream.since(0)).toContain('"health":"maintenance"');
    } finally {
      stream.close();
    }
  });

  it('a device the silence sweep on node A marks offline shows as offline on node B within a second', async () => {
    await addDevice('GATE-LIB-02');
    const stream = await openStream(streamUrl, admin.cookie);
    try {
      const heartbeat = { id: newId(), kind: 'heartbeat', ts: new Date(a.clock.now() - 1000).toISOString(), device: 'GATE-LIB-02', site: 'library', data: { status: 'ok' } };
      const ingested = await a.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' }, payload: JSON.stringify([heartbeat]) });
      expect(ingested.json().accepted, ingested.body).toBe(1);
      expect(await stream.waitFor('"health":"online"', 1000)).toBe(true);

      a.clock.advance(a.config.ingest.deviceSilenceMs + 60_000);
      const mark = stream.length();
      const started = Date.now();
      expect(await a.services.ingest.sweepSilentDevices()).toBeGreaterThanOrEqual(1);
      expect(await stream.waitFor('"health":"offline"', 1000 - (Date.now() - started), mark)).toBe(true);
      expect(stream.since(mark)).toContain('"code":"GATE-LIB-02"');
      expect(stream.since(mark)).toContain('"code":"silent"');
    } finally {
      stream.close();
    }
  });
});
