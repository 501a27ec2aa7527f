import { Type, type Static } from '@sinclair/typebox';
import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import { ChannelSendError, type ChannelMessage, type ChannelPlugin, type ChannelRecipient, type SendContext, type SendResult } from './channel.ts';
import { shortText, smsText } from './format.ts';
import { excerpt, httpRequest, parseJsonAnswer, settingUrl, statusFailure, type HttpRequest } from './http.ts';
import { headerProblems, settingsField, urlProblems } from './settings-checks.ts';
import { Choice, Headers, Text } from './settings-schema.ts';

/**
 * A generic HTTP SMS gateway (the campus's own, a carrier's, a reseller's): a URL template and, for POST, a body
 * template with the placeholders {{phone}}, {{text}} and {{title}}. Each value is encoded for where it lands —
 * percent-encoded in the URL, form-encoded in a form body, JSON-escaped in a JSON body (the template is parsed and
 * the values put into its strings), as is in a text body — so an &, a quote, a newline or Chinese arrive as written.
 *
 * Success is HTTP 2xx and, when set, an answer containing a substring or a JSON value at a path (many gateways say
 * 200 {"code": 1, "msg": "余额不足"}). A gateway that answers 2xx but not the success mark is not retried: it received
 * the request and refused it.
 */

const PLACEHOLDERS = ['phone', 'text', 'title'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];
const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const ALLOWED = PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');

export const SmsHttpSettings = Type.Object(
  {
    method: Choice(['GET', 'POST'], { title: 'Method', description: 'GET puts everything in the URL; POST sends the body template' }),
    urlTemplate: Text({
      title: 'URL template',
      description: 'The gateway address; may use {{phone}}, {{text}} and {{title}}, e.g. https://sms.example.edu.cn/send?mobile={{phone}}&content={{text}}',
      minLength: 1,
      maxLength: 2048,
    }),
    bodyTemplate: Type.Optional(Text({ title: 'Body template', description: 'POST only: the body, with the same placeholders, e.g. mobile={{phone}}&content={{text}} or {"to":"{{phone}}","msg":"{{text}}"}', maxLength: 4096 })),
    contentType: Type.Optional(Choice(['form', 'json', 'text'], { title: 'Body format', description: 'How the body is written: form (application/x-www-form-urlencoded), json or text', default: 'form' })),
    headers: Type.Optional(Headers({ title: 'Headers', description: 'Sent with every request' })),
    headerSecrets: Type.Optional(Headers({ title: 'Secret headers', description: 'Headers whose values are secrets, e.g. Authorization: Bearer …; stored encrypted, never shown again', writeOnly: true })),
    successContains: Type.Optional(Text({ title: 'Success text', description: 'When set, the answer must contain this text, e.g. "success":true', maxLength: 200 })),
    successJsonPath: Type.Optional(Text({ title: 'Success JSON path', description: 'When set, the answer is JSON and the value at this dotted path (e.g. result.code) must equal the success value', maxLength: 200, pattern: '^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$' })),
    successJsonValue: Type.Optional(Text({ title: 'Success JSON value', description: 'The value the JSON path must hold, compared as text, e.g. 0', maxLength: 200 })),
    maxChars: Type.Optional(Type.Integer({ title: 'Longest text', description: 'The text is cut to this many characters (a Chinese character counts one); 70 fit one SMS', minimum: 20, maximum: 1000, default: 140 })),
  },
  { additionalProperties: false },
);
export type SmsHttpSettings = Static<typeof SmsHttpSettings>;

type Values = Record<Placeholder, string>;

const substitute = (template: string, encode: (value: string) => string, values: Values) =>
  template.replace(PLACEHOLDER, (whole, name: string) => ((PLACEHOLDERS as readonly string[]).includes(name) ? encode(values[name as Placeholder]) : whole));

/** The values put into the strings (and names) of the parsed JSON template: JSON.stringify escapes them. */
function fillJson(node: unknown, values: Values): unknown {
  if (typeof node === 'string') return substitute(node, (v) => v, values);
  if (Array.isArray(node)) return node.map((item) => fillJson(item, values));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [substitute(key, (v) => v, values), fillJson(value, values)]));
  }
  return node;
}

const CONTENT_TYPES = { form: 'application/x-www-form-urlencoded;charset=UTF-8', json: 'application/json; charset=utf-8', text: 'text/plain; charset=utf-8' } as const;

/** The request a message becomes, placeholders encoded for where they land. */
export function smsHttpRequest(settings: SmsHttpSettings, values: Values): HttpRequest {
  const url = substitute(settings.urlTemplate, encodeURIComponent, values);
  if (settings.method === 'GET' || settings.bodyTemplate === undefined) return { method: settings.method, url };
  const format = settings.contentType ?? 'form';
  let body: string;
  if (format === 'json') {
    body = JSON.stringify(fillJson(JSON.parse(settings.bodyTemplate), values));
  } else if (format === 'form') {
    const form = new URLSearchParams(settings.bodyTemplate);
    body = new URLSearchParams([...form].map(([name, value]) => [substitute(name, (v) => v, values), substitute(value, (v) => v, values)])).toString();
  } else {
    body = substitute(settings.bodyTemplate, (v) => v, values);
  }
  return { method: settings.method, url, headers: { 'content-type': CONTENT_TYPES[format] }, body };
}

