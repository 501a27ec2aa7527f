import i18n from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import zhCN from '../../i18n/zh-CN.json';
import { AlertBadges, LevelTag } from './AlertTags';
import { LevelCounts } from './LevelCounts';

beforeAll(async () => {
  await i18n.use(initReactI18next).init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN } }, showSupportNotice: false });
});

const render = (node: React.ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

describe('alert tags', () => {
  it('name the level in words, 一级 in red', () => {
    const html = render(<LevelTag level={1} testId="lv" />);
    expect(html).toContain('一级');
    expect(html).toMatch(/ant-tag-red|ant-tag-color-red/);
    expect(render(<LevelTag level={3} />)).toContain('三级');
  });

  it('mark a flapping or suppressed alert, and nothing on a plain one', () => {
    expect(render(<AlertBadges alert={{ id: 'a', flapping: true, suppressedBy: 'maintenance:device:POS-1' }} />)).toMatch(/抖动[\s\S]*维护中/);
    expect(render(<AlertBadges alert={{ id: 'a', flapping: false, suppressedBy: 'silence:01J' }} />)).toContain('已静默');
    expect(render(<AlertBadges alert={{ id: 'a', flapping: false, suppressedBy: null }} />)).toBe('');
  });
});

describe('level counts', () => {
  const counts = { byLevel: { '1': 2, '2': 0, '3': 7 }, bySite: [], bySubsystem: [] };

  it('show the open alerts per level, the chosen level pressed', () => {
    const html = render(<LevelCounts counts={counts} selected={[3]} onSelect={() => undefined} />);
    expect(html).toMatch(/data-testid="alert-count-1-value"[^>]*color:#cf1322[^>]*><strong>2</);
    // a level with nothing open is not coloured
    expect(html).toMatch(/data-testid="alert-count-2-value"[^>]*style="font-size:26px"><strong>0</);
    expect(html).toMatch(/aria-pressed="true"[^>]*data-testid="alert-count-3"|data-testid="alert-count-3"[^>]*aria-pressed="true"/);
    expect(html).toContain('未恢复一级告警');
  });

  it('show a dash, not zero, before the counts are in', () => {
    const html = render(<LevelCounts counts={undefined} selected={[]} onSelect={() => undefined} />);
    expect(html).toMatch(/data-testid="alert-count-1-value"[^>]*><strong>–</);
  });
});
