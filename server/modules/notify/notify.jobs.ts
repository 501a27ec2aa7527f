import type { JobRegistry } from '../../worker/registry.ts';
import type { ScheduledTask } from '../../worker/worker.ts';
import type { NotifyCore } from './notify.core.ts';

/** Receipts are kept for 400 days: the quarterly and annual service reports count them. */
export const NOTIFICATION_RETENTION_MS = 400 * 86_400_000;

/** Daily: old receipts and expired acknowledgement links go. */
export function notifyJobs(registry: JobRegistry, services: { notifyCore: NotifyCore }): ScheduledTask[] {
  registry.register('notify.retention', () => services.notifyCore.applyRetention(NOTIFICATION_RETENTION_MS), { lane: 'bulk' });
  return [{ name: 'notify.retention', cron: '17 3 * * *', job: 'notify.retention' }];
}
