import i18n from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../i18n/en.json';
import zhCN from '../../../i18n/zh-CN.json';
import type { FilledTemplate, PlanMessage } from './communicationsApi';
import { TemplateCard } from './PlanCommunications';
import { PlanMessagesSent } from './PlanMessagesSent';

type Tree = { [key: string]: string | Tree };
// This panel's words while they wait in .i18n-pending (absent once the lead has merged them into the catalogues).
const pending = Object.values(import.meta.glob<{ default: Record<string, Tree> }>('../../../../../.i18n-pending/plan-communications.json', { eager: true }))[0]?.default ?? {};
const merge = (base: Tree, extra: Tree | undefined): Tree => {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra ?? {})) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
};

const instance = i18n.createInstance();
beforeAll(async () => {
  await instance.init({
    lng: 'zh-CN',
    resources: { 'zh-CN': { translation: merge(zhCN as Tree, pending['zh-CN']) }, en: { translation: merge(en as Tree, pending.en) } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});
const render = (node: React.ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={instance}>{node}</I18nextProvider>);

const template: FilledTemplate = {
  key: 'client-notice',
  audience: 'client',
  zh: { subject: '【1级】南门闸机离线', body: '预计恢复：{{expectedRecovery}}', missing: ['expectedRecovery'] },
  en: null,
};

const sent: PlanMessage = {
  id: 'm1',
  incidentId: 'i1',
  templateKey: 'client-notice',
  audience: 'client',
  language: 'zh',
  subject: '南门闸机离线',
  body: '已启用手持机验票。',
  recipients: { userIds: ['u1'], onDuty: false, channelIds: ['c1', 'c2'] },
  people: [{ userId: 'u1', name: '张工' }],
  sentBy: { userId: 'u2', name: '李调度' },
  sentAt: '2026-11-10T02:20:00.000Z',
  delivery: { queued: 0, sent: 1, delivered: 1, failed: 0, skipped: 1 },
  receipts: [],
};

describe('plan messages panel', () => {
  it('shows a template’s filled text with the missing facts named, and offers sending only to writers', () => {
    const html = render(<TemplateCard template={template} writable onSend={() => undefined} />);
    expect(html).toContain('data-testid="plan-template-client-notice"');
    expect(html).toContain('【1级】南门闸机离线');
    expect(html).toContain('data-testid="plan-template-client-notice-zh-missing"');
    expect(instance.t('planCommunications.placeholder.expectedRecovery')).toBe('预计恢复时间');
    expect(html).toContain('预计恢复时间');
    expect(html).toContain('data-testid="plan-template-send-client-notice"');
    expect(render(<TemplateCard template={template} writable={false} onSend={() => undefined} />)).not.toContain('plan-template-send-client-notice');
  });

  it('lists what was sent with its delivery summed up, and says when nothing was', () => {
    const html = render(<PlanMessagesSent messages={[sent]} />);
    expect(html).toContain('data-testid="plan-message-m1"');
    expect(html).toContain('南门闸机离线');
    expect(html).toContain('data-testid="plan-message-m1-delivered"');
    expect(html).toContain('data-testid="plan-message-m1-skipped"');
    expect(html).not.toContain('plan-message-m1-queued');
    expect(render(<PlanMessagesSent messages={[]} />)).toContain('data-testid="plan-messages-empty"');
  });
});
