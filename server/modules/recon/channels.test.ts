import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS, dayWindow, defaultChannelRow, inputSpan, settingsOf } from './channels.ts';
import { neutralise } from './exports.ts';

describe('business days per side', () => {
  it('a day that ends at midnight is the calendar day; one that ends at 23:00 starts at 23:00 the evening before', () => {
    expect(dayWindow('2026-11-30', { time: '00:00', timeZone: 'Asia/Shanghai' })).toEqual({ from: Date.parse('2026-11-29T16:00:00Z'), to: Date.parse('2026-11-30T16:00:00Z') });
    expect(dayWindow('2026-11-30', { time: '23:00', timeZone: 'Asia/Shanghai' })).toEqual({ from: Date.parse('2026-11-29T15:00:00Z'), to: Date.parse('2026-11-30T15:00:00Z') });
    // A zone with daylight saving: the day before the change is 23 hours long.
    const berlin = dayWindow('2026-03-29', { time: '00:00', timeZone: 'Europe/Berlin' });
    expect(berlin.to - berlin.from).toBe(23 * 3_600_000);
  });

  it("a job's inputs reach from the earlier side's start to the later side's end, widened by the carry window", () => {
    const wechat = settingsOf(defaultChannelRow(DEFAULT_CHANNELS[0]!, 0));
    expect(wechat).toMatchObject({ left: ['ledger'], right: ['wechat'], carryWindowMinutes: 30, autoConfirmScore: 0.9, tolerances: { amountPct: 0, timeWindowMs: 300_000 } });
    expect(inputSpan('2026-11-30', wechat)).toEqual({ from: Date.parse('2026-11-29T14:30:00Z'), to: Date.parse('2026-11-30T16:30:00Z') });
  });
});

describe('export cells', () => {
  it('prefixes text that a spreadsheet would run as a formula, and leaves numbers alone', () => {
    expect(['=SUM(A1)', '+1', '-1+2', '@cmd', '\tx', '\rx', 'M001', '', null, -500, 12].map(neutralise)).toEqual(["'=SUM(A1)", "'+1", "'-1+2", "'@cmd", "'\tx", "'\rx", 'M001', '', null, -500, 12]);
  });
});
