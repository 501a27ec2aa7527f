import type { Job, JobLane, JobStatus } from '../../api/types';

export const LANES: readonly JobLane[] = ['urgent', 'default', 'bulk'];
export const STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

export const LANE_COLOR: Record<JobLane, string> = { urgent: 'red', default: 'blue', bulk: 'purple' };
export const STATUS_COLOR: Record<JobStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
  cancelled: 'warning',
};

/** The progress bar's percent (whole, 0–100), or null for a job that never reported any and is not done. */
export function progressPercent(job: Pick<Job, 'status' | 'progress'>): number | null {
  if (job.status === 'done') return 100;
  if (job.progress === null) return null;
  return Math.min(100, Math.max(0, Math.floor(job.progress * 100)));
}

/** The bar's look: moving while the job runs, red once it failed, grey when it stopped short. */
export function progressStatus(job: Pick<Job, 'status'>): 'active' | 'exception' | 'normal' | 'success' {
  if (job.status === 'running') return 'active';
  if (job.status === 'failed') return 'exception';
  if (job.status === 'done') return 'success';
  return 'normal';
}

/** Jobs whose rows the page keeps fresh while it is open: those that can still change on their own. */
export const isLive = (job: Pick<Job, 'status'>): boolean => job.status === 'running' || job.status === 'queued';
