/**
 * Reading a `recon.changed` message off the live stream (server/events/catalog.ts ReconChangedEvent): a reconciliation
 * job queued, started, finished or failed, or a difference changed. It carries ids, the kind of change, the channel
 * and the day, never a person or an amount: a page that shows the job or the difference reads it again.
 */
import type { components } from '../api/openapi';
import { jsonObject } from './liveJson';

/** The message's data (server/events/catalog.ts ReconChangedEvent, through openapi.d.ts). */
export type ReconChangedEvent = components['schemas']['ReconChangedEvent'];

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * A `recon.changed` message's data, or null when it is not one. The kind of change is taken as it comes (a newer server
 * may name one this console does not know): the pages here only read the subject and the ids.
 */
export function parseReconEvent(data: string): ReconChangedEvent | null {
  const e = jsonObject(data);
  if (!e) return null;
  if ((e.subject !== 'job' && e.subject !== 'difference') || typeof e.jobId !== 'string' || typeof e.at !== 'number') return null;
  const differenceId = typeof e.differenceId === 'string' ? e.differenceId : null;
  if (e.subject === 'difference' && differenceId === null) return null;
  return { type: 'recon.changed', subject: e.subject, change: text(e.change) as ReconChangedEvent['change'], jobId: e.jobId, differenceId, channel: text(e.channel), day: text(e.day), status: text(e.status), at: e.at };
}

/** Whether a change concerns this job's page: the job itself, or one of its differences. */
export const concernsJob = (event: ReconChangedEvent, jobId: string): boolean => event.jobId === jobId;

/** Whether a change is the job's own (its status moved), not one of its differences'. */
export const isJobChange = (event: ReconChangedEvent): boolean => event.subject === 'job';

/** Whether a change concerns this difference's page. */
export const concernsDifference = (event: ReconChangedEvent, differenceId: string): boolean => event.subject === 'difference' && event.differenceId === differenceId;
