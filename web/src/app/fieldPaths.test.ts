import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { namePathOf, pathKey, pathProblems, placeProblems } from './fieldPaths';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false } });
});

describe('field paths', () => {
  it('read the server’s field names as form name paths', () => {
    expect(namePathOf('body.settings.webhookUrl')).toEqual(['settings', 'webhookUrl']);
    expect(namePathOf('settings.webhookUrl')).toEqual(['settings', 'webhookUrl']);
    expect(namePathOf('/body/contacts/1/value')).toEqual(['contacts', 1, 'value']);
    expect(namePathOf('layers.0.rotation.participants.2')).toEqual(['layers', 0, 'rotation', 'participants', 2]);
    expect(namePathOf('querystring.to')).toEqual(['to']);
    // A field that only starts like a request part is a field.
    expect(namePathOf('bodyTemplate')).toEqual(['bodyTemplate']);
  });

  it('word each problem in the reader’s language, a domain error’s field included', () => {
    const refusal = new ApiError(400, 'VALIDATION_FAILED', 'Invalid request', [
      { field: 'settings.webhookUrl', code: 'urlInvalid', message: 'is not an absolute URL (https://…)' },
      { field: 'body.contacts.0.value', code: 'somethingNew', message: 'is new' },
      { notAField: true },
    ]);
    expect(pathProblems(i18n.t, refusal)).toEqual([
      { path: ['settings', 'webhookUrl'], text: '不是完整的网址（https://…）' },
      { path: ['contacts', 0, 'value'], text: 'is new' },
    ]);
    const taken = new ApiError(409, 'NAME_TAKEN', 'taken', { field: 'name' });
    expect(pathProblems(i18n.t, taken).map((p) => p.path)).toEqual([['name']]);
    expect(pathProblems(i18n.t, new Error('offline'))).toEqual([]);
  });

  it('go to the deepest field the form has, and what none holds is left over', () => {
    const registered = new Set([['settings', 'webhookUrl'], ['steps'], ['steps', 0, 'targets']].map(pathKey));
    const { placed, left } = placeProblems(
      [
        { path: ['settings', 'webhookUrl'], text: 'a' },
        { path: ['settings', 'webhookUrl'], text: 'b' },
        { path: ['steps', 0, 'targets', 1, 'userId'], text: 'c' },
        { path: ['steps', 3, 'waitMinutes'], text: 'd' },
        { path: ['zone'], text: 'e' },
      ],
      registered,
    );
    expect(placed).toEqual([
      { name: ['settings', 'webhookUrl'], errors: ['a', 'b'] },
      { name: ['steps', 0, 'targets'], errors: ['c'] },
      { name: ['steps'], errors: ['d'] },
    ]);
    expect(left).toEqual([{ path: ['zone'], text: 'e' }]);
  });

  it('follow a rename from the body’s shape to the form’s', () => {
    const registered = new Set([pathKey(['settings', 'headers'])]);
    const rename = (path: (string | number)[]) => (path[0] === 'hidden' ? null : path.slice(0, 2));
    const { placed, left } = placeProblems(
      [
        { path: ['settings', 'headers', 'X-Key'], text: 'a' },
        { path: ['hidden'], text: 'b' },
      ],
      registered,
      rename,
    );
    expect(placed).toEqual([{ name: ['settings', 'headers'], errors: ['a'] }]);
    expect(left.map((p) => p.text)).toEqual(['b']);
  });
});
