import { createHmac, randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FieldProblem } from '../../../field-problems.ts';
import { ChannelSendError, type ChannelMessage, type ChannelPlugin, type ChannelRecipient, type SendContext, type SendResult } from './channel.ts';
import { cutChars, levelName, safeLink, smsText } from './format.ts';
import { excerpt, field, httpRequest, settingUrl, vendorJson } from './http.ts';
import { requiredText, urlProblems } from './settings-checks.ts';
import { Secret, Text, Url } from './settings-schema.ts';

/**
 * Aliyun SMS (阿里云短信服务) SendSms through the RPC API, signed as Aliyun documents it (signature version 1.0):
 *
 *   canonical     = the parameters but Signature, sorted by name, each `percentEncode(name)=percentEncode(value)`,
 *                   joined with &
 *   StringToSign  = "GET&" + percentEncode("/") + "&" + percentEncode(canonical)
 *   Signature     = base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign))
 *
 * percentEncode is RFC 3986: only A–Z a–z 0–9 - _ . ~ stay as they are, everything else is %XX of its UTF-8 bytes.
 * (Aliyun's recipe starts from Java's URLEncoder, which encodes ! ' ( ) where encodeURIComponent does not, so those
 * four are encoded here too; an alert title with a bracket would otherwise fail SignatureDoesNotMatch.)
 *
 * The text lives in a template Aliyun has approved; opsdesk fills its variables (TemplateParam), whose names are set
 * per channel. SignatureNonce is random per request: Aliyun refuses a nonce it has seen (a retry must not reuse it).
 */

export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com';

const VARIABLE = { pattern: '^[A-Za-z][A-Za-z0-9_]{0,24}$', maxLength: 25 };

