import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router-dom';
import { beforeAll, describe, expect, it } from 'vitest';
import { IncidentLevelTag, IncidentStateTag, MajorBadge, SlaCell } from './IncidentTags';
import { SlaClocks } from './SlaClocks';
import { sampleIncident, target, testI18n } from './testing';

let i18n: Awaited<ReturnType<typeof testI18n>>['i18n'];
beforeAll(async () => {
  ({ i18n } = await testI18n('zh-CN'));
});

const render = (node: React.ReactNode) =>
  renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <MemoryRouter>{node}</MemoryRouter>
    </I18nextProvider>,
  );

describe('incident tags', () => {
  it('name the level and the state in the workflow’s words', () => {
    const level = render(<IncidentLevelTag level={1} testId="lv" />);
    expect(level).toContain('一级');
    expect(level).toMatch(/ant-tag-red|ant-tag-color-red/);
    expect(render(<IncidentStateTag state="waiting" />)).toContain('挂起等待');
  });

  it('mark a major incident, and say when its update to the client is overdue', () => {
    const major = { declaredAt: '2026-12-01T01:00:00.000Z', reason: '全校停电', lastCommunicationAt: null, communicationDueAt: null, communicationOverdue: true };
    expect(render(<MajorBadge incident={{ id: 'i1', major }} />)).toContain('重大事件 · 通报逾期');
    expect(render(<MajorBadge incident={{ id: 'i1', major: null }} />)).toBe('');
  });

  it('show the list’s countdown of the first running clock, coloured by its standing', () => {
    const incident = sampleIncident({ sla: [target({ status: 'stopped', standing: 'met' }), target({ clock: 'on_site', standing: 'warning', remainingMinutes: 8 })] });
    const html = render(<SlaCell incident={incident} />);
    expect(html).toContain('data-clock="on_site"');
    expect(html).toContain('data-standing="warning"');
    expect(html).toMatch(/ant-tag-warning|ant-tag-color-warning/);
    expect(html).toContain('到场 · 剩余 8 分钟');
  });
});

describe('the incident page’s pieces', () => {
  it('draw the three SLA clocks with their due instants (Asia/Shanghai) and business minutes', () => {
    const html = render(<SlaClocks sla={sampleIncident().sla} />);
    expect(html).toContain('响应时限');
    expect(html).toContain('剩余 25 分钟');
    expect(html).toContain('到场时限');
    expect(html).toContain('剩余 1 小时 50 分');
    expect(html).toContain('响应截止：2026-12-01 09:30:00');
    expect(html).toContain('已计 5 分钟（工作时间）');
  });
});
