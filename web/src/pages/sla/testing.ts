/**
 * For the SLA and incident-settings pages' tests: i18next in Chinese or English with the shipped catalogues plus these
 * folders' keys while they wait in .i18n-pending/console-sla.json (none once the lead has merged them).
 */
import i18n, { type TFunction } from 'i18next';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';

type Tree = { [key: string]: string | Tree };

const pending = import.meta.glob<{ default: Record<string, Tree> }>('../../../../.i18n-pending/console-sla.json', { eager: true });

function merge(base: Tree, extra: Tree | undefined): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra ?? {})) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
}

const extra = Object.values(pending)[0]?.default ?? {};

/** The catalogues the tests render with. */
export const catalogues = { 'zh-CN': merge(zhCN as Tree, extra['zh-CN']), en: merge(en as Tree, extra.en) };

/** A fresh i18next instance in `lng`, for pure functions taking a TFunction and for rendering. */
export async function testI18n(lng: 'zh-CN' | 'en' = 'zh-CN') {
  const instance = i18n.createInstance();
  await instance.init({ lng, resources: { 'zh-CN': { translation: catalogues['zh-CN'] }, en: { translation: catalogues.en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
  return { i18n: instance, t: instance.t.bind(instance) as TFunction };
}
