/**
 * Reading a `recon.changed` message off the live stream (server/events/catalog.ts ReconChangedEvent): a reconciliation
 * job queued, started, finished or failed, or a difference changed. It carries ids, the kind of change, the channel
 * and the day, never a person or an amount: a page that shows the job or the difference reads it again.
 */

/**
 * The message's data. Written out here rather than taken from api/openapi.d.ts because the API document lists the
 * live stream's messages by hand (server/app.ts components.schemas) and does not list this one yet.
 */
export interface ReconChangedEvent {
  type: 'recon.changed';
  subject: 'job' | 'difference';
  /** a job's: queued, started, finished, failed; a difference's: investigate, resolve, propose, approve, refuse, reject, assign, comment */
  change: string;
  jobId: string;
  /** null for a job's change */
  differenceId: string | null;
  channel: string;
  /** business day YYYY-MM-DD */
  day: string;
  /** after the change: the job's status or the difference's state */
  status: string;
  at: number;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A `recon.changed` message's data, or null when it is not one. */
export function parseReconEvent(data: string): ReconChangedEvent | null {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const e = v as Record<string, unknown>;
  if ((e.subject !== 'job' && e.subject !== 'difference') || typeof e.jobId !== 'string' || typeof e.at !== 'number') return null;
  const differenceId = typeof e.differenceId === 'string' ? e.differenceId : null;
  if (e.subject === 'difference' && differenceId === null) return null;
  return { type: 'recon.changed', subject: e.subject, change: text(e.change), jobId: e.jobId, differenceId, channel: text(e.channel), day: text(e.day), status: text(e.status), at: e.at };
}

/** Whether a change concerns this job's page: the job itself, or one of its differences. */
export const concernsJob = (event: ReconChangedEvent, jobId: string): boolean => event.jobId === jobId;

/** Whether a change is the job's own (its status moved), not one of its differences'. */
export const isJobChange = (event: ReconChangedEvent): boolean => event.subject === 'job';

/** Whether a change concerns this difference's page. */
export const concernsDifference = (event: ReconChangedEvent, differenceId: string): boolean => event.subject === 'difference' && event.differenceId === differenceId;
