import { describe, expect, it } from 'vitest';
import { deviceFieldProblems, findCycle, isCalendarDate } from './device-fields.ts';

describe('device fields', () => {
  it('accepts real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-05')).toBe(false);
    expect(isCalendarDate('20260105')).toBe(false);
  });

  it('names every bad field', () => {
    const problems = deviceFieldProblems({ code: '-bad', type: 'toaster', subsystem: 'coffee', ip: '10.0.0.256', installDate: '2026-02-30', warrantyEnd: '2027-01-01' });
    expect(problems.map((p) => p.field)).toEqual(['code', 'type', 'subsystem', 'ip', 'installDate']);
    expect(deviceFieldProblems({ code: 'POS-C1-017', type: 'pos', subsystem: 'consumption', ip: 'fe80::1', installDate: null })).toEqual([]);
  });

  it('finds a loop through the upstream chain and stops on one it is not part of', async () => {
    const up: Record<string, string | null> = { a: 'b', b: 'c', c: null, x: 'y', y: 'x' };
    const lookup = async (n: string) => up[n] ?? null;
    expect(await findCycle('c', 'a', lookup)).toEqual(['c', 'a', 'b', 'c']);
    expect(await findCycle('d', 'a', lookup)).toBeNull();
    expect(await findCycle('a', 'a', lookup)).toEqual(['a', 'a']);
    expect(await findCycle('d', 'x', lookup)).toBeNull();
  });
});
