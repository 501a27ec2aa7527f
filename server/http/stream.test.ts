import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../testing/app.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

/** Short re-checks so that the tests wait a fraction of a second, not the production five. */
const RECHECK_MS = 200;

/** A real SSE client: node's fetch reading the body as it arrives. */
async function openStream(base: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/stream`, { headers, signal: controller.signal });
  if (res.status !== 200) {
    const body = await res.text();
    return { status: res.status, body, text: () => '', read: async () => '', readTimes: async () => '', ended: async () => true, close: () => controller.abort() };
  }
  const reader = res.body!.getReader();
  let text = '';
  let done = false;
  // One read in flight at a time: a read abandoned on timeout would swallow the chunk it later receives.
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const pump = async (until: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!done && !until() && Date.now() < deadline) {
      pending ??= reader.read();
      const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 50))]).catch(() => ({ done: true, value: undefined }));
      if (chunk === null) continue;
      pending = null;
      if (chunk.done) done = true;
      else text += new TextDecoder().decode(chunk.value);
    }
  };
  return {
    status: 200,
    body: '',
    text: () => text,
    /** Reads until `pattern` has arrived after character `from` (or `ms` passed) and returns what was read after it. */
    read: async (pattern: string, ms = 5000, from = 0) => {
      await pump(() => text.slice(from).includes(pattern), ms);
      return text.slice(from);
    },
    /** Reads until `pattern` has arrived `count` times after character `from` (or `ms` passed). */
    readTimes: async (pattern: string, count: number, ms: number, from: number) => {
      await pump(() => text.slice(from).split(pattern).length - 1 >= count, ms);
      return text.slice(from);
    },
    /** Whether the server ended the stream within `ms`. */
    ended: async (ms: number) => {
      await pump(() => false, ms);
      return done;
    },
    close: () => controller.abort(),
  };
}

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describeEachDatabase('the live stream is re-authorised while open on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let base: string;
  let siteA: { id: string };
  let siteB: { id: string };
  let deviceA: { id: string; code: string };
  let deviceB: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_STREAM_RECHECK_MS: String(RECHECK_MS) });
    admin = await t.loginAdmin();
    siteA = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'dorm-east', name: '东区宿舍' } })).json();
    siteB = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'dorm-west', name: '西区宿舍' } })).json();
    const device = async (code: string, siteId: string) =>
      (await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code, name: code, type: 'door', subsystem: 'access', siteId } })).json();
    deviceA = await device('DOOR-E-001', siteA.id);
    deviceB = await device('DOOR-W-001', siteB.id);
    base = await listen(t);
  });
  afterAll(async () => t.close());

  let maintenanceOn = false;
  /** A health change on each device, A first: the bus delivers in order, so B's arriving means A's would have too. */
  async function healthChangeOnBoth() {
    maintenanceOn = !maintenanceOn;
    for (const d of [deviceA, deviceB]) {
      const res = await t.call(admin, { method: 'POST', url: `/api/v1/devices/${d.id}/maintenance`, payload: { on: maintenanceOn, reason: '例行检修' } });
      expect(res.statusCode, res.body).toBe(200);
    }
  }
  const afterRecheck = () => new Promise((r) => setTimeout(r, RECHECK_MS * 3));

  it('ends a stream opened with an API token once the token is revoked', async () => {
    const token = (await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'wall screen', permissions: ['estate:read'] } })).json();
    const stream = await openStream(base, { authorization: `Bearer ${token.secret}` });
    try {
      expect(stream.status).toBe(200);
      await healthChangeOnBoth();
      expect(await stream.read(deviceB.code)).toContain(deviceA.code);
      expect(await stream.ended(RECHECK_MS * 2)).toBe(false);
      expect((await t.call(admin, { method: 'DELETE', url: `/api/v1/tokens/${token.token.id}` })).statusCode).toBe(200);
      expect(await stream.ended(RECHECK_MS * 10)).toBe(true);
    } finally {
      stream.close();
    }
  });

  it('ends a session’s stream when the session ends or the user is disabled', async () => {
    const loggedOut = await t.userWith(admin, ['engineer']);
    const disabled = await t.userWith(admin, ['engineer']);
    const first = await openStream(base, { cookie: loggedOut.cookie });
    const second = await openStream(base, { cookie: disabled.cookie });
    try {
      expect([first.status, second.status]).toEqual([200, 200]);
      expect((await t.call(loggedOut, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(200);
      expect((await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${disabled.userId}`, payload: { status: 'disabled' } })).statusCode).toBe(200);
      expect(await first.ended(RECHECK_MS * 10)).toBe(true);
      expect(await second.ended(RECHECK_MS * 10)).toBe(true);
    } finally {
      first.close();
      second.close();
    }
  });

  it('stops a site’s device events once the user’s scope loses the site', async () => {
    const user = await t.userWith(admin, ['engineer'], [siteA.id, siteB.id]);
    const stream = await openStream(base, { cookie: user.cookie });
    try {
      await healthChangeOnBoth();
      expect(await stream.read(deviceB.code)).toContain(deviceA.code);
      const narrowed = await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${user.userId}`, payload: { siteIds: [siteB.id] } });
      expect(narrowed.statusCode, narrowed.body).toBe(200);
      await afterRecheck();
      const mark = stream.text().length;
      await healthChangeOnBoth();
      const since = await stream.read(deviceB.code, 5000, mark);
      expect(since).toContain(deviceB.code);
      expect(since).not.toContain(deviceA.code);
    } finally {
      stream.close();
    }
  });

  it('stops all device events once the user’s role loses estate:read, and keeps the stream', async () => {
    const roleId = `viewer-${dialect}`;
    expect((await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: roleId, name: '门禁查看', permissions: ['sites:read', 'estate:read'] } })).statusCode).toBe(200);
    const user = await t.userWith(admin, [roleId]);
    const stream = await openStream(base, { cookie: user.cookie });
    try {
      await healthChangeOnBoth();
      expect(await stream.read(deviceB.code)).toContain(deviceA.code);
      expect((await t.call(admin, { method: 'PATCH', url: `/api/v1/roles/${roleId}`, payload: { permissions: ['sites:read'] } })).statusCode).toBe(200);
      await afterRecheck();
      const mark = stream.text().length;
      await healthChangeOnBoth();
      // A health change goes out as it happens; two ingest.rate ticks later (the first may predate the changes) it
      // would have arrived, and the ticks show the stream itself goes on.
      const since = await stream.readTimes('event: ingest.rate', 2, 6000, mark);
      expect(since.split('event: ingest.rate').length - 1).toBeGreaterThanOrEqual(2);
      expect(since).not.toContain('device.health');
    } finally {
      stream.close();
    }
  });
});

describeEachDatabase('open live streams are capped on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_STREAM_MAX_PER_USER: '2', OPSDESK_STREAM_MAX_PER_IP: '3' });
    admin = await t.loginAdmin();
    base = await listen(t);
  });
  afterAll(async () => t.close());

  it('answers 429 TOO_MANY_STREAMS past the cap per user and per IP, and frees a slot when a stream closes', async () => {
    const streams: Awaited<ReturnType<typeof openStream>>[] = [];
    const open = async (caller: Caller) => {
      const s = await openStream(base, { cookie: caller.cookie });
      streams.push(s);
      return s;
    };
    try {
      const [one, two] = [await t.userWith(admin, ['engineer']), await t.userWith(admin, ['engineer'])];
      expect((await open(one)).status).toBe(200);
      const second = await open(one);
      expect(second.status).toBe(200);
      const third = await open(one);
      expect(third.status).toBe(429);
      expect(JSON.parse(third.body).error.code).toBe('TOO_MANY_STREAMS');
      // Another user from the same address fills the address's three slots, then is refused.
      expect((await open(two)).status).toBe(200);
      const fromSameIp = await open(two);
      expect(fromSameIp.status).toBe(429);
      expect(JSON.parse(fromSameIp.body).error.code).toBe('TOO_MANY_STREAMS');
      // Closing a tab gives its slot back.
      second.close();
      let again = 429;
      for (let i = 0; i < 50 && again !== 200; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const s = await open(one);
        again = s.status;
      }
      expect(again).toBe(200);
    } finally {
      for (const s of streams) s.close();
    }
  });
});
