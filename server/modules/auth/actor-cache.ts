import type { LoadedUser } from './access.ts';
import type { SessionsTable } from './auth.tables.ts';

/**
 * How long a session's actor (its user, roles, permissions and sites) is reused without reading them again. A change
 * made on this node takes effect at once (below); one made on another node, or straight in the database, within this.
 */
export const ACTOR_CACHE_TTL_MS = 5_000;
/** Enough for every signed-in person of a large desk; the oldest entry makes room beyond it. */
const MAX_ENTRIES = 10_000;
/**
 * After an access change begins (inside its transaction, before it commits), nothing is cached for this long, so a
 * load that read the rows before the commit cannot be kept: the change's transaction ends well within it.
 */
const HOLD_AFTER_CHANGE_MS = 10_000;

/**
 * Every cache in the process hears of access changes: the functions that change who may do what (lockAccessChanges,
 * revokeSessions) call accessChanging() inside their transaction, whatever module they are called from.
 */
let changes = 0;
let holdUntil = 0;

/** Forgets every cached actor of every cache in this process and caches none until the change has surely committed. */
export function accessChanging(): void {
  changes++;
  holdUntil = performance.now() + HOLD_AFTER_CHANGE_MS;
}

export interface CachedSession {
  session: SessionsTable;
  loaded: LoadedUser;
}

interface Entry extends CachedSession {
  cachedAt: number;
}

/** Where a load began: an entry is kept only if nothing changed meanwhile. */
export interface LoadMark {
  readonly changes: number;
  readonly forgets: number;
}

/**
 * Sessions' actors, keyed by the session's id (the hash of its secret): one entry is one session of one user, so
 * nothing is ever shared between users. Times (`now`) are the injected clock's; the hold after a change is real time,
 * because it waits for a real transaction to commit.
 */
export function createActorCache(ttlMs = ACTOR_CACHE_TTL_MS) {
  const entries = new Map<string, Entry>();
  let seenChanges = changes;
  let forgets = 0;

  function sync(): void {
    if (seenChanges !== changes) {
      entries.clear();
      seenChanges = changes;
    }
  }

  return {
    /** The session's entry if it was cached less than the TTL ago (by the clock that cached it). */
    get(sessionId: string, now: number): CachedSession | undefined {
      sync();
      const entry = entries.get(sessionId);
      if (entry === undefined) return undefined;
      if (now - entry.cachedAt >= ttlMs || now < entry.cachedAt) {
        entries.delete(sessionId);
        return undefined;
      }
      return entry;
    },

    /** Taken before reading the session and its actor from the database. */
    mark(): LoadMark {
      sync();
      return { changes, forgets };
    },

    /** Keeps what a load read, unless access changed or a session was forgotten since `mark` (or a change may be committing). */
    set(sessionId: string, value: CachedSession, mark: LoadMark, now: number): void {
      sync();
      if (mark.changes !== changes || mark.forgets !== forgets || performance.now() < holdUntil) return;
      if (entries.size >= MAX_ENTRIES && !entries.has(sessionId)) entries.delete(entries.keys().next().value!);
      entries.set(sessionId, { ...value, cachedAt: now });
    },

    /** The session was touched: the cached copy follows, keeping its age. */
    touched(sessionId: string, lastSeenAt: number): void {
      const entry = entries.get(sessionId);
      if (entry) entries.set(sessionId, { ...entry, session: { ...entry.session, last_seen_at: lastSeenAt } });
    },

    /** Forgets one session (signed out) and refuses what loads already under way read. */
    forget(sessionId: string): void {
      forgets++;
      entries.delete(sessionId);
    },

    /** Forgets every session of a user (password changed) and refuses what loads already under way read. */
    forgetUser(userId: string): void {
      forgets++;
      for (const [id, entry] of entries) if (entry.session.user_id === userId) entries.delete(id);
    },

    get size(): number {
      sync();
      return entries.size;
    },
  };
}

export type ActorCache = ReturnType<typeof createActorCache>;
