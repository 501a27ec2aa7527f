import type { AuditTables } from '../modules/audit/audit.tables.ts';
import type { AuthTables } from '../modules/auth/auth.tables.ts';
import type { EstateTables } from '../modules/estate/estate.tables.ts';
import type { IngestTables } from '../modules/ingest/ingest.tables.ts';
import type { RolesTables } from '../modules/roles/roles.tables.ts';
import type { SitesTables } from '../modules/sites/sites.tables.ts';
import type { TokensTables } from '../modules/tokens/tokens.tables.ts';
import type { UsersTables } from '../modules/users/users.tables.ts';
import type { WorkerTables } from '../worker/worker.tables.ts';

/** The whole database as Kysely sees it: each module declares its own tables. */
export type Database = AuditTables &
  AuthTables &
  EstateTables &
  IngestTables & RolesTables & SitesTables & TokensTables & UsersTables & WorkerTables;
