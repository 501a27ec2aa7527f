import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { createValidatorCompiler } from '../../../http/validation.ts';
import type { ChannelPlugin } from './channel.ts';
import { BUILT_IN_CHANNELS, createChannelRegistry, createDefaultChannelRegistry } from './registry.ts';

/** A plug-in that is not built in, as the notify module adds the in-console channel. */
const consoleChannel: ChannelPlugin = {
  kind: 'console',
  describe: { label: { 'zh-CN': '控制台', en: 'Console' }, addresses: 'none', defaultRatePerMinute: null, secretFields: [] },
  settingsSchema: { type: 'object', properties: {}, additionalProperties: false } as unknown as ChannelPlugin['settingsSchema'],
  validate: () => [],
  send: async () => ({ outcome: 'delivered' }),
};

/** Settings each built-in kind accepts: the schema (through the server's own validator) and `validate` both agree. */
const GOOD_SETTINGS: Record<string, Record<string, unknown>> = {
  email: { host: 'smtp.exmail.qq.com', port: 465, secure: true, username: 'noc@example.edu.cn', password: 'x', from: '"运维值班" <noc@example.edu.cn>' },
  'sms-http': { method: 'POST', urlTemplate: 'https://sms.example.edu.cn/send', bodyTemplate: 'to={{phone}}&msg={{text}}', contentType: 'form', headerSecrets: { Authorization: 'Bearer x' } },
  'sms-aliyun': { accessKeyId: 'LTAI5t', accessKeySecret: 's', signName: '校园运维', templateCode: 'SMS_154950909', templateParamNames: { title: 'title' } },
  dingtalk: { webhookUrl: 'https://oapi.dingtalk.com/robot/send', accessToken: 'abc', secret: 'SECabc' },
  wecom: { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', key: 'k' },
  feishu: { webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/', token: 't', secret: 's' },
  webhook: { url: 'https://hooks.example.edu.cn/opsdesk', secret: '0123456789abcdef', headers: { 'X-Route': 'noc' } },
};

type Schema = Record<string, unknown> & { type?: string; properties?: Record<string, Schema> };

/** Every schema inside a settings schema, with its path. */
function* walk(schema: Schema, path: string): Generator<[string, Schema]> {
  yield [path, schema];
  for (const [name, child] of Object.entries(schema.properties ?? {})) yield* walk(child, `${path}.${name}`);
  for (const child of Object.values((schema.patternProperties ?? {}) as Record<string, Schema>)) yield* walk(child, `${path}[*]`);
  if (schema.propertyNames) yield* walk(schema.propertyNames as Schema, `${path}{name}`);
}

describe('channel registry', () => {
  it('holds the built-in kinds, and the in-console channel where the notify module adds it', () => {
    const registry = createDefaultChannelRegistry([consoleChannel]);
    expect(registry.kinds).toEqual(['email', 'sms-http', 'sms-aliyun', 'dingtalk', 'wecom', 'feishu', 'webhook', 'console']);
    expect(registry.get('console')).toBe(consoleChannel);
    expect(registry.get('dingtalk')?.describe.defaultRatePerMinute).toBe(20);
    expect(registry.get('wecom')?.describe.defaultRatePerMinute).toBe(20);
    expect(registry.get('feishu')?.describe.defaultRatePerMinute).toBe(100);
    expect(registry.get('pager')).toBeUndefined();
    expect(registry.list().map((p) => p.kind)).toEqual(registry.kinds);
  });

  it('refuses two plug-ins of one kind, and a kind that is not a plain name', () => {
    expect(() => createDefaultChannelRegistry([{ ...consoleChannel, kind: 'email' }])).toThrow('Notification channel kind "email" is registered twice');
    expect(() => createChannelRegistry([consoleChannel, consoleChannel])).toThrow('registered twice');
    expect(() => createChannelRegistry([{ ...consoleChannel, kind: 'Console Channel' }])).toThrow('lower-case');
  });

  it('close() lets every plug-in release what it keeps', async () => {
    let closed = 0;
    await createChannelRegistry([{ ...consoleChannel, close: () => void closed++ }, { ...consoleChannel, kind: 'other' }]).close();
    expect(closed).toBe(1);
  });

  describe.each(BUILT_IN_CHANNELS.map((p) => [p.kind, p] as const))('%s settings', (kind, plugin) => {
    const schema = plugin.settingsSchema as unknown as Schema;

    it('draw a form: additionalProperties false, every field titled and described, every text bounded', () => {
      expect(schema.additionalProperties).toBe(false);
      expect(plugin.describe.label['zh-CN']).toBeTruthy();
      expect(plugin.describe.label.en).toBeTruthy();
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        expect(property.title, `${kind}.${name} title`).toEqual(expect.any(String));
        expect(property.description, `${kind}.${name} description`).toEqual(expect.any(String));
      }
      for (const [path, node] of walk(schema, kind)) {
        if (node.type === 'string' && !node.enum) expect(node.maxLength, `${path} maxLength`).toEqual(expect.any(Number));
      }
    });

    it('mark exactly the secret fields writeOnly', () => {
      const writeOnly = Object.entries(schema.properties ?? {}).filter(([, p]) => p.writeOnly === true).map(([name]) => name);
      expect(writeOnly.sort()).toEqual([...plugin.describe.secretFields].sort());
      expect(plugin.describe.secretFields.length).toBeGreaterThan(0);
    });

    it('accept good settings through the server’s validator and validate()', () => {
      const check = createValidatorCompiler()({ schema: plugin.settingsSchema as TSchema, httpPart: 'body', method: 'POST', url: '/' }) as ((value: unknown) => boolean) & { errors?: unknown };
      const settings = structuredClone(GOOD_SETTINGS[kind]!);
      expect(check(settings), JSON.stringify(check.errors)).toBe(true);
      expect(plugin.validate(settings)).toEqual([]);
      expect(check({ ...settings, nonsense: 'x'.repeat(5000) }), 'unknown fields are dropped, not refused').toBe(true);
    });
  });
});
