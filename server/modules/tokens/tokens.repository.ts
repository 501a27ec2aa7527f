import type { Executor } from '../../db/types.ts';
import type { ApiTokensTable } from './tokens.tables.ts';

export type TokenWithOwner = ApiTokensTable & { username: string };

export const tokensRepository = {
  insert: (db: Executor, row: ApiTokensTable) => db.insertInto('api_tokens').values(row).execute(),

  findByHash: (db: Executor, tokenHash: string) => db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

  findById: (db: Executor, id: string) =>
    db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').selectAll('api_tokens').select('users.username').where('api_tokens.id', '=', id).executeTakeFirst(),

  list: (db: Executor, userId: string | null): Promise<TokenWithOwner[]> => {
    let query = db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').selectAll('api_tokens').select('users.username');
    if (userId !== null) query = query.where('api_tokens.user_id', '=', userId);
    return query.orderBy('api_tokens.created_at', 'desc').limit(500).execute();
  },

  revoke: (db: Executor, id: string, now: number) => db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute(),

  markUsed: (db: Executor, id: string, now: number) => db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute(),
};
