import type { JobRegistry } from '../../worker/registry.ts';
import type { ScheduledTask } from '../../worker/worker.ts';
import type { AuthService } from './auth.service.ts';

export function authJobs(registry: JobRegistry, services: { auth: AuthService }): ScheduledTask[] {
  registry.register('auth.purge', async (_payload, ctx) => {
    const purged = await services.auth.purgeExpired();
    ctx.log.debug(purged, 'expired sessions and stale login throttles removed');
  });
  return [{ name: 'auth.purge', cron: '*/10 * * * *', job: 'auth.purge' }];
}
