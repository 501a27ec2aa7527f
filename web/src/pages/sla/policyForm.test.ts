import { beforeAll, describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { testI18n } from './testing';
import { targetText } from './calendarText';
import { formToPolicy, policyPath, policyToForm, targetOf, targetValues } from './policyForm';
import { previewBeyondHolidays, previewSentence } from './previewText';
import type { SlaPolicy, SlaPreview } from './slaApi';

const always = (minutes: number) => ({ target: { minutes }, calendarId: 'c7x24' });
const office = (target: { minutes: number } | { businessDays: number }) => ({ target, calendarId: 'cwork' });
const defaults: SlaPolicy = {
  id: 'p1',
  name: '默认 SLA',
  description: null,
  targets: {
    '1': { respond: always(30), on_site: always(60), resolve: always(240) },
    '2': { respond: always(30), on_site: always(240), resolve: office({ minutes: 480 }) },
    '3': { respond: office({ minutes: 120 }), on_site: office({ businessDays: 1 }), resolve: office({ businessDays: 3 }) },
  },
  warnShare: 0.75,
  siteIds: null,
  position: 10,
  version: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

let t: TFunction;
beforeAll(async () => {
  ({ t } = await testI18n('zh-CN'));
});

describe('the SLA policy editor', () => {
  it('shows whole hours as hours, other minutes as minutes, and business days as they are', () => {
    expect(targetValues({ minutes: 240 }, 'c')).toEqual({ amount: 4, unit: 'hours', calendarId: 'c' });
    expect(targetValues({ minutes: 90 }, 'c')).toEqual({ amount: 90, unit: 'minutes', calendarId: 'c' });
    expect(targetValues({ minutes: 0 }, 'c')).toEqual({ amount: 0, unit: 'minutes', calendarId: 'c' });
    expect(targetValues({ businessDays: 3 }, 'c')).toEqual({ amount: 3, unit: 'businessDays', calendarId: 'c' });
    expect(targetOf({ amount: 1.5, unit: 'hours' })).toEqual({ minutes: 90 });
    expect(targetOf({ amount: 2, unit: 'businessDays' })).toEqual({ businessDays: 2 });
  });

  it('round-trips the default policy through the 3×3 table', () => {
    const form = policyToForm(defaults);
    expect(form.targets['3'].on_site).toEqual({ amount: 1, unit: 'businessDays', calendarId: 'cwork' });
    expect(form.warnSharePercent).toBe(75);
    expect(formToPolicy(form)).toEqual({ name: '默认 SLA', description: null, targets: defaults.targets, warnShare: 0.75, siteIds: null, position: 10 });
  });

  it('starts a new policy as a copy of the first one’s targets, or empty on a calendar', () => {
    const copy = policyToForm(null, defaults);
    expect(copy.name).toBe('');
    expect(copy.targets['2'].resolve).toEqual({ amount: 8, unit: 'hours', calendarId: 'cwork' });
    const body = formToPolicy({ ...copy, name: '图书馆', siteIds: ['s1'] });
    expect(body.siteIds).toEqual(['s1']);
    expect(body).not.toHaveProperty('position');
    expect(policyToForm(null, undefined, 'cwork').targets['1'].respond).toEqual({ amount: null, unit: 'hours', calendarId: 'cwork' });
  });

  it('puts the server’s problems on the cell they name', () => {
    expect(policyPath(['targets', 1, 'respond', 'target', 'minutes'])).toEqual(['targets', '1', 'respond', 'amount']);
    expect(policyPath(['targets', 3, 'on_site', 'target'])).toEqual(['targets', '3', 'on_site', 'amount']);
    expect(policyPath(['targets', 2, 'resolve', 'calendarId'])).toEqual(['targets', '2', 'resolve', 'calendarId']);
    expect(policyPath(['warnShare'])).toEqual(['warnSharePercent']);
    expect(policyPath(['siteIds', 0])).toEqual(['siteIds', 0]);
  });

  it('words targets the way a contract states them', () => {
    expect(targetText(t, { minutes: 30 })).toBe('30 分钟');
    expect(targetText(t, { minutes: 240 })).toBe('4 小时');
    expect(targetText(t, { minutes: 90 })).toBe('1 小时 30 分钟');
    expect(targetText(t, { businessDays: 3 })).toBe('3 个工作日');
  });
});

describe('the preview box', () => {
  const preview: SlaPreview = {
    policyId: 'p1',
    openedAt: '2026-10-09T08:30:00.000Z',
    holidaysKnownUntil: 2026,
    levels: [
      {
        level: '3',
        targets: [
          { clock: 'respond', target: { minutes: 120 }, calendarId: 'cwork', calendarName: '工作日', dueAt: '2026-10-10T01:30:00.000Z', warnAt: '2026-10-10T01:00:00.000Z' },
          { clock: 'on_site', target: { businessDays: 1 }, calendarId: 'cwork', calendarName: '工作日', dueAt: '2026-10-10T10:00:00.000Z', warnAt: '2026-10-10T07:00:00.000Z' },
          { clock: 'resolve', target: { businessDays: 3 }, calendarId: 'cwork', calendarName: '工作日', dueAt: '2027-01-13T10:00:00.000Z', warnAt: '2026-10-13T10:00:00.000Z' },
        ],
      },
    ],
  };

  it('reads out each due instant in Beijing time for the level asked', () => {
    expect(previewSentence(t, preview, '3')).toBe('2026-10-09 16:30 报修 → 2026-10-10 09:30 前响应，2026-10-10 18:00 前到场，2027-01-13 18:00 前解决');
    expect(previewSentence(t, preview, '1')).toBeNull();
  });

  it('says when a due instant lies in a year whose holidays are not known yet', () => {
    expect(previewBeyondHolidays(preview, '3')).toBe(true);
    expect(previewBeyondHolidays({ ...preview, holidaysKnownUntil: 2027 }, '3')).toBe(false);
  });
});
