import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { InvalidError, TooManyRequestsError, UnauthenticatedError } from '../../errors.ts';
import { randomSecret } from '../../ids.ts';
import { sha256Hex } from '../../lib/hash.ts';
import type { AuditLog } from '../audit/index.ts';
import { tokenRecords } from '../tokens/index.ts';
import { fromJsonText } from '../../db/types.ts';
import { userAccounts } from '../users/index.ts';
import type { RequestContext } from './actor.ts';
import { loadUserActor, type LoadedUser } from './access.ts';
import { createActorCache } from './actor-cache.ts';
import { sessionsRepository, throttleRepository } from './auth.repository.ts';
import type { SessionsTable } from './auth.tables.ts';
import { decoyHash, hashPassword, passwordProblems, verifyPassword, weakPassword } from './passwords.ts';
import { isPermission, type Permission } from './permissions.ts';
import { accountKey, blockedUntilAfter, ipKey, remainingBlockMs, THROTTLE_POLICY } from './throttle.ts';

export interface SessionPolicy {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
}

/** Touching last_seen on every request would turn every read into a write; once a minute is precise enough. */
export const TOUCH_EVERY_MS = 60_000;
const TOKEN_USE_RECORD_EVERY_MS = 60_000;

export interface Authenticated extends LoadedUser {
  session?: SessionsTable;
}


