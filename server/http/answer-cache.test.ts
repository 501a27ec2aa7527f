import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import type { Actor, Permission, RequestContext } from '../modules/auth/index.ts';
import { createAnswerCache, type Freshness } from './answer-cache.ts';

/**
 * The answer cache on a real Fastify route: when it serves a kept answer, when it computes again, and that callers
 * asking at once share one computation. (The incident list's own guarantees are in incidents.list-answers.test.ts.)
 */
const clock = new ManualClock(Date.parse('2026-12-01T02:00:00Z'));
const cache = createAnswerCache({ clock, maxAgeMs: 10_000, maxEntries: 3 });
let app: FastifyInstance;
let version = 1;
let computed = 0;
/** how long each computed answer says it holds */
let holdsMs = 60_000;
/** resolves the computations waiting on it (to hold several requests in flight) */
let gate: Promise<void> = Promise.resolve();

const actor = (userId: string, permissions: Permission[] = ['incidents:read'], siteIds: string[] | null = null): Actor => ({
  kind: 'user',
  userId,
  username: userId,
  roleIds: [],
  permissions: new Set(permissions),
  siteIds,
  via: 'session',
});
const actors: Record<string, Actor> = { ann: actor('ann'), bob: actor('bob'), scoped: actor('ann', ['incidents:read'], ['s1']) };

beforeAll(async () => {
  app = Fastify();
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('unmasked', false);
  app.addHook('onRequest', async (request) => {
    request.ctx = { actor: actors[String(request.headers['x-who'])]!, ip: null, requestId: null };
    request.unmasked = request.headers['x-unmask'] === '1';
  });
  app.get('/things', {
    schema: { response: { 200: { type: 'object', properties: { n: { type: 'number' }, who: { type: 'string' }, q: { type: 'string' } } } } },
    handler: async (request, reply) =>
      cache.serve(request, reply, {
        version: async () => version,
        compute: async (freshness: Freshness) => {
          computed += 1;
          await gate;
          freshness.until = Math.min(freshness.until, clock.now() + holdsMs);
          return { n: computed, who: request.ctx.actor.userId, q: String((request.query as Record<string, string>).q ?? ''), secret: 'never serialized' };
        },
      }),
  });
  await app.ready();
});
afterAll(async () => app.close());

const get = async (who: string, query = '', headers: Record<string, string> = {}) => {
  const res = await app.inject({ method: 'GET', url: `/things${query}`, headers: { 'x-who': who, ...headers } });
  expect(res.statusCode).toBe(200);
  return res;
};

it('serves the kept answer, serialized by the route schema, until the version moves', async () => {
  const first = await get('ann');
  expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(first.json()).toEqual({ n: computed, who: 'ann', q: '' });
  const n = computed;
  expect((await get('ann')).body).toBe(first.body);
  expect(computed).toBe(n);
  version += 1;
  expect((await get('ann')).json().n).toBe(n + 1);
});

it('computes again once the answer stops holding, or after the longest age', async () => {
  holdsMs = 1_000;
  version += 1;
  const n = (await get('ann')).json().n;
  clock.advance(999);
  expect((await get('ann')).json().n).toBe(n);
  clock.advance(1);
  expect((await get('ann')).json().n).toBe(n + 1);
  holdsMs = 60_000;
  version += 1;
  const m = (await get('ann')).json().n;
  clock.advance(9_999);
  expect((await get('ann')).json().n).toBe(m);
  clock.advance(1);
  expect((await get('ann')).json().n).toBe(m + 1);
});

it('keeps callers and URLs apart, down to the sites and permissions a caller has', async () => {
  version += 1;
  const ann = (await get('ann')).json();
  expect((await get('bob')).json()).toMatchObject({ who: 'bob' });
  expect((await get('scoped')).json().n).not.toBe(ann.n);
  expect((await get('ann', '?q=x')).json()).toMatchObject({ q: 'x' });
});

it('never serves or keeps an answer for a caller who unmasks', async () => {
  version += 1;
  const kept = (await get('ann')).json().n;
  const unmasked = await get('ann', '', { 'x-unmask': '1' });
  expect(unmasked.json().n).toBe(kept + 1);
  expect((await get('ann')).json().n).toBe(kept);
});

it('computes once for callers asking at once', async () => {
  version += 1;
  let open!: () => void;
  gate = new Promise((resolve) => (open = resolve));
  const before = computed;
  const answers = Array.from({ length: 10 }, () => get('ann'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  open();
  const bodies = new Set((await Promise.all(answers)).map((r) => r.body));
  expect(computed).toBe(before + 1);
  expect(bodies.size).toBe(1);
  gate = Promise.resolve();
});

it('holds at most its number of entries, dropping the least recently used', async () => {
  version += 1;
  for (const q of ['a', 'b', 'c', 'd']) await get('ann', `?q=${q}`);
  expect(cache.size()).toBe(3);
  const n = computed;
  await get('ann', '?q=d');
  expect(computed).toBe(n);
  await get('ann', '?q=a');
  expect(computed).toBe(n + 1);
});
