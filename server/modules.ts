/**
 * THE list of modules. Adding a module means adding it here (and its console pages and translations): the app
 * registers its OpenAPI tags and routes, the services are built, the worker registers its jobs and the database type
 * gains its tables — all from this list (docs/ARCHITECTURE.md, "Modules"). This is the one file that imports each
 * module's registration (`<m>.module.ts`); everything else uses a module through its `index.ts`.
 */
import type { OpsdeskModule } from './module.ts';
import type { RequestContext } from './modules/auth/index.ts';
import { alertingModule } from './modules/alerting/alerting.module.ts';
import type { AlertingTables } from './modules/alerting/index.ts';
import { auditModule } from './modules/audit/audit.module.ts';
import type { AuditTables } from './modules/audit/index.ts';
import { authModule } from './modules/auth/auth.module.ts';
import type { AuthTables } from './modules/auth/index.ts';
import { backfillModule } from './modules/backfill/backfill.module.ts';
import type { BackfillTables } from './modules/backfill/index.ts';
import { drillsModule } from './modules/drills/drills.module.ts';
import type { DrillsTables } from './modules/drills/index.ts';
import { estateModule } from './modules/estate/estate.module.ts';
import type { EstateTables } from './modules/estate/index.ts';
import { incidentsModule } from './modules/incidents/incidents.module.ts';
import type { IncidentsTables } from './modules/incidents/index.ts';
import { ingestModule } from './modules/ingest/ingest.module.ts';
import type { IngestTables } from './modules/ingest/index.ts';
import { kbModule } from './modules/kb/kb.module.ts';
import type { KbTables } from './modules/kb/index.ts';
import { notifyModule } from './modules/notify/notify.module.ts';
import type { NotifyTables } from './modules/notify/index.ts';
import { oncallModule } from './modules/oncall/oncall.module.ts';
import { plansModule } from './modules/plans/plans.module.ts';
import type { PlansTables } from './modules/plans/index.ts';
import { reconModule } from './modules/recon/recon.module.ts';
import type { ReconTables } from './modules/recon/index.ts';
import type { OncallTables } from './modules/oncall/index.ts';
import { rolesModule } from './modules/roles/roles.module.ts';
import type { RolesTables } from './modules/roles/index.ts';
import { sitesModule } from './modules/sites/sites.module.ts';
import type { SitesTables } from './modules/sites/index.ts';
import { systemModule } from './modules/system/system.module.ts';
import { telemetryModule } from './modules/telemetry/telemetry.module.ts';
import { tokensModule } from './modules/tokens/tokens.module.ts';
import type { TokensTables } from './modules/tokens/index.ts';
import { usersModule } from './modules/users/users.module.ts';
import type { UsersTables } from './modules/users/index.ts';

/** In the order the API reference lists them. */
export const MODULES = [
  systemModule,
  authModule,
  usersModule,
  rolesModule,
  sitesModule,
  estateModule,
  tokensModule,
  auditModule,
  ingestModule,
  telemetryModule,
  alertingModule,
  notifyModule,
  oncallModule,
  incidentsModule,
  kbModule,
  plansModule,
  backfillModule,
  drillsModule,
  reconModule,
] as const;

/** The tables of every module (server/db/schema.ts adds the platform's own). */
export type ModuleTables = AlertingTables & AuditTables & AuthTables & BackfillTables & DrillsTables & EstateTables & IncidentsTables & IngestTables & KbTables & NotifyTables & OncallTables & PlansTables & ReconTables & RolesTables & SitesTables & TokensTables & UsersTables;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type ServicesOf<M> = M extends OpsdeskModule<infer S> ? S : never;

/** Every module's services in one object (each module names its own: `devices`, `ingest`, `users`…). */
export type ModuleServices = UnionToIntersection<ServicesOf<(typeof MODULES)[number]>>;

/** Every module's shipped defaults, in the list's order (OpsdeskModule.ensureDefaults). */
export async function ensureModuleDefaults(services: ModuleServices, system: RequestContext): Promise<void> {
  for (const module of MODULES) {
    if ('ensureDefaults' in module && module.ensureDefaults) await (module.ensureDefaults as (s: ModuleServices, c: RequestContext) => Promise<void>)(services, system);
  }
}
