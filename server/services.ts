import type { KeyObject } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { createEventBus } from './events.ts';
import type { AuditLogTable } from './modules/audit/audit.tables.ts';
import type { AuditSigner } from './modules/audit/audit.chain.ts';
import { createAuditLog } from './modules/audit/audit.service.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createConfigRecordsService } from './modules/estate/config-records.service.ts';
import { createDevicesService } from './modules/estate/devices.service.ts';
import { createDiscoveredService } from './modules/estate/discovered.service.ts';
import { createImportsService } from './modules/estate/imports.service.ts';
import { createSparePartsService } from './modules/estate/spare-parts.service.ts';
import { createEstateSummaryService } from './modules/estate/summary.service.ts';
import { createIngestService, type IngestCounters } from './modules/ingest/ingest.service.ts';
import { createTelemetryService } from './modules/telemetry/telemetry.service.ts';
import { createWebhooksService } from './modules/ingest/webhooks/webhooks.service.ts';
import { createRolesService } from './modules/roles/roles.service.ts';
import { createSitesService } from './modules/sites/sites.service.ts';
import { createTokensService } from './modules/tokens/tokens.service.ts';
import { createUsersService } from './modules/users/users.service.ts';
import { createJobsService } from './worker/jobs.service.ts';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
  signer: AuditSigner;
  onAuditAppend?: (row: AuditLogTable) => void;
  ingestCounters?: IngestCounters;
}

/** Every domain service, wired by hand: reading this function tells you what depends on what. */
export function createServices(deps: ServiceDeps) {
  const { db, clock, config, signer } = deps;
  const audit = createAuditLog({ db, clock, signer, checkpointEveryRecords: config.audit.checkpointEveryRecords, onAppend: deps.onAuditAppend });
  const trustedKeys: ReadonlyMap<string, KeyObject> = new Map([[signer.keyId, signer.publicKey]]);
  const bus = createEventBus();
  const ingest = createIngestService({ db, clock, config: config.ingest, counters: deps.ingestCounters, bus });
  return {
    bus,
    audit,
    trustedKeys,
    auth: createAuthService({ db, clock, audit, policy: config.session }),
    users: createUsersService({ db, clock, audit }),
    roles: createRolesService({ db, clock, audit }),
    sites: createSitesService({ db, clock, audit }),
    tokens: createTokensService({ db, clock, audit }),
    devices: createDevicesService({ db, clock, audit, bus }),
    discovered: createDiscoveredService({ db, clock, audit }),
    configRecords: createConfigRecordsService({ db, clock, audit }),
    spareParts: createSparePartsService({ db, clock, audit }),
    imports: createImportsService({ db, clock, audit }),
    estateSummary: createEstateSummaryService({ db }),
    ingest,
    webhooks: createWebhooksService({ sink: ingest, clock }),
    telemetry: createTelemetryService({ db, clock }),
    jobs: createJobsService({ db, clock, audit }),
  };
}

export type Services = ReturnType<typeof createServices>;
