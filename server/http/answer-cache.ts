import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Actor } from '../modules/auth/index.ts';
import { maskForResponse } from './masking.ts';

/** The instant until which an answer stays right while its data's version does not move; lowered as it is computed. */
export interface Freshness {
  until: number;
}

export interface CachedAnswer<T> {
  /**
   * The data's version, read before the answer is computed: it must move on with every committed change the answer
   * shows, on every node (a change committed meanwhile then makes the next request recompute, never the reverse).
   */
  version(): Promise<number>;
  /** The answer; lowers `freshness.until` to when it would read differently though nothing changed (time-based fields). */
  compute(freshness: Freshness): Promise<T>;
}

export interface AnswerCacheOptions {
  clock: Clock;
  /** the longest an answer is kept, whatever its freshness: bounds what the version does not cover (a renamed user) */
  maxAgeMs: number;
  maxEntries?: number;
  /** serialized bytes over all entries */
  maxBytes?: number;
}

interface Entry {
  version: number;
  until: number;
  /** the serialized answer, encoded once: a hit is sent without encoding it again */
  body: Buffer;
}

/**
 * Serialized answers of a hot GET route, kept per caller and URL and served again while the data's version has not
 * moved and the answer's own freshness holds. Each request still reads the version from the database — one indexed
 * lookup — so a change made on any node is seen at once; what is saved is computing, masking and serializing the
 * page. A caller is keyed by who they are and everything that shapes what they may see (permissions, sites), so an
 * answer never reaches someone it was not computed for; a caller who asks to unmask is never served from or into it.
 */
export function createAnswerCache(options: AnswerCacheOptions) {
  const maxEntries = options.maxEntries ?? 1_000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  /** Map order is use order: the first key is the least recently used. */
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const callerKeys = new WeakMap<Actor, string>();
  const inflight = new Map<string, Promise<{ body: Buffer; until: number }>>();

  const computeBody = async <T>(request: FastifyRequest, reply: FastifyReply, answer: CachedAnswer<T>, now: number) => {
    const freshness: Freshness = { until: now + options.maxAgeMs };
    const payload = await answer.compute(freshness);
    return { body: Buffer.from(String(reply.serialize(maskForResponse(request, 200, payload)))), until: freshness.until };
  };

  const callerKey = (actor: Actor): string => {
    let key = callerKeys.get(actor);
    if (key === undefined) {
      const who = `${actor.kind}:${actor.userId ?? ''}:${actor.tokenId ?? ''}:${actor.username}`;
      key = `${who}|${actor.siteIds === null ? '*' : [...actor.siteIds].sort().join(',')}|${[...actor.permissions].sort().join(',')}`;
      callerKeys.set(actor, key);
    }
    return key;
  };

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.body.length;
  };

  const keep = (key: string, entry: Entry) => {
    remove(key);
    if (entry.body.length > maxBytes / 4) return;
    entries.set(key, entry);
    bytes += entry.body.length;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      remove(oldest);
    }
  };

  return {
    /**
     * Sends the route's answer: from the cache when it is still right, else computed, masked and serialized by the
     * route's response schema, and kept. A caller who unmasks gets the answer the ordinary way, never kept.
     */
    async serve<T>(request: FastifyRequest, reply: FastifyReply, answer: CachedAnswer<T>): Promise<FastifyReply> {
      if (request.unmasked) return reply.send(await answer.compute({ until: Number.NEGATIVE_INFINITY }));
      const key = `${callerKey(request.ctx.actor)}|${request.url}`;
      const version = await answer.version();
      const now = options.clock.now();
      const hit = entries.get(key);
      if (hit && hit.version === version && now < hit.until) {
        entries.delete(key);
        entries.set(key, hit);
        return sendJson(reply, hit.body);
      }
      // Callers asking at once for the same page at the same version share one computation: a page expiring under
      // a hundred clients is computed once, not a hundred times over.
      const flight = `${key}#${version}`;
      let pending = inflight.get(flight);
      if (!pending) {
        pending = computeBody(request, reply, answer, now).finally(() => inflight.delete(flight));
        inflight.set(flight, pending);
      }
      const { body, until } = await pending;
      if (until > now) keep(key, { version, until, body });
      else remove(key);
      return sendJson(reply, body);
    },

    /** How many answers are kept (tests, diagnostics). */
    size: () => entries.size,
  };
}

export type AnswerCache = ReturnType<typeof createAnswerCache>;

/** JSON already serialized and encoded, sent as it is (Fastify passes a Buffer through with the type it is given). */
const sendJson = (reply: FastifyReply, body: Buffer) => reply.type('application/json; charset=utf-8').send(body);
