/** The roles module's public surface: roles and the permission catalogue, and the role reads access checks need. */
import type { Executor } from '../../db/types.ts';
import { rolesRepository } from './roles.repository.ts';

export type { RolesTable, RolesTables } from './roles.tables.ts';
export type { RolesService } from './roles.service.ts';

/** Roles as access checks read them (the permissions a user holds come from their roles). */
export const roleRecords = {
  all: (db: Executor) => rolesRepository.all(db),
  findByIds: (db: Executor, ids: readonly string[]) => rolesRepository.findByIds(db, ids),
};
