import type { EventsTables } from '../events/events.tables.ts';
import type { ModuleTables } from '../modules.ts';
import type { WorkerTables } from '../worker/worker.tables.ts';

/** The whole database as Kysely sees it: the platform's tables (domain events, the worker) and every module's. */
export type Database = ModuleTables & EventsTables & WorkerTables;