const RESERVED_HEADERS = ['content-type', 'content-length', 'host'];

function validate(settings: SmsHttpSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const sample: Values = { phone: '13800138000', text: 'text', title: 'title' };
  problems.push(...urlProblems('urlTemplate', substitute(settings.urlTemplate ?? '', encodeURIComponent, sample)));
  const body = settings.method === 'POST' ? settings.bodyTemplate : undefined;
  const used = new Set<string>();
  for (const [name, template] of [['urlTemplate', settings.urlTemplate ?? ''], ['bodyTemplate', body ?? '']] as const) {
    for (const [, placeholder] of template.matchAll(PLACEHOLDER)) {
      if ((PLACEHOLDERS as readonly string[]).includes(placeholder!)) used.add(placeholder!);
      else problems.push(fieldProblem(settingsField(name), 'placeholderUnknown', { name: `{{${placeholder}}}`, allowed: ALLOWED }));
    }
  }
  const whereTextGoes = body !== undefined ? 'bodyTemplate' : 'urlTemplate';
  for (const needed of ['phone', 'text'] as const) {
    if (!used.has(needed)) problems.push(fieldProblem(settingsField(whereTextGoes), 'placeholderMissing', { name: `{{${needed}}}` }));
  }
  if (body !== undefined && (settings.contentType ?? 'form') === 'json') {
    try {
      JSON.parse(body);
    } catch (error) {
      problems.push(fieldProblem(settingsField('bodyTemplate'), 'invalidJson', { detail: (error as Error).message }));
    }
  }
  problems.push(...headerProblems('headers', settings.headers, RESERVED_HEADERS), ...headerProblems('headerSecrets', settings.headerSecrets, RESERVED_HEADERS));
  if (settings.successJsonPath && settings.successJsonValue === undefined) problems.push(fieldProblem(settingsField('successJsonValue'), 'required'));
  return problems;
}

const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);

async function send(settings: SmsHttpSettings, message: ChannelMessage, recipients: ChannelRecipient[], ctx: SendContext): Promise<SendResult> {
  if (recipients.length !== 1) throw new ChannelSendError(`SMS gateway: sends to one recipient at a time, got ${recipients.length}`, false);
  const phone = recipients[0]!.address?.replace(/[\s-]/g, '');
  if (!phone || !/^\+?[0-9]{5,20}$/.test(phone)) throw new ChannelSendError(`SMS gateway: ${phone ? `${phone} is not a phone number` : 'the recipient has no phone number'}`, false);

  const maxChars = settings.maxChars ?? 140;
  const values: Values = { phone, text: shortText(message, maxChars), title: smsText(message.title) };
  let request: HttpRequest;
  try {
    request = smsHttpRequest(settings, values);
  } catch (error) {
    throw new ChannelSendError(`SMS gateway: the body template cannot be used (${(error as Error).message})`, false);
  }
  const answer = await httpRequest(
    'SMS gateway',
    { ...request, url: settingUrl('SMS gateway', request.url).toString(), headers: { ...settings.headers, ...settings.headerSecrets, ...request.headers } },
    ctx.signal,
  );
  const failure = statusFailure('SMS gateway', answer);
  if (failure) throw failure;
  if (settings.successContains && !answer.text.includes(settings.successContains)) {
    throw new ChannelSendError(`SMS gateway: the answer lacks ${JSON.stringify(settings.successContains)}: ${excerpt(answer.text)}`, false);
  }
  if (settings.successJsonPath) {
    const value = at(parseJsonAnswer('SMS gateway', answer), settings.successJsonPath);
    if (value === undefined || value === null || String(value) !== settings.successJsonValue) {
      throw new ChannelSendError(`SMS gateway: ${settings.successJsonPath} is ${JSON.stringify(value)}, not ${JSON.stringify(settings.successJsonValue)}: ${excerpt(answer.text)}`, false);
    }
  }
  return { outcome: 'sent', detail: excerpt(answer.text) };
}

export const smsHttpChannel: ChannelPlugin<SmsHttpSettings> = {
  kind: 'sms-http',
  describe: {
    label: { 'zh-CN': '短信（HTTP 网关）', en: 'SMS (HTTP gateway)' },
    addresses: 'phone',
    defaultRatePerMinute: null,
    secretFields: ['headerSecrets'],
  },
  settingsSchema: SmsHttpSettings,
  validate,
  send,
  // the kept-alive sockets of every HTTP channel (one pool per origin in http.ts)
};
