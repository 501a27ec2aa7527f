import type { Static } from '@sinclair/typebox';
import type { Clock } from '../../clock.ts';
import { toIso, toIsoOrNull } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { fromJsonText, toJsonText, type Executor } from '../../db/types.ts';
import { ForbiddenError, InvalidError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import { newId, randomSecret } from '../../ids.ts';
import { sha256Hex } from '../../lib/hash.ts';
import type { AuditLog } from '../audit/index.ts';
import { can, requirePermission, type RequestContext, isPermission, type Permission } from '../auth/index.ts';
import { tokensRepository, type TokenWithOwner } from './tokens.repository.ts';
import type { ApiToken, CreateTokenBody } from './tokens.schemas.ts';

/** A token as the API shows it (never its secret). */
export type TokenView = Static<typeof ApiToken>;

/** Tokens look like `odk_<43 chars>`; the prefix (first 12 characters) is shown so a user can tell them apart. */
export const TOKEN_PREFIX = 'odk_';

const toView = (r: TokenWithOwner): TokenView => ({
  id: r.id,
  name: r.name,
  userId: r.user_id,
  username: r.username,
  prefix: r.prefix,
  permissions: fromJsonText<string[]>(r.permissions),
  createdAt: toIso(r.created_at),
  expiresAt: toIsoOrNull(r.expires_at),
  lastUsedAt: toIsoOrNull(r.last_used_at),
  revokedAt: toIsoOrNull(r.revoked_at),
});

/** Stores a new token and returns its secret, the only time the secret exists outside the caller's hands. */
async function insertToken(trx: Executor, t: { userId: string; name: string; permissions: readonly string[]; expiresAt: number | null; now: number }) {
  const secret = `${TOKEN_PREFIX}${randomSecret(32)}`;
  const id = newId();
  await tokensRepository.insert(trx, {
    id,
    user_id: t.userId,
    name: t.name,
    token_hash: sha256Hex(secret),
    prefix: secret.slice(0, 12),
    permissions: toJsonText([...new Set(t.permissions)].sort()),
    created_at: t.now,
    expires_at: t.expiresAt,
    last_used_at: null,
    revoked_at: null,
  });
  return { id, secret };
}

/** API tokens for integrations and scripts: stored hashed, scoped to a subset of the owner's permissions, revocable. */
export function createTokensService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  return {
    /** Your own tokens; with tokens:admin, everybody's. */
    async list(ctx: RequestContext, all: boolean): Promise<TokenView[]> {
      if (all) requirePermission(ctx.actor, 'tokens:admin');
      return (await tokensRepository.list(k, all ? null : ctx.actor.userId)).map(toView);
    },

    async create(ctx: RequestContext, input: Static<typeof CreateTokenBody>): Promise<{ token: TokenView; secret: string }> {
      requirePermission(ctx.actor, 'tokens:write');
      const userId = ctx.actor.userId;
      if (!userId || ctx.actor.via === 'token') throw new ForbiddenError('Tokens are created from a signed-in session', undefined, 'SESSION_REQUIRED');
      const unknown = input.permissions.filter((p) => !isPermission(p));
      if (unknown.length > 0) throw new InvalidError(`Unknown permission(s): ${unknown.join(', ')}`, [{ field: 'permissions', message: `unknown: ${unknown.join(', ')}` }], 'VALIDATION_FAILED');
      const beyond = input.permissions.filter((p) => isPermission(p) && !can(ctx.actor, p));
      if (beyond.length > 0) throw new ForbiddenError(`A token cannot hold permissions you do not have: ${beyond.join(', ')}`, { permissions: beyond });
      const now = clock.now();
      const expiresAt = input.expiresAt ? Date.parse(input.expiresAt) : null;
      if (expiresAt !== null && (Number.isNaN(expiresAt) || expiresAt <= now)) {
        throw invalidFields([fieldProblem('expiresAt', 'future')]);
      }
      return k.transaction().execute(async (trx) => {
        const { id, secret } = await insertToken(trx, { userId, name: input.name, permissions: input.permissions, expiresAt, now });
        const token = toView((await tokensRepository.findById(trx, id))!);
        await audit.append(trx, ctx, { action: 'token.create', targetType: 'api_token', targetId: id, after: token });
        return { token, secret };
      });
    },

    /**
     * A token for a service account, issued by opsdesk itself (the demo simulator), never from a request: it replaces
     * the account's earlier tokens of the same name, so a restart does not pile them up.
     */
    async issueForService(ctx: RequestContext, userId: string, input: { name: string; permissions: Permission[] }): Promise<string> {
      if (ctx.actor.kind !== 'system') throw new ForbiddenError('Only opsdesk itself issues service tokens');
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const earlier = (await tokensRepository.list(trx, userId)).filter((t) => t.name === input.name && t.revoked_at === null);
        for (const t of earlier) await tokensRepository.revoke(trx, t.id, now);
        const { id, secret } = await insertToken(trx, { userId, name: input.name, permissions: input.permissions, expiresAt: null, now });
        await audit.append(trx, ctx, { action: 'token.issue', targetType: 'api_token', targetId: id, after: { userId, name: input.name, permissions: input.permissions, replaced: earlier.length } });
        return secret;
      });
    },

    async revoke(ctx: RequestContext, id: string): Promise<TokenView> {
      requirePermission(ctx.actor, 'tokens:write');
      return k.transaction().execute(async (trx) => {
        const row = await tokensRepository.findById(trx, id);
        if (!row || (row.user_id !== ctx.actor.userId && !can(ctx.actor, 'tokens:admin'))) throw new NotFoundError('API token', id);
        const before = toView(row);
        if (row.revoked_at === null) await tokensRepository.revoke(trx, id, clock.now());
        const after = toView((await tokensRepository.findById(trx, id))!);
        await audit.append(trx, ctx, { action: 'token.revoke', targetType: 'api_token', targetId: id, before, after });
        return after;
      });
    },
  };
}

export type TokensService = ReturnType<typeof createTokensService>;
