import { describe, expect, it, vi } from 'vitest';
import { createLiveBus } from './liveBus';
import { connectLiveStream, type EventSourceLike } from './liveStream';
import { concernsDifference, concernsJob, isJobChange, parseReconEvent } from './reconEvent';

const jobStarted = { type: 'recon.changed', subject: 'job', change: 'started', jobId: 'j1', differenceId: null, channel: 'wechat', day: '2026-11-30', status: 'running', at: 1_700_000_000_000 };
const assigned = { ...jobStarted, subject: 'difference', change: 'assign', differenceId: 'd1', status: 'open' };

describe('recon.changed on the live stream', () => {
  it('is read into an event, a job change without a difference', () => {
    expect(parseReconEvent(JSON.stringify(jobStarted))).toEqual(jobStarted);
    expect(parseReconEvent(JSON.stringify(assigned))).toEqual(assigned);
  });

  it('is refused when it is not one', () => {
    expect(parseReconEvent('not json')).toBeNull();
    expect(parseReconEvent('[1,2]')).toBeNull();
    expect(parseReconEvent(JSON.stringify({ ...jobStarted, subject: 'import' }))).toBeNull();
    expect(parseReconEvent(JSON.stringify({ ...jobStarted, jobId: 7 }))).toBeNull();
    expect(parseReconEvent(JSON.stringify({ ...assigned, differenceId: null }))).toBeNull();
  });

  it('says which page it concerns: the job (itself or its differences) or one difference', () => {
    const job = parseReconEvent(JSON.stringify(jobStarted))!;
    const diff = parseReconEvent(JSON.stringify(assigned))!;
    expect([concernsJob(job, 'j1'), concernsJob(diff, 'j1'), concernsJob(job, 'j2')]).toEqual([true, true, false]);
    expect([isJobChange(job), isJobChange(diff)]).toEqual([true, false]);
    expect([concernsDifference(diff, 'd1'), concernsDifference(diff, 'd2'), concernsDifference(job, 'd1')]).toEqual([true, false, false]);
  });

  it('reaches the pages listening on the bus', () => {
    const bus = createLiveBus();
    const listener = vi.fn();
    bus.onRecon(listener);
    const listeners = new Map<string, (event: MessageEvent<string>) => void>();
    const source: EventSourceLike = { readyState: 1, onopen: null, onerror: null, addEventListener: (type, l) => listeners.set(type, l), close: () => undefined };
    const handle = connectLiveStream({ bus, probeSession: async () => 'ok', createSource: () => source });
    listeners.get('recon.changed')!({ data: JSON.stringify(assigned) } as MessageEvent<string>);
    listeners.get('recon.changed')!({ data: '{}' } as MessageEvent<string>);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]![0]).toMatchObject({ differenceId: 'd1', change: 'assign' });
    handle.close();
  });
});
