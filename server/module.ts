import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { DomainEvents } from './events/index.ts';
import type { App } from './http/types.ts';
import type { Metrics } from './http/metrics.ts';
import type { AuditLog, AuditSigner } from './modules/audit/index.ts';
import type { RequestContext } from './modules/auth/index.ts';
import type { IntegrityStatus } from './modules/system/index.ts';
import type { JobRegistry } from './worker/registry.ts';
import type { ScheduledTask } from './worker/worker.ts';

/**
 * What every module is given to build its services: the database, the clock, configuration, and the two things all
 * of them write to — the audit log and the domain events. Modules need nothing from each other at construction: what
 * one uses of another it imports from that module's `index.ts` (see docs/ARCHITECTURE.md, "Modules").
 */
export interface ModuleContext {
  db: Db;
  clock: Clock;
  config: Config;
  /** the process's counters; absent in the CLI, which serves no metrics */
  metrics?: Metrics;
  audit: AuditLog;
  signer: AuditSigner;
  /** append what happened in the same transaction; register durable consumers (server/events/README.md) */
  events: DomainEvents;
}

/** What routes may use besides their own module's services. */
export interface RouteContext {
  db: Db;
  config: Config;
  metrics: Metrics;
  /** the last database integrity check, for /readyz (main.ts runs the checks) */
  integrity?: IntegrityStatus;
}

export interface OpenApiTag {
  name: string;
  description: string;
}

/**
 * One module as the application sees it. The list of modules (server/modules.ts) is the only shared place that names
 * them: the app registers their tags and routes from it, the services are built from it, the worker registers their
 * jobs from it and the database type is the sum of their tables.
 */
export interface OpsdeskModule<Services extends object> {
  name: string;
  /** OpenAPI tags of this module's routes, in the order the reference shows them */
  tags: readonly OpenApiTag[];
  createServices(ctx: ModuleContext): Services;
  routes?(app: App, services: Services, ctx: RouteContext): void;
  /**
   * Puts the module's shipped defaults into a database that lacks them (idempotent; at every start, under the
   * bootstrap lock, after the built-in roles): the default SLA calendars and policy, say.
   */
  ensureDefaults?(services: Services, system: RequestContext): Promise<void>;
  /** registers the module's job handlers (its `<m>.jobs.ts`) and returns its cron schedules */
  jobs?(registry: JobRegistry, services: Services): ScheduledTask[];
}

/** Declares a module; the identity function keeps each module's own services type. */
export function defineModule<Services extends object>(module: OpsdeskModule<Services>): OpsdeskModule<Services> {
  return module;
}
