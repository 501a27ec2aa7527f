import { describe, expect, it } from 'vitest';
import { entriesByDay, localDay, localTime, monthRange, stepActions } from './drillCalendar';
import type { RunSummary, Schedule } from './drillsApi';

const run = (id: string, scheduledFor: string, scheduleId: string | null = null, occurrenceAt: string | null = null) => ({ id, scheduledFor, scheduleId, occurrenceAt }) as RunSummary;
const schedule = (id: string, upcoming: string[], enabled = true) => ({ id, upcoming, enabled }) as Schedule;

describe('the drill calendar', () => {
  it('reads months and days on the campus clock', () => {
    expect(monthRange('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(localDay('2026-12-14T17:00:00Z')).toBe('2026-12-15');
    expect(localTime('2026-12-15T01:00:00.000Z')).toBe('09:00');
  });

  it('shows runs and the occurrences still to come, leaving out those a run already stands for', () => {
    const days = entriesByDay(
      [run('r1', '2026-12-15T01:00:00.000Z', 's1', '2026-12-15T01:00:00.000Z'), run('r2', '2026-12-03T02:00:00.000Z')],
      [schedule('s1', ['2026-12-15T01:00:00.000Z', '2027-03-15T01:00:00.000Z']), schedule('off', ['2026-12-20T01:00:00.000Z'], false)],
    );
    expect([...days.keys()]).toEqual(['2026-12-03', '2026-12-15', '2027-03-15']);
    expect(days.get('2026-12-15')!.map((e) => e.kind)).toEqual(['run']);
    expect(days.get('2027-03-15')!.map((e) => e.kind)).toEqual(['upcoming']);
  });

  it('moves steps only while the drill runs', () => {
    expect(stepActions('pending', 'scheduled')).toEqual([]);
    expect(stepActions('pending', 'running')).toEqual(['start', 'done', 'skip']);
    expect(stepActions('started', 'running')).toEqual(['done', 'skip']);
    expect(stepActions('done', 'running')).toEqual([]);
  });
});