export function createAuthService(deps: { db: Db; clock: Clock; audit: AuditLog; policy: SessionPolicy }) {
  const { db, clock, audit, policy } = deps;
  const k = db.kysely;
  // Sessions' actors for a few seconds (actor-cache.ts): a request then costs no session, user or role query.
  const actors = createActorCache();

  /**
   * Counts a sign-in attempt on every key as a failure, atomically, before its password is checked; false (and nothing
   * counted) when any key is blocked. Counting first is what keeps a burst of concurrent attempts from all passing a
   * check that none of them has been counted in yet.
   */
  async function admitAttempt(keys: readonly [account: string, ip: string], now: number): Promise<boolean> {
    const thresholds = [THROTTLE_POLICY.account.threshold, THROTTLE_POLICY.ip.threshold];
    const refused = Symbol('throttled');
    try {
      await k.transaction().execute(async (trx) => {
        for (const [i, key] of keys.entries()) {
          const failures = await throttleRepository.countAttempt(trx, key, now, THROTTLE_POLICY.windowMs);
          if (failures === null) throw refused; // rolls back what this attempt counted on the other key
          const blockedUntil = blockedUntilAfter(failures, thresholds[i]!, now);
          if (blockedUntil > 0) await throttleRepository.setBlockedUntil(trx, key, blockedUntil);
        }
      });
      return true;
    } catch (error) {
      if (error === refused) return false;
      throw error;
    }
  }

  return {
    policy,
    /** for the tests of the cache's invalidation */
    cachedActors: () => actors.size,

    /**
     * Counts the attempt against the throttle (refusing it while blocked), then checks the password (outside any
     * transaction: argon2 takes tens of milliseconds), then records the outcome and, on success, opens a session: one
     * audit record either way.
     */
    async login(input: { username: string; password: string }, request: { ip: string; userAgent: string | null; requestId: string }) {
      const now = clock.now();
      const keys = [accountKey(input.username, request.ip), ipKey(request.ip)] as const;
      if (!(await admitAttempt(keys, now))) {
        const blockedMs = Math.max(1000, remainingBlockMs(await throttleRepository.find(k, keys), now));
        throw new TooManyRequestsError('Too many failed sign-ins: wait before trying again', Math.ceil(blockedMs / 1000), 'LOGIN_THROTTLED');
      }

      const user = await userAccounts.findByUsername(k, input.username);
      const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
      const loaded = user && passwordOk ? await loadUserActor(k, user.id, 'session') : null;

      if (!loaded) {
        const anonymous: RequestContext = {
          actor: { kind: 'user', userId: user?.id ?? null, username: input.username.slice(0, 100), roleIds: [], permissions: new Set(), siteIds: null, via: 'session' },
          ip: request.ip,
          requestId: request.requestId,
        };
        // The failure was counted when the attempt was admitted.
        await k.transaction().execute(async (trx) => {
          const why = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'user_disabled';
          await audit.append(trx, anonymous, { action: 'auth.login_failed', targetType: 'user', targetId: user?.id ?? null, after: { reason: why } });
        });
        // One message for every cause, so the answer does not reveal which usernames exist.
        throw new UnauthenticatedError('Wrong username or password', 'INVALID_CREDENTIALS');
      }

      const secret = randomSecret(32);
      const session: SessionsTable = {
        id: sha256Hex(secret),
        user_id: loaded.user.id,
        csrf_token: randomSecret(24),
        created_at: now,
        last_seen_at: now,
        expires_at: now + policy.absoluteTimeoutMs,
        ip: request.ip,
        user_agent: request.userAgent?.slice(0, 300) ?? null,
      };
      const ctx: RequestContext = { actor: { ...loaded.actor, sessionId: session.id }, ip: request.ip, requestId: request.requestId };
      await k.transaction().execute(async (trx) => {
        await throttleRepository.delete(trx, keys[0]);
        await throttleRepository.refund(trx, keys[1], THROTTLE_POLICY.ip.threshold);
        await sessionsRepository.insert(trx, session);
        await userAccounts.recordSignIn(trx, loaded.user.id, now);
        await audit.append(trx, ctx, { action: 'auth.login', targetType: 'user', targetId: loaded.user.id, after: { sessionExpiresAt: session.expires_at } });
      });
      return { secret, session, loaded: { ...loaded, actor: ctx.actor } };
    },

    async logout(ctx: RequestContext): Promise<void> {
      const sessionId = ctx.actor.sessionId;
      await k.transaction().execute(async (trx) => {
        if (sessionId) await sessionsRepository.delete(trx, sessionId);
        await audit.append(trx, ctx, { action: 'auth.logout', targetType: 'user', targetId: ctx.actor.userId });
      });
      if (sessionId) actors.forget(sessionId);
    },

    /**
     * The session behind a cookie, if it is still within both timeouts; slides the idle timeout (a write at most once a
     * minute). Its actor comes from the cache when it was read less than ACTOR_CACHE_TTL_MS ago; the timeouts are
     * checked on every request all the same, and a session that looks past one is read again before it is ended.
     */
    async authenticateSession(secret: string, options: { touch?: boolean } = {}): Promise<Authenticated | null> {
      const now = clock.now();
      const id = sha256Hex(secret);
      const touch = options.touch ?? true;
      const cached = actors.get(id, now);
      if (cached && cached.session.expires_at > now && cached.session.last_seen_at + policy.idleTimeoutMs > now) {
        let session = cached.session;
        if (touch && now - session.last_seen_at >= TOUCH_EVERY_MS) {
          await sessionsRepository.touch(k, id, now);
          actors.touched(id, now);
          session = { ...session, last_seen_at: now };
        }
        return { ...cached.loaded, session };
      }

      const mark = actors.mark();
      let session = await sessionsRepository.findById(k, id);
      if (!session) return null;
      if (session.expires_at <= now || session.last_seen_at + policy.idleTimeoutMs <= now) {
        await sessionsRepository.delete(k, session.id);
        actors.forget(session.id);
        return null;
      }
      const loaded = await loadUserActor(k, session.user_id, 'session', { sessionId: session.id });
      if (!loaded) return null;
      if (touch && now - session.last_seen_at >= TOUCH_EVERY_MS) {
        await sessionsRepository.touch(k, session.id, now);
        session = { ...session, last_seen_at: now };
      }
      actors.set(id, { session, loaded }, mark, now);
      return { ...loaded, session };
    },

    /** An API token: valid, not revoked or expired, its owner active. Its permissions are limited by its owner's. */
    async authenticateToken(secret: string): Promise<Authenticated | null> {
      const now = clock.now();
      const token = await tokenRecords.findByHash(k, sha256Hex(secret));
      if (!token || token.revoked_at !== null || (token.expires_at !== null && token.expires_at <= now)) return null;
      const loaded = await loadUserActor(k, token.user_id, 'token', { tokenId: token.id });
      if (!loaded) return null;
      const scopes = new Set(fromJsonText<string[]>(token.permissions).filter(isPermission));
      const permissions = new Set<Permission>([...loaded.actor.permissions].filter((p) => scopes.has(p)));
      if (token.last_used_at === null || now - token.last_used_at >= TOKEN_USE_RECORD_EVERY_MS) await tokenRecords.markUsed(k, token.id, now);
      return { ...loaded, actor: { ...loaded.actor, permissions } };
    },

    csrfMatches(session: SessionsTable, presented: string | undefined): boolean {
      if (!presented) return false;
      const a = Buffer.from(session.csrf_token);
      const b = Buffer.from(presented);
      return a.length === b.length && timingSafeEqual(a, b);
    },

    /** Changing your own password needs the current one and ends your other sessions. */
    async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<void> {
      const userId = ctx.actor.userId;
      if (!userId) throw new UnauthenticatedError();
      const user = await userAccounts.findById(k, userId);
      if (!user || !(await verifyPassword(user.password_hash, currentPassword))) {
        throw new InvalidError('The current password is wrong', { field: 'currentPassword' }, 'INVALID_CURRENT_PASSWORD');
      }
      const problems = passwordProblems(newPassword, user.username);
      if (problems.length > 0) throw weakPassword(problems);
      const passwordHash = await hashPassword(newPassword);
      const now = clock.now();
      await k.transaction().execute(async (trx) => {
        await userAccounts.setPasswordHash(trx, userId, passwordHash, now);
        await sessionsRepository.deleteForUser(trx, userId, ctx.actor.sessionId);
        await audit.append(trx, ctx, { action: 'auth.password_change', targetType: 'user', targetId: userId });
      });
      actors.forgetUser(userId);
    },

    async purgeExpired(): Promise<{ sessions: number; throttle: number }> {
      const now = clock.now();
      return {
        sessions: await sessionsRepository.purgeExpired(k, now, policy.idleTimeoutMs),
        throttle: await throttleRepository.purgeOlderThan(k, now - THROTTLE_POLICY.windowMs),
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
