/** The tokens module's public surface: API tokens for scripts and integrations, and the look-up sign-in needs. */
import type { Executor } from '../../db/types.ts';
import { tokensRepository } from './tokens.repository.ts';

export { TOKEN_PREFIX, type TokensService } from './tokens.service.ts';
export type { ApiTokensTable, TokensTables } from './tokens.tables.ts';

/** Tokens as authentication reads them: found by the hash of the secret, their use recorded. */
export const tokenRecords = {
  findByHash: (db: Executor, tokenHash: string) => tokensRepository.findByHash(db, tokenHash),
  markUsed: (db: Executor, id: string, at: number) => tokensRepository.markUsed(db, id, at),
};
