import { describe, expect, it } from 'vitest';
import { cronProblem, followingOccurrence, nextOccurrence, occurrencesBetween } from './occurrences.ts';

const at = (iso: string) => Date.parse(iso);
// The quarterly switchover drill: 09:00 Shanghai on the 15th of March, June, September and December.
const quarterly = { kind: 'cron', cron: '0 9 15 3,6,9,12 *', zone: 'Asia/Shanghai' } as const;

describe('drill occurrences', () => {
  it('reads the cron expression on the site clock', () => {
    expect(new Date(nextOccurrence(quarterly, at('2026-12-01T00:00:00Z'))!).toISOString()).toBe('2026-12-15T01:00:00.000Z');
    expect(new Date(nextOccurrence({ ...quarterly, zone: 'UTC' }, at('2026-12-01T00:00:00Z'))!).toISOString()).toBe('2026-12-15T09:00:00.000Z');
  });

  it('lists the coming occurrences inside a range, at most count', () => {
    const list = occurrencesBetween(quarterly, at('2026-12-01T00:00:00Z'), at('2027-12-31T00:00:00Z'), 10).map((ms) => new Date(ms).toISOString().slice(0, 10));
    expect(list).toEqual(['2026-12-15', '2027-03-15', '2027-06-15', '2027-09-15', '2027-12-15']);
    expect(occurrencesBetween(quarterly, at('2026-12-01T00:00:00Z'), at('2027-12-31T00:00:00Z'), 2)).toHaveLength(2);
  });

  it('a one-off drill has one occurrence, none once past', () => {
    const once = { kind: 'once', at: at('2026-12-20T02:00:00Z') } as const;
    expect(nextOccurrence(once, at('2026-12-01T00:00:00Z'))).toBe(once.at);
    expect(nextOccurrence(once, once.at)).toBeNull();
    expect(followingOccurrence(once, once.at, once.at + 1)).toBeNull();
  });

  it('after a worker outage across several occurrences, the next is the first after now (one late run, not one per miss)', () => {
    const weekly = { kind: 'cron', cron: '0 10 * * 1', zone: 'Asia/Shanghai' } as const;
    const due = at('2026-11-02T02:00:00Z');
    const next = followingOccurrence(weekly, due, at('2026-11-20T00:00:00Z'));
    expect(new Date(next!).toISOString()).toBe('2026-11-23T02:00:00.000Z');
  });

  it('refuses what is not a cron expression, or never runs', () => {
    expect(cronProblem('0 9 15 3,6,9,12 *', 'Asia/Shanghai', 0)).toBeNull();
    expect(cronProblem('every quarter', 'Asia/Shanghai', 0)?.code).toBe('cronInvalid');
    expect(cronProblem('0 0 31 2 *', 'Asia/Shanghai', 0)).toMatchObject({ code: 'cronInvalid', params: { detail: 'it never runs' } });
  });
});
