import { expect } from 'vitest';
import type { Caller, TestApp } from '../../testing/app.ts';
import { uid } from '../../testing/sample.ts';

/** Test helpers: sites and devices made through the API, as a user would. */
export function estateFixtures(t: TestApp) {
  async function ok(caller: Caller, method: 'POST' | 'PATCH', url: string, payload: unknown) {
    const res = await t.call(caller, { method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  }
  return {
    site: (caller: Caller, extra: Record<string, unknown> = {}) =>
      ok(caller, 'POST', '/api/v1/sites', { code: `s-${uid()}`, name: '一食堂', ...extra }) as Promise<{ id: string; code: string }>,
    device: (caller: Caller, siteId: string, extra: Record<string, unknown> = {}) =>
      ok(caller, 'POST', '/api/v1/devices', { code: `D-${uid()}`, name: '消费机', type: 'pos', subsystem: 'consumption', siteId, ...extra }) as Promise<{
        id: string;
        code: string;
        upstreamId: string | null;
      }>,
    deviceCount: async () => Number((await t.db.kysely.selectFrom('devices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  };
}
