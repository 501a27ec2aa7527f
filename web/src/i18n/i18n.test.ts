import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';

type Tree = { [key: string]: string | Tree };

/** Flattens nested translations into `a.b.c` → value. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of flatten(value, path)) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

const catalogs = { 'zh-CN': flatten(zhCN as Tree), en: flatten(en as Tree) };

describe('translations', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const zhKeys = [...catalogs['zh-CN'].keys()].sort();
    const enKeys = [...catalogs.en.keys()].sort();
    expect(zhKeys.filter((k) => !catalogs.en.has(k)), 'keys missing from en.json').toEqual([]);
    expect(enKeys.filter((k) => !catalogs['zh-CN'].has(k)), 'keys missing from zh-CN.json').toEqual([]);
  });

  for (const [locale, catalog] of Object.entries(catalogs)) {
    it(`${locale} has no empty or non-string values`, () => {
      const bad = [...catalog].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
      expect(bad).toEqual([]);
    });
  }

  it('uses the same {{placeholders}} in both languages', () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    const differing = [...catalogs['zh-CN']]
      .filter(([key, zh]) => JSON.stringify(placeholders(zh)) !== JSON.stringify(placeholders(catalogs.en.get(key))))
      .map(([key]) => key);
    expect(differing).toEqual([]);
  });

  it('labels every permission capability and action', () => {
    const keys = [
      'users:read', 'users:write', 'roles:read', 'roles:write', 'sites:read', 'sites:write', 'tokens:read',
      'tokens:write', 'tokens:admin', 'audit:read', 'audit:verify', 'personal:unmask', 'personal:export',
      'estate:read', 'estate:write', 'ingest:write', 'alerts:read', 'alerts:ack', 'alerts:write', 'notify:read',
      'notify:write', 'oncall:read', 'oncall:write', 'incidents:read', 'incidents:write', 'incidents:assign',
      'incidents:confirm', 'plans:read', 'plans:write', 'recon:read', 'recon:write', 'recon:approve',
      'security:read', 'security:write', 'security:approve', 'backup:read', 'backup:write', 'status:write',
      'inspections:read', 'inspections:write', 'reports:read', 'reports:write', 'reports:approve', 'system:read',
    ];
    const missing = keys.flatMap((key) => {
      const [capability, action] = key.split(':');
      return [`capability.${capability}`, `action.${action}`, `permission.${capability}.${action}`].filter(
        (k) => !catalogs['zh-CN'].has(k),
      );
    });
    expect(missing).toEqual([]);
  });
});