export const AliyunSmsSettings = Type.Object(
  {
    endpoint: Type.Optional(Url({ title: 'Endpoint', description: `Aliyun SMS API address, normally ${ALIYUN_SMS_ENDPOINT}`, default: ALIYUN_SMS_ENDPOINT })),
    accessKeyId: Text({ title: 'AccessKey ID', description: 'AccessKey ID of a RAM user allowed dysms:SendSms', minLength: 1, maxLength: 128 }),
    accessKeySecret: Secret({ title: 'AccessKey secret', description: 'The AccessKey’s secret', maxLength: 128 }),
    signName: Text({ title: 'Signature name', description: 'The approved SMS signature (短信签名), without 【】', minLength: 1, maxLength: 64 }),
    templateCode: Text({ title: 'Template code', description: 'The approved template’s code, e.g. SMS_154950909', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_]+$' }),
    templateParamNames: Type.Optional(
      Type.Object(
        {
          title: Type.Optional(Text({ title: 'Title variable', description: 'The template variable that gets the alert’s title, e.g. title for ${title}', ...VARIABLE })),
          detail: Type.Optional(Text({ title: 'Detail variable', description: 'The template variable that gets the first detail line', ...VARIABLE })),
          level: Type.Optional(Text({ title: 'Level variable', description: 'The template variable that gets the level (一级/二级/三级)', ...VARIABLE })),
          link: Type.Optional(Text({ title: 'Link variable', description: 'The template variable that gets the acknowledgement link (Aliyun approves link variables only on request)', ...VARIABLE })),
        },
        { additionalProperties: false, title: 'Template variables', description: 'Which template variable gets what, e.g. {"title": "title", "link": "url"}; none for a template without variables' },
      ),
    ),
    regionId: Type.Optional(Text({ title: 'Region', description: 'RegionId, normally cn-hangzhou', maxLength: 64, pattern: '^[a-z0-9-]+$', default: 'cn-hangzhou' })),
    paramMaxChars: Type.Optional(Type.Integer({ title: 'Longest variable', description: 'Text variables are cut to this many characters (Aliyun’s limit for a notification variable is 35)', minimum: 5, maximum: 500, default: 35 })),
  },
  { additionalProperties: false },
);
export type AliyunSmsSettings = Static<typeof AliyunSmsSettings>;

/** RFC 3986 percent-encoding of UTF-8, as Aliyun's signature requires. */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** 2017-07-12T02:42:19Z: ISO 8601 in UTC without milliseconds. */
export const aliyunTimestamp = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The signed query string (Signature first, then the canonical parameters). */
export function signedQuery(params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name]!)}`)
    .join('&');
  const stringToSign = `GET&${percentEncode('/')}&${percentEncode(canonical)}`;
  const signature = createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
  return `Signature=${percentEncode(signature)}&${canonical}`;
}

export function templateParam(settings: AliyunSmsSettings, message: ChannelMessage): Record<string, string> {
  const names = settings.templateParamNames ?? {};
  const max = settings.paramMaxChars ?? 35;
  const values: Record<string, string> = {};
  if (names.title) values[names.title] = cutChars(smsText(message.title), max);
  if (names.detail) values[names.detail] = cutChars(smsText(message.lines[0] ?? ''), max);
  if (names.level) values[names.level] = levelName(message.level, message.locale) ?? '';
  // a cut link is no link: kept whole
  if (names.link) values[names.link] = safeLink(message.ackUrl) ?? safeLink(message.url) ?? '';
  return values;
}

function validate(settings: AliyunSmsSettings): FieldProblem[] {
  return [
    ...urlProblems('endpoint', settings.endpoint ?? ALIYUN_SMS_ENDPOINT),
    ...requiredText('accessKeyId', settings.accessKeyId),
    ...requiredText('accessKeySecret', settings.accessKeySecret),
    ...requiredText('signName', settings.signName),
    ...requiredText('templateCode', settings.templateCode),
  ];
}

async function send(settings: AliyunSmsSettings, message: ChannelMessage, recipients: ChannelRecipient[], ctx: SendContext): Promise<SendResult> {
  const phone = recipients.length === 1 ? recipients[0]!.address?.replace(/[\s-]/g, '') : undefined;
  if (recipients.length !== 1) throw new ChannelSendError(`Aliyun SMS: sends to one recipient at a time, got ${recipients.length}`, false);
  if (!phone || !/^\+?[0-9]{5,20}$/.test(phone)) throw new ChannelSendError(`Aliyun SMS: ${phone ? `${phone} is not a phone number` : 'the recipient has no phone number'}`, false);

  const param = templateParam(settings, message);
  const params: Record<string, string> = {
    AccessKeyId: settings.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: phone,
    RegionId: settings.regionId ?? 'cn-hangzhou',
    SignName: settings.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: settings.templateCode,
    ...(Object.keys(param).length > 0 && { TemplateParam: JSON.stringify(param) }),
    Timestamp: aliyunTimestamp(ctx.now),
    Version: '2017-05-25',
  };
  const url = settingUrl('Aliyun SMS', settings.endpoint ?? ALIYUN_SMS_ENDPOINT);
  const answer = await httpRequest('Aliyun SMS', { method: 'GET', url: `${url.origin}/?${signedQuery(params, settings.accessKeySecret)}` }, ctx.signal);
  return judge(answer.status, answer.text, vendorJson('Aliyun SMS', answer));
}

/** Aliyun's Code → the result (SendSms's documented error codes). */
function judge(status: number, text: string, body: unknown): SendResult {
  const code = field(body, 'Code');
  if (code === 'OK') {
    const bizId = field(body, 'BizId');
    return { outcome: 'sent', ...(typeof bizId === 'string' && { providerId: bizId }) };
  }
  if (typeof code !== 'string') throw new ChannelSendError(`Aliyun SMS: unexpected answer (HTTP ${status}): ${excerpt(text)}`, status < 300);
  const said = `Aliyun SMS: ${code}${field(body, 'Message') ? `: ${String(field(body, 'Message'))}` : ''}`;
  // per-number and per-day limits, and the API's own throttling: later, or folded into a digest
  if (code === 'isv.BUSINESS_LIMIT_CONTROL' || code.startsWith('Throttling')) throw new ChannelSendError(said, true, true);
  // Aliyun's side is unwell, or the nonce collided: a new attempt (with a new nonce) may pass
  if (code === 'isp.SYSTEM_ERROR' || code === 'ServiceUnavailable' || code === 'InternalError' || code === 'SignatureNonceUsed') throw new ChannelSendError(said, true);
  // isv.* (template, signature name, number, balance…) and the credentials (SignatureDoesNotMatch,
  // InvalidAccessKeyId.NotFound…): a setting or the number must change
  throw new ChannelSendError(said, false);
}

export const aliyunSmsChannel: ChannelPlugin<AliyunSmsSettings> = {
  kind: 'sms-aliyun',
  describe: {
    label: { 'zh-CN': '阿里云短信', en: 'Aliyun SMS' },
    addresses: 'phone',
    defaultRatePerMinute: null,
    secretFields: ['accessKeySecret'],
  },
  settingsSchema: AliyunSmsSettings,
  validate,
  send,
  // the kept-alive sockets of every HTTP channel (one pool per origin in http.ts)
};
