import { createHmac } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FieldProblem } from '../../../field-problems.ts';
import { ChannelSendError, type ChannelMessage, type ChannelPlugin, type ChannelRecipient, type SendContext, type SendResult } from './channel.ts';
import { cutUtf8, labels, oneLine, safeLink, titleWithLevel } from './format.ts';
import { excerpt, field, httpRequest, settingUrl, vendorJson } from './http.ts';
import { requiredText, urlProblems } from './settings-checks.ts';
import { Secret, Url } from './settings-schema.ts';

/**
 * Feishu / Lark custom bot (自定义机器人): an interactive card POSTed to …/open-apis/bot/v2/hook/<token>. The token
 * alone lets anyone post to the group, so it is a secret field and the URL setting holds only the base (Feishu's or
 * Lark's). A bot with signature security gets `timestamp` (epoch SECONDS, as a string) and
 * `sign = base64(HmacSHA256(key = timestamp + "\n" + secret, data = empty))` in the body; Feishu refuses a timestamp
 * more than an hour off (19021). A bot may send 100 messages a minute and 5 a second (11232 beyond it).
 */

export const FEISHU_HOOK_BASE = 'https://open.feishu.cn/open-apis/bot/v2/hook/';

export const FeishuSettings = Type.Object(
  {
    webhookUrl: Url({ title: 'Hook base URL', description: `The bot API without its token: ${FEISHU_HOOK_BASE}, or https://open.larksuite.com/open-apis/bot/v2/hook/ for Lark`, default: FEISHU_HOOK_BASE }),
    token: Secret({ title: 'Hook token', description: 'The last part of the bot’s webhook address (after /hook/)', maxLength: 128 }),
    secret: Type.Optional(Secret({ title: 'Signing secret', description: 'Secret of a bot with signature verification (签名校验); empty for a bot with keyword or IP security', maxLength: 256 })),
  },
  { additionalProperties: false },
);
export type FeishuSettings = Static<typeof FeishuSettings>;

/** sign = base64(HmacSHA256(key = `${timestamp}\n${secret}`, data = "")): the secret is in the key, the data empty. */
export const feishuSign = (secret: string, timestampSeconds: number) => createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');

export function feishuUrl(settings: FeishuSettings): string {
  const base = settingUrl('Feishu', settings.webhookUrl || FEISHU_HOOK_BASE);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/${encodeURIComponent(settings.token)}`;
  return base.toString();
}

/** Feishu's header templates */
const templateOf = (message: ChannelMessage) =>
  message.kind === 'resolved' ? 'green' : message.level === 1 ? 'red' : message.level === 2 ? 'orange' : message.level === 3 ? 'blue' : 'grey';

/**
 * Card markdown reads `<at id=…>`, `<font>` and the like as markup: the message's own < and > are written as HTML
 * character references so a device name cannot mention everyone.
 */
const cardText = (text: string) => oneLine(text).replace(/[<>]/g, (c) => (c === '<' ? '&#60;' : '&#62;'));

export function feishuCard(message: ChannelMessage, recipients: ChannelRecipient[]) {
  const words = labels(message.locale);
  const ack = safeLink(message.ackUrl);
  const url = safeLink(message.url);
  const mentions = [...new Set(recipients.map((r) => r.vendorId).filter((id): id is string => !!id && /^[\w-]+$/.test(id)))].map((id) => `<at id=${id}></at>`);
  const body = [...message.lines.map(cardText), ...(mentions.length > 0 ? [mentions.join(' ')] : [])].join('\n');
  const buttons = [
    ...(ack ? [{ tag: 'button', text: { tag: 'plain_text', content: words.acknowledge }, type: 'danger', url: ack }] : []),
    ...(url ? [{ tag: 'button', text: { tag: 'plain_text', content: words.view }, type: 'default', url }] : []),
  ];
  return {
    config: { wide_screen_mode: true },
    header: { template: templateOf(message), title: { tag: 'plain_text', content: cutUtf8(oneLine(titleWithLevel(message)), 512) } },
    elements: [
      ...(body ? [{ tag: 'markdown', content: cutUtf8(body, 16 * 1024) }] : []),
      ...(buttons.length > 0 ? [{ tag: 'action', actions: buttons }] : []),
    ],
  };
}

function validate(settings: FeishuSettings): FieldProblem[] {
  return [...urlProblems('webhookUrl', settings.webhookUrl || FEISHU_HOOK_BASE), ...requiredText('token', settings.token)];
}

async function send(settings: FeishuSettings, message: ChannelMessage, recipients: ChannelRecipient[], ctx: SendContext): Promise<SendResult> {
  const timestamp = Math.floor(ctx.now / 1000);
  const body = {
    ...(settings.secret && { timestamp: String(timestamp), sign: feishuSign(settings.secret, timestamp) }),
    msg_type: 'interactive',
    card: feishuCard(message, recipients),
  };
  const answer = await httpRequest(
    'Feishu',
    { method: 'POST', url: feishuUrl(settings), headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) },
    ctx.signal,
  );
  const json = vendorJson('Feishu', answer);
  // the current answer is {code, msg}; bots created before 2020 answer {StatusCode, StatusMessage}
  const code = field(json, 'code') ?? field(json, 'StatusCode');
  const said = `Feishu: code ${String(code)}${field(json, 'msg') || field(json, 'StatusMessage') ? `: ${String(field(json, 'msg') ?? field(json, 'StatusMessage'))}` : ''}`;
  if (code === 0) return { outcome: 'sent' };
  if (typeof code !== 'number') throw new ChannelSendError(`Feishu: unexpected answer (HTTP ${answer.status}): ${excerpt(answer.text)}`, answer.status < 300);
  if (code === 11232) throw new ChannelSendError(said, true, true);
  // 19021 signature or clock refused, 19022 IP not allowed, 19024 keyword missing, 19001 bad token: settings
  throw new ChannelSendError(code === 19021 ? `${said} (check the signing secret and this server’s clock)` : said, false);
}

export const feishuChannel: ChannelPlugin<FeishuSettings> = {
  kind: 'feishu',
  describe: {
    label: { 'zh-CN': '飞书群机器人', en: 'Feishu / Lark group bot' },
    addresses: 'none',
    defaultRatePerMinute: 100,
    secretFields: ['token', 'secret'],
  },
  settingsSchema: FeishuSettings,
  validate,
  send,
  // the kept-alive sockets of every HTTP channel (one pool per origin in http.ts)
};
