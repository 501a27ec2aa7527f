import { describe, expect, it } from 'vitest';
import { describeSettings, formToSettings, settingsToForm } from './settingsForm';

/** The shapes the server's plug-ins use (server/modules/notify/channels/settings-schema.ts), as JSON Schema. */
const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'port', 'method'],
  properties: {
    url: { type: 'string', title: 'URL', description: 'Where to POST', minLength: 1, maxLength: 2048 },
    port: { type: 'integer', title: 'Port', description: 'p', minimum: 1, maximum: 65535 },
    secure: { type: 'boolean', title: 'TLS', description: 't', default: false },
    verify: { type: 'boolean', title: 'Verify', description: 'v', default: true },
    method: { type: 'string', enum: ['GET', 'POST'], title: 'Method', description: 'm' },
    body: { type: 'string', title: 'Body', description: 'b', maxLength: 4096 },
    secret: { type: 'string', title: 'Secret', description: 's', writeOnly: true, minLength: 1, maxLength: 512 },
    headers: { type: 'object', title: 'Headers', description: 'h', additionalProperties: { type: 'string', maxLength: 2048 } },
    headerSecrets: { type: 'object', title: 'Secret headers', description: 'sh', writeOnly: true, additionalProperties: { type: 'string' } },
    tags: { type: 'array', title: 'Tags', description: 'tg', items: { type: 'string' } },
    names: {
      type: 'object',
      title: 'Names',
      description: 'n',
      additionalProperties: false,
      properties: { title: { type: 'string', title: 'Title variable', description: 'tv', maxLength: 25 } },
    },
    region: { type: 'string', title: 'Region', description: 'r', default: 'cn-hangzhou' },
    odd: { anyOf: [{ type: 'string' }, { type: 'integer' }], title: 'Odd', description: 'o' },
  },
};

describe('channel settings form', () => {
  const fields = describeSettings(schema, ['secret']);
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));

  it('draws one field per property, of the sort its schema says, with its words and limits', () => {
    expect(fields.map((f) => [f.key, f.sort])).toEqual([
      ['url', 'text'],
      ['port', 'integer'],
      ['secure', 'boolean'],
      ['verify', 'boolean'],
      ['method', 'choice'],
      ['body', 'longText'],
      ['secret', 'text'],
      ['headers', 'textMap'],
      ['headerSecrets', 'textMap'],
      ['tags', 'textList'],
      ['names', 'group'],
      ['region', 'text'],
      ['odd', 'json'],
    ]);
    expect(byKey.url).toMatchObject({ title: 'URL', description: 'Where to POST', required: true, secret: false, maxLength: 2048 });
    expect(byKey.port).toMatchObject({ minimum: 1, maximum: 65535, required: true });
    expect(byKey.method!.choices).toEqual(['GET', 'POST']);
    // Secret by the kind's list, or by the schema's writeOnly.
    expect(byKey.secret!.secret).toBe(true);
    expect(byKey.headerSecrets!.secret).toBe(true);
    expect(byKey.names!.fields!.map((f) => f.path)).toEqual([['names', 'title']]);
    expect(describeSettings(null, [])).toEqual([]);
  });

  it('starts a new channel from the defaults and a stored one from its settings, secrets always empty', () => {
    expect(settingsToForm(fields, null)).toMatchObject({ secure: false, verify: true, region: 'cn-hangzhou', secret: '', headers: [], headerSecrets: [], tags: [] });
    const stored = settingsToForm(fields, { url: 'https://x', port: 25, verify: false, headers: { 'X-A': '1' }, names: { title: 't' }, odd: 3 });
    expect(stored).toMatchObject({ url: 'https://x', port: 25, secure: false, verify: false, headers: [{ key: 'X-A', value: '1' }], names: { title: 't' }, odd: '3', secret: '' });
    // A stored channel without a field does not get the default put back silently.
    expect(stored.region).toBeUndefined();
  });

  it('sends what was filled in, leaves out what was not, and a secret only when typed', () => {
    const values = {
      ...settingsToForm(fields, null),
      url: '  https://hooks.example.edu.cn/x ',
      port: 8443,
      method: 'POST',
      body: '',
      headers: [{ key: 'X-Route', value: 'noc' }, { key: ' ', value: 'dropped' }, {}],
      tags: [' a ', ''],
      names: { title: '' },
      odd: '[1]',
    };
    expect(formToSettings(fields, values)).toEqual({
      url: 'https://hooks.example.edu.cn/x',
      port: 8443,
      secure: false,
      verify: true,
      method: 'POST',
      headers: { 'X-Route': 'noc' },
      tags: ['a'],
      region: 'cn-hangzhou',
      odd: [1],
    });
    const typed = formToSettings(fields, { ...values, secret: ' s3cret ', headerSecrets: [{ key: 'Authorization', value: 'Bearer x' }] });
    expect(typed.secret).toBe(' s3cret ');
    expect(typed.headerSecrets).toEqual({ Authorization: 'Bearer x' });
    // Cleared on purpose: null, which the API takes as "remove the stored secret".
    const cleared = formToSettings(fields, values, ['secret', 'headerSecrets']);
    expect(cleared.secret).toBeNull();
    expect(cleared.headerSecrets).toBeNull();
  });
});
