import i18n from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../i18n/en.json';
import zhCN from '../../../i18n/zh-CN.json';
import type { ChecklistStep } from './planApi';
import { StepCard } from './StepCard';

type Tree = { [key: string]: string | Tree };
// The checklist's words while they wait in .i18n-pending (absent once the lead has merged them into the catalogues).
const pending = Object.values(import.meta.glob<{ default: Record<string, Tree> }>('../../../../../.i18n-pending/incident-plan.json', { eager: true }))[0]?.default ?? {};
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

const step = (over: Partial<ChecklistStep>): ChecklistStep => ({
  key: 'standby-system',
  position: 3,
  title: { zh: '启用独立的应急支付系统接管', en: 'Switch to the independent emergency payment system' },
  detail: { zh: '确认接管后终端恢复收费。' },
  role: 'onsite-engineer',
  phase: 'fallback',
  check: null,
  backfill: false,
  status: 'pending',
  assignee: { userId: 'u1', name: '赵工' },
  expectedMinutes: 30,
  elapsedMinutes: null,
  overdue: false,
  startedAt: null,
  startedBy: null,
  doneAt: null,
  doneBy: null,
  skippedAt: null,
  skippedBy: null,
  skipReason: null,
  verified: false,
  version: 2,
  ...over,
});
const card = (s: ChecklistStep, writable = true) => render(<StepCard step={s} index={4} writable={writable} busy={false} onAction={() => undefined} />);

describe('a checklist step card', () => {
  it('shows a pending step with its holder, expected time and the four big buttons', () => {
    const html = card(step({}));
    expect(html).toContain('启用独立的应急支付系统接管');
    expect(html).toContain('确认接管后终端恢复收费。');
    expect(html).toContain('赵工');
    expect(html).toContain('data-status="pending"');
    expect(html).toContain('data-tone="idle"');
    for (const action of ['start', 'done', 'skip', 'reassign']) expect(html).toContain(`data-testid="plan-step-standby-system-${action}"`);
    expect(html).toContain('ant-btn-lg');
    expect(html).not.toContain('<table');
  });

  it('marks an overdue running step, and offers no start again', () => {
    const html = card(step({ status: 'started', elapsedMinutes: 45, overdue: true, startedAt: '2026-12-01T02:00:00Z', startedBy: { userId: 'u1', name: '赵工' } }));
    expect(html).toContain('data-tone="overdue"');
    expect(html).toMatch(/45[^<]*30/);
    expect(html).not.toContain('plan-step-standby-system-start');
    expect(html).toContain('plan-step-standby-system-done');
  });

  it('says opsdesk verified a step its check passed, and who skipped another and why', () => {
    const verified = card(step({ status: 'done', doneAt: '2026-12-01T02:30:00Z', verified: true, check: { kind: 'alert-resolved', rule: 'payment-failure-rate' } }));
    expect(verified).toContain('data-testid="plan-step-standby-system-verified"');
    expect(verified).toContain('data-kind="verified"');
    expect(verified).not.toContain('plan-step-standby-system-done"');
    const skipped = card(step({ status: 'skipped', skippedAt: '2026-12-01T02:10:00Z', skippedBy: { userId: 'u2', name: '钱工' }, skipReason: '已有人工窗口' }));
    expect(skipped).toContain('data-by="钱工"');
    expect(skipped).toContain('已有人工窗口');
  });

  it('marks the back-fill step, and shows no buttons to a reader', () => {
    const html = card(step({ backfill: true, role: 'finance' }), false);
    expect(html).toContain('plan-step-standby-system-backfill');
    expect(html).not.toContain('<button');
  });

  it('reads in English with the Chinese kept where the plan has no English', async () => {
    await instance.changeLanguage('en');
    try {
      const html = card(step({}));
      expect(html).toContain('Switch to the independent emergency payment system');
      expect(html).toContain('确认接管后终端恢复收费。');
    } finally {
      await instance.changeLanguage('zh-CN');
    }
  });
});
