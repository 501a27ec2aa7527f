import { describe, expect, it } from 'vitest';
import { gradeOf, leadingTarget, orderedTargets, splitMinutes } from './incidentValues';
import { formatBusinessMinutes, slaCountdown } from './slaText';
import { target, testI18n } from './testing';

describe('grading hint', () => {
  it('follows issue 11’s default matrix, diagonal by diagonal', () => {
    expect(gradeOf('high', 'high')).toBe(1);
    expect(gradeOf('high', 'medium')).toBe(1);
    expect(gradeOf('medium', 'high')).toBe(1);
    expect(gradeOf('high', 'low')).toBe(2);
    expect(gradeOf('medium', 'medium')).toBe(2);
    expect(gradeOf('low', 'high')).toBe(2);
    expect(gradeOf('medium', 'low')).toBe(3);
    expect(gradeOf('low', 'medium')).toBe(3);
    expect(gradeOf('low', 'low')).toBe(3);
    expect(gradeOf(undefined, 'high')).toBeNull();
  });
});

describe('the leading SLA target', () => {
  it('is the first clock still running, in the workflow’s order whatever the server’s', () => {
    const sla = [target({ clock: 'resolve' }), target({ clock: 'on_site' }), target({ clock: 'respond', status: 'stopped', standing: 'met' })];
    expect(orderedTargets(sla).map((s) => s.clock)).toEqual(['respond', 'on_site', 'resolve']);
    expect(leadingTarget(sla)?.clock).toBe('on_site');
  });

  it('is a paused clock while waiting, and the resolution’s result once all have stopped', () => {
    expect(leadingTarget([target({ status: 'stopped' }), target({ clock: 'resolve', status: 'paused', standing: 'paused' })])?.clock).toBe('resolve');
    const stopped = [target({ status: 'stopped', standing: 'met' }), target({ clock: 'resolve', status: 'stopped', standing: 'breached' })];
    expect(leadingTarget(stopped)).toMatchObject({ clock: 'resolve', standing: 'breached' });
    expect(leadingTarget([])).toBeNull();
  });
});

describe('SLA countdowns in words', () => {
  it('split business minutes into hours and minutes, the sign dropped', () => {
    expect(splitMinutes(125)).toEqual({ hours: 2, minutes: 5 });
    expect(splitMinutes(-40)).toEqual({ hours: 0, minutes: 40 });
  });

  it('say what is left, how late, paused, or the result with the time it took', async () => {
    const { t } = await testI18n('zh-CN');
    expect(formatBusinessMinutes(t, 65)).toBe('1 小时 5 分');
    expect(slaCountdown(t, target({ remainingMinutes: 25 }))).toBe('剩余 25 分钟');
    expect(slaCountdown(t, target({ remainingMinutes: -90, standing: 'breached' }))).toBe('超时 1 小时 30 分');
    expect(slaCountdown(t, target({ status: 'paused', standing: 'paused', remainingMinutes: 10 }))).toBe('剩余 10 分钟（暂停中）');
    expect(slaCountdown(t, target({ status: 'stopped', standing: 'met', elapsedMinutes: 12 }))).toBe('已达成，用时 12 分钟');
    const english = (await testI18n('en')).t;
    expect(slaCountdown(english, target({ remainingMinutes: -5, standing: 'breached' }))).toBe('5 min overdue');
  });
});
