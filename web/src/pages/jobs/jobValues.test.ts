import { describe, expect, it } from 'vitest';
import { isLive, progressPercent, progressStatus } from './jobValues';

describe('job values', () => {
  it('shows progress as a whole percent, full for a done job, none for a job that never reported', () => {
    expect(progressPercent({ status: 'running', progress: 0.257 })).toBe(25);
    expect(progressPercent({ status: 'running', progress: 1 })).toBe(100);
    expect(progressPercent({ status: 'queued', progress: null })).toBeNull();
    expect(progressPercent({ status: 'done', progress: null })).toBe(100);
    expect(progressPercent({ status: 'cancelled', progress: 0.4 })).toBe(40);
  });

  it('moves the bar only while running and marks a failure', () => {
    expect(progressStatus({ status: 'running' })).toBe('active');
    expect(progressStatus({ status: 'failed' })).toBe('exception');
    expect(progressStatus({ status: 'cancelled' })).toBe('normal');
    expect(progressStatus({ status: 'done' })).toBe('success');
  });

  it('keeps fresh only the jobs that can still change', () => {
    expect(['queued', 'running', 'done', 'failed', 'cancelled'].filter((status) => isLive({ status: status as 'queued' }))).toEqual(['queued', 'running']);
  });
});
