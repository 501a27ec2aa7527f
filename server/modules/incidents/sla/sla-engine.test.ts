import { describe, expect, it } from 'vitest';
import { OFFICE } from '../../calendar/calendar.testing.ts';
import { instantOf, localPartsOf, ROUND_THE_CLOCK, type WorkingCalendar } from '../../calendar/index.ts';
import type { SlaClock } from '../workflow/model.ts';
import {
  applyClockAction,
  fromSlaRow,
  markBreached,
  markWarned,
  retarget,
  SlaClockError,
  slaNoticesDue,
  slaStanding,
  startTarget,
  toSlaRow,
  type SlaTargetState,
} from './sla-engine.ts';

/** 'YYYY-MM-DD HH:MM' in Shanghai → instant, and back with the weekday. */
const at = (local: string): number => {
  const [y, mo, d, h, mi] = local.split(/[- :]/).map(Number);
  return instantOf({ year: y!, month: mo!, day: d!, hour: h!, minute: mi! }, 'Asia/Shanghai');
};
const show = (ms: number | null): string => {
  if (ms === null) return 'null';
  const p = localPartsOf(ms, 'Asia/Shanghai');
  return `${p.date} ${p.weekday} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};
const WARN = 0.75;
const HOUR = 60;

const act = (state: SlaTargetState, action: 'stop' | 'pause' | 'resume' | 'restart', local: string, clock: SlaClock = state.clock) =>
  applyClockAction(state, { clock, action, at: at(local) }, WARN);

describe('SLA targets on the 工作日 calendar (issue 11)', () => {
  it('opened 16:30 on Friday 2026-10-09 with 2 business hours: due 09:30 on the make-up Saturday 10-10, not Monday', () => {
    const s = startTarget('respond', { minutes: 2 * HOUR }, OFFICE, at('2026-10-09 16:30'), WARN, 'cal-office');
    expect(show(s.dueAt)).toBe('2026-10-10 sat 09:30');
    // 75 % of 120 minutes is 90: all of Friday's last hour and a half, so the warning is at Friday's close
    expect(show(s.warnAt)).toBe('2026-10-09 fri 18:00');
    expect(s).toMatchObject({ status: 'running', calendarId: 'cal-office', pauses: [], pausedAt: null, stoppedAt: null, elapsedMinutes: null, met: null });

    expect(slaStanding(s, at('2026-10-09 17:00'))).toEqual({ elapsedMinutes: 30, remainingMinutes: 90, shareUsed: 0.25, standing: 'ok' });
    expect(slaStanding(s, at('2026-10-09 23:00'))).toMatchObject({ elapsedMinutes: 90, standing: 'warning' });
    expect(slaStanding(s, at('2026-10-10 09:31'))).toMatchObject({ elapsedMinutes: 121, remainingMinutes: -1, standing: 'breached' });

    const answered = act(s, 'stop', '2026-10-10 09:30');
    expect(answered).toMatchObject({ status: 'stopped', elapsedMinutes: 120, met: true });
    expect(show(answered.stoppedAt)).toBe('2026-10-10 sat 09:30');
    expect(slaStanding(answered, at('2026-12-01 00:00'))).toEqual({ elapsedMinutes: 120, remainingMinutes: 0, shareUsed: 1, standing: 'met' });
    // a minute later is a breach
    expect(act(s, 'stop', '2026-10-10 09:31')).toMatchObject({ elapsedMinutes: 121, met: false });
  });

  it('opened at 17:00 on 2026-09-30, the eve of National Day, with 1 business day: due at 18:00 on Thursday 10-08', () => {
    const s = startTarget('on_site', { businessDays: 1 }, OFFICE, at('2026-09-30 17:00'), WARN);
    // the day it opens does not count; 10-01 to 10-07 are holidays; 10-08 is the first business day after it
    expect(show(s.dueAt)).toBe('2026-10-08 thu 18:00');
    // the budget is 600 business minutes (1 h on 09-30, 9 h on 10-08); 75 % of it is 450: 09:00 + 6 h 30 on 10-08
    expect(show(s.warnAt)).toBe('2026-10-08 thu 15:30');
    expect(slaStanding(s, at('2026-10-05 12:00'))).toMatchObject({ elapsedMinutes: 60, remainingMinutes: 540, standing: 'ok' });
    // on site at 10:00 on 10-08: 2 business hours used of 10
    expect(act(s, 'stop', '2026-10-08 10:00')).toMatchObject({ elapsedMinutes: 120, met: true });
  });

  it('pauses while waiting for the customer across a night: the due instant stays while paused and moves on resume', () => {
    const opened = startTarget('respond', { minutes: 2 * HOUR }, OFFICE, at('2026-11-16 17:00'), WARN); // Monday
    expect(show(opened.dueAt)).toBe('2026-11-17 tue 10:00');
    const paused = act(opened, 'pause', '2026-11-16 17:30');
    expect(paused).toMatchObject({ status: 'paused', pausedAt: at('2026-11-16 17:30'), dueAt: opened.dueAt, warnAt: opened.warnAt });
    // in the morning, still waiting: the badge says paused, with the 30 minutes used before the pause
    expect(slaStanding(paused, at('2026-11-17 10:30'))).toEqual({ elapsedMinutes: 30, remainingMinutes: 90, shareUsed: 0.25, standing: 'paused' });

    const resumed = act(paused, 'resume', '2026-11-17 10:00');
    expect(resumed.pauses).toEqual([[at('2026-11-16 17:30'), at('2026-11-17 10:00')]]);
    expect(resumed.pausedAt).toBeNull();
    // 90 minutes left from 10:00
    expect(show(resumed.dueAt)).toBe('2026-11-17 tue 11:30');
    expect(show(resumed.warnAt)).toBe('2026-11-17 tue 11:00');
    const stopped = act(resumed, 'stop', '2026-11-17 11:00');
    expect(stopped).toMatchObject({ elapsedMinutes: 90, met: true });
  });

  it('a clock stopped while paused (resolved while waiting) closes the pause at the stop', () => {
    const s = act(act(startTarget('resolve', { minutes: 8 * HOUR }, OFFICE, at('2026-11-16 10:00'), WARN), 'pause', '2026-11-16 12:00'), 'stop', '2026-11-18 12:00');
    expect(s.pauses).toEqual([[at('2026-11-16 12:00'), at('2026-11-18 12:00')]]);
    expect(s).toMatchObject({ status: 'stopped', pausedAt: null, elapsedMinutes: 120, met: true });
    // the due instant with the whole pause: 6 business hours from Wednesday noon
    expect(show(s.dueAt)).toBe('2026-11-18 wed 18:00');
  });

  it('a pause that begins after the due instant keeps the badge red', () => {
    const s = act(startTarget('respond', { minutes: 30 }, ROUND_THE_CLOCK, at('2026-11-16 10:00'), WARN), 'pause', '2026-11-16 11:00');
    expect(slaStanding(s, at('2026-11-16 12:00'))).toMatchObject({ elapsedMinutes: 60, standing: 'breached' });
    expect(act(s, 'stop', '2026-11-16 13:00')).toMatchObject({ elapsedMinutes: 60, met: false });
  });

  it('reopened after resolution: the resolution clock runs again with its elapsed time, the time it was resolved not counting', () => {
    const opened = startTarget('resolve', { minutes: 8 * HOUR }, OFFICE, at('2026-11-16 10:00'), WARN); // level 2: 8 business hours
    expect(show(opened.dueAt)).toBe('2026-11-16 mon 18:00');
    const resolved = act(opened, 'stop', '2026-11-16 15:00');
    expect(resolved).toMatchObject({ elapsedMinutes: 300, met: true });

    const reopened = act(resolved, 'restart', '2026-11-17 10:00');
    expect(reopened).toMatchObject({ status: 'running', stoppedAt: null, elapsedMinutes: null, met: null });
    expect(reopened.pauses).toEqual([[at('2026-11-16 15:00'), at('2026-11-17 10:00')]]);
    // 3 business hours were left: from 10:00 Tuesday
    expect(show(reopened.dueAt)).toBe('2026-11-17 tue 13:00');
    expect(slaStanding(reopened, at('2026-11-17 11:00'))).toMatchObject({ elapsedMinutes: 360, remainingMinutes: 120, standing: 'warning' });

    const again = act(reopened, 'stop', '2026-11-17 14:00');
    expect(again).toMatchObject({ elapsedMinutes: 540, met: false });
    expect(slaStanding(again, at('2026-11-18 09:00')).standing).toBe('breached');
  });

  it('a level change recomputes a running target from its original start, pauses included, and leaves a stopped one as it was', () => {
    // level 3 → major incident (level 1): resolve from 3 business days to 4 hours round the clock
    const level3 = startTarget('resolve', { businessDays: 3 }, OFFICE, at('2026-11-16 10:00'), WARN, 'office');
    expect(show(level3.dueAt)).toBe('2026-11-19 thu 18:00');
    const major = retarget(level3, { minutes: 4 * HOUR }, ROUND_THE_CLOCK, WARN, 'always');
    expect(major).toMatchObject({ target: { minutes: 240 }, calendarId: 'always', calendar: ROUND_THE_CLOCK, startedAt: level3.startedAt, status: 'running' });
    expect(show(major.dueAt)).toBe('2026-11-16 mon 14:00');
    expect(show(major.warnAt)).toBe('2026-11-16 mon 13:00');

    // level 2 → 1 after a pause over the night: 1 h before the pause, 3 h after it
    const waited = act(act(startTarget('resolve', { minutes: 8 * HOUR }, OFFICE, at('2026-11-16 10:00'), WARN), 'pause', '2026-11-16 11:00'), 'resume', '2026-11-17 10:00');
    expect(show(retarget(waited, { minutes: 4 * HOUR }, ROUND_THE_CLOCK, WARN).dueAt)).toBe('2026-11-17 tue 13:00');

    // while paused: the closed pauses only; the open one is added on resume
    const pausedAgain = act(waited, 'pause', '2026-11-17 10:30');
    const retargeted = retarget(pausedAgain, { minutes: 4 * HOUR }, ROUND_THE_CLOCK, WARN);
    expect(retargeted).toMatchObject({ status: 'paused', pausedAt: at('2026-11-17 10:30') });
    expect(show(retargeted.dueAt)).toBe('2026-11-17 tue 13:00');
    expect(show(act(retargeted, 'resume', '2026-11-17 11:30').dueAt)).toBe('2026-11-17 tue 14:00');

    const responded = act(startTarget('respond', { minutes: 2 * HOUR }, OFFICE, at('2026-11-16 10:00'), WARN), 'stop', '2026-11-16 11:30');
    expect(retarget(responded, { minutes: 30 }, ROUND_THE_CLOCK, WARN)).toBe(responded);
  });

  it('keeps the calendar as it was when the clock started: a later edit of the calendar rewrites nothing', () => {
    const calendar: WorkingCalendar = structuredClone(OFFICE);
    const s = startTarget('respond', { minutes: 2 * HOUR }, calendar, at('2026-10-09 16:30'), WARN, 'office');
    const closed = act(s, 'stop', '2026-10-10 09:30');
    const stored = toSlaRow(closed);

    // the campus closes on the make-up Saturday after all: the calendar's stored value changes
    calendar.customDates = { '2026-10-10': { working: false } };
    const edited: WorkingCalendar = { ...OFFICE, customDates: { '2026-10-10': { working: false } } };
    expect(show(startTarget('respond', { minutes: 2 * HOUR }, edited, at('2026-10-09 16:30'), WARN).dueAt)).toBe('2026-10-12 mon 09:30');

    // the stored result, read back, and a level change offered the edited calendar: unchanged
    const reread = fromSlaRow(stored);
    expect(reread).toEqual(closed);
    expect(reread.calendar.customDates).toBeUndefined();
    expect(retarget(reread, { minutes: 30 }, edited, WARN)).toBe(reread);
    expect(slaStanding(reread, at('2027-01-01 00:00'))).toMatchObject({ elapsedMinutes: 120, standing: 'met' });

    // a running target keeps its copy too: resumed after the edit, it still counts Saturday
    const live: WorkingCalendar = structuredClone(OFFICE);
    const running = act(startTarget('respond', { minutes: 2 * HOUR }, live, at('2026-10-09 16:30'), WARN), 'pause', '2026-10-09 17:00');
    live.customDates = { '2026-10-10': { working: false } };
    const afterEdit = act(fromSlaRow(toSlaRow(running)), 'resume', '2026-10-09 17:30');
    expect(show(afterEdit.dueAt)).toBe('2026-10-10 sat 10:00');
  });
});

describe('the sweep marks and stored rows', () => {
  it('owes a warning from warnAt and a breach after dueAt, each once', () => {
    const s = startTarget('respond', { minutes: 40 }, ROUND_THE_CLOCK, at('2026-11-16 10:00'), WARN);
    expect(slaNoticesDue(s, at('2026-11-16 10:29'))).toEqual({ warn: false, breach: false });
    expect(slaNoticesDue(s, at('2026-11-16 10:30'))).toEqual({ warn: true, breach: false });
    const warned = markWarned(s, at('2026-11-16 10:30'));
    expect(slaNoticesDue(warned, at('2026-11-16 10:35'))).toEqual({ warn: false, breach: false });
    expect(slaNoticesDue(warned, at('2026-11-16 10:41'))).toEqual({ warn: false, breach: true });
    const breached = markBreached(warned, at('2026-11-16 10:41'));
    expect(slaNoticesDue(breached, at('2026-11-16 12:00'))).toEqual({ warn: false, breach: false });
    expect(markBreached(breached, at('2026-11-16 12:00'))).toBe(breached);
    // a breach found before any warning does not warn afterwards
    expect(slaNoticesDue(markBreached(s, at('2026-11-16 11:00')), at('2026-11-16 11:00'))).toEqual({ warn: false, breach: false });
    // nothing is owed for a paused or stopped clock
    expect(slaNoticesDue(act(s, 'pause', '2026-11-16 10:20'), at('2026-11-16 12:00'))).toEqual({ warn: false, breach: false });
  });

  it('round-trips through the incident_sla columns: JSON text for target, calendar and pauses, 0/1 for met', () => {
    const s = act(act(act(startTarget('resolve', { businessDays: 3 }, OFFICE, at('2026-11-16 10:00'), WARN, 'office'), 'pause', '2026-11-16 11:00'), 'resume', '2026-11-17 10:00'), 'stop', '2026-11-17 11:00');
    const row = toSlaRow(s);
    expect(row).toMatchObject({ clock: 'resolve', target: '{"businessDays":3}', calendar_id: 'office', status: 'stopped', met: 1, elapsed_minutes: 120 });
    expect(JSON.parse(row.pauses)).toEqual([[at('2026-11-16 11:00'), at('2026-11-17 10:00')]]);
    expect(fromSlaRow(row)).toEqual(s);
    // numbers as strings, as a driver without an int8 parser would give them
    const asText = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && k.endsWith('_at') ? String(v) : v]));
    expect(fromSlaRow(asText as unknown as typeof row)).toEqual(s);
    expect(fromSlaRow(toSlaRow(act(s, 'restart', '2026-11-18 09:00')))).toMatchObject({ met: null, elapsedMinutes: null, status: 'running' });
  });
});

describe('what the workflow never asks is refused', () => {
  const s = startTarget('respond', { minutes: 30 }, OFFICE, at('2026-11-16 10:00'), WARN);
  it.each([
    ['resume a running clock', () => act(s, 'resume', '2026-11-16 10:10')],
    ['restart a running clock', () => act(s, 'restart', '2026-11-16 10:10')],
    ['pause a stopped clock', () => act(act(s, 'stop', '2026-11-16 10:10'), 'pause', '2026-11-16 10:20')],
    ['stop twice', () => act(act(s, 'stop', '2026-11-16 10:10'), 'stop', '2026-11-16 10:20')],
    ['start again', () => applyClockAction(s, { clock: 'respond', action: 'start', at: at('2026-11-16 10:10') }, WARN)],
    ["another clock's action", () => act(s, 'stop', '2026-11-16 10:10', 'resolve')],
    ['an action before the start', () => act(s, 'stop', '2026-11-16 09:59')],
    ['a resume before its pause', () => act(act(s, 'pause', '2026-11-16 10:30'), 'resume', '2026-11-16 10:20')],
  ])('%s', (_, attempt) => {
    expect(attempt).toThrow(SlaClockError);
  });

  it('refuses a warning share outside (0, 1)', () => {
    expect(() => startTarget('respond', { minutes: 30 }, OFFICE, at('2026-11-16 10:00'), 1)).toThrow(RangeError);
    expect(() => startTarget('respond', { minutes: 30 }, OFFICE, at('2026-11-16 10:00'), 0)).toThrow(RangeError);
  });
});
