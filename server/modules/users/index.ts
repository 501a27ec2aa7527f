/**
 * The users module's public surface: user accounts (SPEC §3), their routes, the few account reads and writes the
 * auth module needs to sign people in (it owns sessions; this module owns the accounts), and the reads other modules
 * need to name people and find the active ones (display names, a page of active accounts).
 */
import type { Executor } from '../../db/types.ts';
import { usersRepository } from './users.repository.ts';

export type { UsersTable, UsersTables } from './users.tables.ts';
export type { UsersService } from './users.service.ts';

/** Account reads and writes for signing in, checking access and changing one's own password. */
export const userAccounts = {
  findById: (db: Executor, id: string) => usersRepository.findById(db, id),
  findByUsername: (db: Executor, username: string) => usersRepository.findByUsername(db, username),
  rolesOf: (db: Executor, userIds: readonly string[]) => usersRepository.rolesOf(db, userIds),
  /** id → display name of the accounts named (nulls skipped, any status): who made, checked or was given something */
  displayNames: (db: Executor, ids: readonly (string | null)[]) => usersRepository.displayNames(db, ids.filter((id): id is string => id !== null)),
  /**
   * A page of active accounts, `{ id, displayName }` in id order after `afterId` (null for the first page): where
   * another module looks for the people it may offer (their roles through rolesOf); no contact details.
   */
  activePage: async (db: Executor, afterId: string | null, limit: number): Promise<{ id: string; displayName: string }[]> =>
    (await usersRepository.activeAfter(db, afterId, limit)).map((u) => ({ id: u.id, displayName: u.display_name })),
  /** whether the account exists and is active */
  isActive: (db: Executor, id: string) => usersRepository.isActive(db, id),
  sitesOf: (db: Executor, userIds: readonly string[]) => usersRepository.sitesOf(db, userIds),
  /** the active accounts of an e-mail address (a mail sender known as a user) */
  activeIdsByEmail: async (db: Executor, email: string) => (await usersRepository.activeByEmail(db, email)).map((u) => u.id),
  /** every role held by an active user with access to all sites (who keeps the last administrator) */
  activeUnrestrictedRoles: (db: Executor) => usersRepository.activeUnrestrictedRoles(db),
  recordSignIn: (db: Executor, id: string, at: number) => usersRepository.update(db, id, { last_login_at: at }),
  setPasswordHash: (db: Executor, id: string, passwordHash: string, at: number) =>
    usersRepository.update(db, id, { password_hash: passwordHash, password_changed_at: at, updated_at: at }),
};
