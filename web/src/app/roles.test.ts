import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { roleDescription, roleName, roleNameById } from './roles';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false } });
});

const client = { id: 'client', name: '甲方代表', description: '查看看板、报表与 SLA 指标，确认事件解决；个人信息仅见脱敏', builtIn: true };

describe('role names', () => {
  it('word a built-in role as shipped in the reader’s language', () => {
    const en = i18n.getFixedT('en');
    expect(roleName(en, client)).toBe('Client representative');
    expect(roleDescription(en, client)).toBe('Sees dashboards, reports and SLA figures, confirms resolutions; personal data masked only');
    expect(roleName(i18n.t, client)).toBe('甲方代表');
    // A database seeded before the descriptions were Chinese still has the English one: as shipped, so worded too.
    const earlier = 'Client representative: dashboards, reports, SLA figures, confirms resolutions; masked personal data only';
    expect(roleDescription(i18n.t, { ...client, description: earlier })).toBe(client.description);
    // English text an administrator typed is theirs.
    expect(roleName(i18n.t, { ...client, name: 'Client representative' })).toBe('Client representative');
  });

  it('show what an administrator wrote, on a built-in role or a custom one', () => {
    const en = i18n.getFixedT('en');
    expect(roleName(en, { ...client, name: '甲方（后勤处）' })).toBe('甲方（后勤处）');
    expect(roleName(en, { id: 'night-shift', name: '夜班', builtIn: false })).toBe('夜班');
    expect(roleName(en, { id: 'client', name: '甲方代表', builtIn: false })).toBe('甲方代表');
  });

  it('name a role known only by id', () => {
    const en = i18n.getFixedT('en');
    expect(roleNameById(en, 'admin')).toBe('Administrator');
    expect(roleNameById(en, 'night-shift')).toBe('night-shift');
    expect(roleNameById(en, 'night-shift', new Map([['night-shift', { id: 'night-shift', name: '夜班', builtIn: false }]]))).toBe('夜班');
  });
});
