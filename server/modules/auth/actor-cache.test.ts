import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoadedUser } from './access.ts';
import { accessChanging, ACTOR_CACHE_TTL_MS, createActorCache } from './actor-cache.ts';
import type { SessionsTable } from './auth.tables.ts';

const session = (id: string, userId: string): SessionsTable => ({ id, user_id: userId, csrf_token: 'c', created_at: 0, last_seen_at: 0, expires_at: 1e12, ip: null, user_agent: null });
const loaded = (userId: string): LoadedUser => ({
  user: { id: userId } as LoadedUser['user'],
  roles: [],
  actor: { kind: 'user', userId, username: userId, roleIds: [], permissions: new Set(), siteIds: null, via: 'session' },
});
const entry = (id: string, userId: string) => ({ session: session(id, userId), loaded: loaded(userId) });

describe('the session actor cache', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps a session for the TTL by the clock it is given, then forgets it', () => {
    const cache = createActorCache();
    cache.set('s1', entry('s1', 'u1'), cache.mark(), 1_000);
    expect(cache.get('s1', 1_000 + ACTOR_CACHE_TTL_MS - 1)?.loaded.actor.userId).toBe('u1');
    expect(cache.get('s1', 1_000 + ACTOR_CACHE_TTL_MS)).toBeUndefined();
    // A clock that went back does not stretch an entry's life either.
    cache.set('s1', entry('s1', 'u1'), cache.mark(), 5_000);
    expect(cache.get('s1', 4_999)).toBeUndefined();
  });

  it('answers each session with its own user only', () => {
    const cache = createActorCache();
    cache.set('a', entry('a', 'alice'), cache.mark(), 0);
    cache.set('b', entry('b', 'bob'), cache.mark(), 0);
    expect(cache.get('a', 1)?.loaded.actor.userId).toBe('alice');
    expect(cache.get('b', 1)?.loaded.actor.userId).toBe('bob');
    expect(cache.get('c', 1)).toBeUndefined();
  });

  it('refuses what a load read when a session was forgotten while it ran', () => {
    const cache = createActorCache();
    const mark = cache.mark();
    cache.forget('other');
    cache.set('s1', entry('s1', 'u1'), mark, 0);
    expect(cache.get('s1', 1)).toBeUndefined();
    cache.set('s1', entry('s1', 'u1'), cache.mark(), 0);
    expect(cache.get('s1', 1)).toBeDefined();
  });

  it('forgets every session of a user, and only theirs', () => {
    const cache = createActorCache();
    for (const [id, user] of [['a1', 'alice'], ['a2', 'alice'], ['b1', 'bob']] as const) cache.set(id, entry(id, user), cache.mark(), 0);
    cache.forgetUser('alice');
    expect([cache.get('a1', 1), cache.get('a2', 1)]).toEqual([undefined, undefined]);
    expect(cache.get('b1', 1)).toBeDefined();
  });

  it('a touch moves the cached copy, not its age', () => {
    const cache = createActorCache();
    cache.set('s1', entry('s1', 'u1'), cache.mark(), 0);
    cache.touched('s1', 60_000);
    expect(cache.get('s1', 1)?.session.last_seen_at).toBe(60_000);
    expect(cache.get('s1', ACTOR_CACHE_TTL_MS)).toBeUndefined();
  });

  // Last: it moves the hold past what real time will reach while this file runs.
  it('an access change empties every cache at once and caches nothing until it has surely committed', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const one = createActorCache();
    const two = createActorCache();
    one.set('s1', entry('s1', 'u1'), one.mark(), 0);
    two.set('s2', entry('s2', 'u2'), two.mark(), 0);
    const before = one.mark();
    accessChanging();
    expect(one.get('s1', 1)).toBeUndefined();
    expect(two.get('s2', 1)).toBeUndefined();
    // A load that began before the change read the old rows: never kept.
    one.set('s1', entry('s1', 'u1'), before, 1);
    // One that begins during the change's transaction may still read them: not kept either.
    one.set('s1', entry('s1', 'u1'), one.mark(), 1);
    expect(one.get('s1', 2)).toBeUndefined();
    vi.advanceTimersByTime(10_000);
    one.set('s1', entry('s1', 'u1'), one.mark(), 3);
    expect(one.get('s1', 4)).toBeDefined();
  });
});
