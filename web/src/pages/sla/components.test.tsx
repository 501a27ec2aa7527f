import { App, Form } from 'antd';
import type { i18n as I18n } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { CalendarYearView } from './CalendarYearView';
import { RangesField } from './RangesField';
import type { WorkingCalendar } from './slaApi';
import { testI18n } from './testing';
import { HOLIDAYS_KNOWN_UNTIL } from './yearView';

let zh: I18n;
let en: I18n;
beforeAll(async () => {
  ({ i18n: zh } = await testI18n('zh-CN'));
  ({ i18n: en } = await testI18n('en'));
});

const render = (node: React.ReactNode, i18n = zh) =>
  renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <App>{node}</App>
    </I18nextProvider>,
  );

const NINE_TO_SIX = [['09:00', '18:00']];
const workingDays: WorkingCalendar = {
  zone: 'Asia/Shanghai',
  weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX, sat: [], sun: [] },
  chinaHolidays: true,
  customDates: { '2026-07-01': { working: false } },
};

/** The attributes of the day cell for `date` in some markup. */
const cell = (html: string, date: string) => new RegExp(`<div title="([^"]*)" data-testid="year-day-${date}" data-kind="(\\w+)"`).exec(html);

describe('the year view', () => {
  it('draws every day with its kind, the public holiday’s name and the hours in its title', () => {
    const html = render(<CalendarYearView calendar={workingDays} year={2026} onYear={() => undefined} />);
    expect(html.match(/data-testid="year-day-/g)).toHaveLength(365);
    expect(cell(html, '2026-10-01')?.slice(1)).toEqual(['2026-10-01 · 法定节假日 · 国庆节 · 不工作', 'holiday']);
    expect(cell(html, '2026-10-10')?.slice(1)).toEqual(['2026-10-10 · 调休上班 · 国庆节 · 09:00–18:00', 'makeUpWorkday']);
    expect(cell(html, '2026-07-01')?.[2]).toBe('customClosed');
    expect(cell(html, '2026-10-11')?.[2]).toBe('restDay');
    expect(cell(html, '2026-10-12')?.[2]).toBe('workday');
    // 休 / 班 marks, and the legend's counts.
    expect(html).toContain('>休</span>');
    expect(html).toContain('>班</span>');
    expect(html).toMatch(/data-testid="year-count-makeUpWorkday"[^>]*>调休上班 6</);
    expect(html).not.toContain('data-testid="year-unknown"');
  });

  it('names holidays in English, and warns on a year the package does not know', () => {
    const html = render(<CalendarYearView calendar={workingDays} year={2026} onYear={() => undefined} />, en);
    expect(cell(html, '2026-10-01')?.[1]).toBe('2026-10-01 · Public holiday · National Day · Closed');
    const later = render(<CalendarYearView calendar={workingDays} year={HOLIDAYS_KNOWN_UNTIL + 1} onYear={() => undefined} />);
    expect(later).toContain('data-testid="year-unknown"');
    expect(cell(later, `${HOLIDAYS_KNOWN_UNTIL + 1}-10-01`)?.[2]).not.toBe('holiday');
  });
});

describe('a day’s ranges in the editor', () => {
  const day = (ranges: string[][]) =>
    render(
      <Form initialValues={{ calendar: { weekly: { mon: ranges } } }}>
        <RangesField name={['calendar', 'weekly', 'mon']} testId="weekly-mon" />
      </Form>,
    );

  it('shows each range as two times with a remove button, and offers the next hour after the last', () => {
    const html = day([['08:30', '12:00'], ['13:30', '17:30']]);
    expect(html).toContain('data-testid="weekly-mon-0-start"');
    expect(html).toMatch(/value="13:30"[^>]*data-testid="weekly-mon-1-start"|data-testid="weekly-mon-1-start"[^>]*value="13:30"/);
    expect(html).toContain('data-testid="weekly-mon-1-remove"');
    expect(html).toContain('data-testid="weekly-mon-add"');
  });

  it('says a day without ranges is closed, and offers no more once the day runs to midnight', () => {
    expect(day([])).toContain('不工作');
    expect(day([['00:00', '24:00']])).not.toContain('data-testid="weekly-mon-add"');
  });
});
