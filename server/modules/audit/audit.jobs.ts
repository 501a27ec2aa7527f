import type { JobRegistry } from '../../worker/registry.ts';
import type { ScheduledTask } from '../../worker/worker.ts';
import type { AuditLog } from './audit.service.ts';

export function auditJobs(registry: JobRegistry, services: { audit: AuditLog }): ScheduledTask[] {
  registry.register('audit.checkpoint', async (_payload, ctx) => {
    const seq = await services.audit.checkpoint();
    if (seq !== null) ctx.log.debug({ seq }, 'audit checkpoint signed');
  });
  // SPEC C9.1: a signed checkpoint at least every minute (and every 1,000 records, written inline).
  return [{ name: 'audit.checkpoint', cron: '* * * * *', job: 'audit.checkpoint' }];
}
