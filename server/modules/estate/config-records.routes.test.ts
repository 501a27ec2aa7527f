import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { estateFixtures } from './estate.fixtures.ts';

describeEachDatabase('configuration records on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let fx: ReturnType<typeof estateFixtures>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    fx = estateFixtures(t);
  });
  afterAll(async () => t.close());

  const save = (caller: Caller, deviceId: string, payload: Record<string, unknown>) => t.call(caller, { method: 'POST', url: `/api/v1/devices/${deviceId}/config`, payload });

  it('keeps numbered versions with who, why and the change reference, and diffs them', async () => {
    const site = await fx.site(admin);
    const device = await fx.device(admin, site.id);
    const v1 = await save(admin, device.id, { format: 'json', content: '{"server":"10.0.0.5","port":8080,"offline":{"maxRecords":500}}', reason: '初始配置' });
    expect(v1.json()).toMatchObject({ version: 1, format: 'json', author: 'admin', changeRef: null });
    t.clock.advance(1000);
    const v2 = await save(admin, device.id, { format: 'json', content: '{"offline":{"maxRecords":2000},"port":8080,"server":"10.0.0.6"}', reason: '扩大脱机记录', changeRef: 'INC-2026-0042' });
    expect(v2.json()).toMatchObject({ version: 2, changeRef: 'INC-2026-0042' });

    const list = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/config` })).json();
    expect(list.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(list.items[0]).not.toHaveProperty('content');
    const one = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/config/1` })).json();
    expect(one.content).toBe('{\n  "offline": {\n    "maxRecords": 500\n  },\n  "port": 8080,\n  "server": "10.0.0.5"\n}\n');

    const diff = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/config-diff?from=1&to=2` })).json();
    expect(diff).toMatchObject({ from: 1, to: 2 });
    expect(diff.hunks).toHaveLength(1);
    expect(diff.hunks[0].lines).toEqual([
      ' {',
      '   "offline": {',
      '-    "maxRecords": 500',
      '+    "maxRecords": 2000',
      '   },',
      '   "port": 8080,',
      '-  "server": "10.0.0.5"',
      '+  "server": "10.0.0.6"',
      ' }',
    ]);
    expect(diff.patch).toContain('--- v1\n+++ v2\n@@ -1,7 +1,7 @@');
    const latest = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/config-diff` })).json();
    expect(latest).toMatchObject({ from: 1, to: 2 });

    const record = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?action=device.config&targetId=${device.id}&limit=1` })).json().items[0];
    expect(record).toMatchObject({ reason: '扩大脱机记录', after: { version: 2, deviceCode: device.code, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('refuses invalid JSON, an unchanged save, content over 256 KiB, and unknown versions', async () => {
    const site = await fx.site(admin);
    const device = await fx.device(admin, site.id);
    const broken = await save(admin, device.id, { format: 'json', content: '{"port": 80', reason: 'x' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details[0].field).toBe('content');
    expect((await save(admin, device.id, { format: 'text', content: 'a=1\n', reason: 'x' })).statusCode).toBe(200);
    const same = await save(admin, device.id, { format: 'text', content: 'a=1\n', reason: 'again' });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.code).toBe('CONFIG_UNCHANGED');
    const big = await save(admin, device.id, { format: 'text', content: '配'.repeat(90_000), reason: 'x' });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.details[0].message).toContain('256 KiB');
    expect((await save(admin, device.id, { format: 'yaml', content: 'a: 1', reason: 'x' })).json().error.details[0].field).toBe('body.format');
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/config/7` })).statusCode).toBe(404);
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/config-diff?from=1&to=9` })).statusCode).toBe(404);
    const empty = await fx.device(admin, site.id);
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/devices/${empty.id}/config-diff` })).statusCode).toBe(404);
  });

  it("hides other sites' configurations from a scoped user", async () => {
    const a = await fx.site(admin);
    const b = await fx.site(admin);
    const inB = await fx.device(admin, b.id);
    await save(admin, inB.id, { format: 'text', content: 'secret=1', reason: 'x' });
    const scoped = await t.userWith(admin, ['engineer'], [a.id]);
    expect((await t.call(scoped, { method: 'GET', url: `/api/v1/devices/${inB.id}/config` })).statusCode).toBe(404);
    expect((await t.call(scoped, { method: 'GET', url: `/api/v1/devices/${inB.id}/config/1` })).statusCode).toBe(404);
    expect((await save(scoped, inB.id, { format: 'text', content: 'x', reason: 'x' })).statusCode).toBe(404);
  });
});
