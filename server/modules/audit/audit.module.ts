/** The audit module as the application registers it (server/modules.ts): its services, routes and jobs. */
import type { KeyObject } from 'node:crypto';
import { defineModule } from '../../module.ts';
import { auditJobs } from './audit.jobs.ts';
import { auditRoutes } from './audit.routes.ts';
import type { AuditLog } from './audit.service.ts';

export const auditModule = defineModule<{ audit: AuditLog; trustedKeys: ReadonlyMap<string, KeyObject> }>({
  name: 'audit',
  tags: [{ name: 'audit', description: 'The hash-chained audit log' }],
  // The log itself is built before every module (they all append to it); this module serves and checkpoints it.
  createServices: ({ audit, signer }) => ({ audit, trustedKeys: new Map([[signer.keyId, signer.publicKey]]) }),
  routes: (app, services) => auditRoutes(app, services),
  jobs: (registry, services) => auditJobs(registry, services),
});
