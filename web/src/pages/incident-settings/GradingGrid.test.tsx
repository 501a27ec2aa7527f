import { App, Form } from 'antd';
import type { i18n as I18n } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { testI18n } from '../sla/testing';
import { GradingGrid } from './GradingGrid';

let i18n: I18n;
beforeAll(async () => {
  ({ i18n } = await testI18n('zh-CN'));
});

const grading = { high: { high: 1, medium: 1, low: 2 }, medium: { high: 1, medium: 2, low: 3 }, low: { high: 2, medium: 3, low: 3 } };

const render = (disabled: boolean) =>
  renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <App>
        <Form initialValues={{ grading }}>
          <GradingGrid disabled={disabled} />
        </Form>
      </App>
    </I18nextProvider>,
  );

describe('the grading grid', () => {
  it('lays impact down and urgency across, each cell showing its level', () => {
    const html = render(false);
    const levels = [...html.matchAll(/data-testid="grading-(\w+)-(\w+)" data-level="(\d)"/g)].map((m) => `${m[1]}.${m[2]}=${m[3]}`);
    expect(levels).toEqual(['high.high=1', 'high.medium=1', 'high.low=2', 'medium.high=1', 'medium.medium=2', 'medium.low=3', 'low.high=2', 'low.medium=3', 'low.low=3']);
    expect(html).toContain('大：大量用户或关键业务');
    expect(html).toContain('一级');
    expect(html).not.toContain('ant-select-disabled');
  });

  it('is read-only for someone who cannot change the settings', () => {
    expect(render(true).match(/ant-select-disabled/g)).toHaveLength(9);
  });
});
