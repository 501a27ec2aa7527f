import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { DEFAULT_PLANS } from './defaults/default-plans.ts';
import { createTriggerCache } from './trigger-cache.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

/**
 * The suggestions' trigger cache on both databases, written to through the API as people write plans: unchanged, it
 * reads nothing; after one plan's edit, publish, archive or creation it reads that plan only, and answers as a
 * reading of the whole library would.
 */
describeEachDatabase('plan trigger cache on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  const ok = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<Json> => {
    const res = await t.call(admin, { method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const keys = (list: { key: string; version: number }[]) => list.map((p) => `${p.key}@${p.version}`).sort();

  it('reloads only the plan that changed, and agrees with a fresh reading of the library', async () => {
    const cache = createTriggerCache(t.db.kysely);
    const first = await cache.get();
    expect(first).toHaveLength(DEFAULT_PLANS.length);
    expect(cache.lastRead()).toBe(DEFAULT_PLANS.length);
    expect(await cache.get()).toBe(first);

    const fresh = async () => createTriggerCache(t.db.kysely).get();
    const plan = (await ok('GET', '/api/v1/plans?limit=200')).items.find((p: Json) => p.key === DEFAULT_PLANS[0]!.key);
    const detail = await ok('GET', `/api/v1/plans/${plan.id}`);

    // A draft edited: its counter moved, so it is read again; its published trigger is unchanged.
    const trigger = { ...detail.draft.trigger, alertTypes: ['CacheProbe'] };
    const saved = await ok('PUT', `/api/v1/plans/${plan.id}`, { version: detail.version, document: { ...detail.draft, trigger } });
    const afterEdit = await cache.get();
    expect(cache.lastRead()).toBe(1);
    expect(afterEdit.find((p) => p.planId === plan.id)!.trigger.alertTypes).not.toContain('CacheProbe');

    // Published: the new trigger, read alone.
    await ok('POST', `/api/v1/plans/${plan.id}/publish`, { version: saved.version });
    const afterPublish = await cache.get();
    expect(cache.lastRead()).toBe(1);
    expect(afterPublish.find((p) => p.planId === plan.id)).toMatchObject({ version: 2, trigger: { alertTypes: ['CacheProbe'] } });
    expect(keys(afterPublish)).toEqual(keys(await fresh()));

    // A new plan, published: read alone; archived: gone, nothing read.
    const document = { ...structuredClone(DEFAULT_PLANS[1]!), key: 'cache-probe-plan' };
    const created = await ok('POST', '/api/v1/plans', { document });
    const published = await ok('POST', `/api/v1/plans/${created.id}/publish`, { version: created.version });
    expect((await cache.get()).some((p) => p.key === 'cache-probe-plan')).toBe(true);
    expect(cache.lastRead()).toBe(1);
    await ok('DELETE', `/api/v1/plans/${published.id}`);
    const afterArchive = await cache.get();
    expect(cache.lastRead()).toBe(0);
    expect(afterArchive.some((p) => p.key === 'cache-probe-plan')).toBe(false);
    expect(keys(afterArchive)).toEqual(keys(await fresh()));
  });
});
