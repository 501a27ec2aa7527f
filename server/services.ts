import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { createDomainEvents } from './events/index.ts';
import type { Metrics } from './http/metrics.ts';
import type { ModuleContext } from './module.ts';
import { MODULES, type ModuleServices } from './modules.ts';
import { createAuditLog, type AuditLogTable, type AuditSigner } from './modules/audit/index.ts';
import { createJobsService } from './worker/jobs.service.ts';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
  signer: AuditSigner;
  /** the process's counters (the CLI has none) */
  metrics?: Metrics;
  onAuditAppend?: (row: AuditLogTable) => void;
}

/**
 * The platform every module writes to — the audit log and the domain events — and then each module's services, in
 * the order of the module list (server/modules.ts).
 */
export function createServices(deps: ServiceDeps) {
  const { db, clock, config, signer } = deps;
  const audit = createAuditLog({ db, clock, signer, checkpointEveryRecords: config.audit.checkpointEveryRecords, onAppend: deps.onAuditAppend });
  const events = createDomainEvents({ db, clock, pollMs: config.events.pollMs, retentionMs: config.events.retentionMs });
  const context: ModuleContext = { db, clock, config, audit, signer, events, ...(deps.metrics && { metrics: deps.metrics }) };
  const modules = Object.assign({}, ...MODULES.map((m) => m.createServices(context))) as ModuleServices;
  return { ...modules, audit, events, jobs: createJobsService({ db, clock, audit }) };
}

export type Services = ReturnType<typeof createServices>;
