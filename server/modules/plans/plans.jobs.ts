import type { JobRegistry } from '../../worker/registry.ts';
import type { ScheduledTask } from '../../worker/worker.ts';
import type { PlansService } from './plans.service.ts';

/** Verifiable checklist steps ticked by opsdesk when their check passes, every minute. */
export function plansJobs(registry: JobRegistry, services: { plans: PlansService }): ScheduledTask[] {
  registry.register('plans.verify-steps', async () => void (await services.plans.verifySteps()), { lane: 'default' });
  return [{ name: 'plans.verify-steps', cron: '30 * * * * *', job: 'plans.verify-steps' }];
}
