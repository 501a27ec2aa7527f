import { Type, type Static } from '@sinclair/typebox';
import type { FieldProblem } from '../../../field-problems.ts';
import { ChannelSendError, type ChannelMessage, type ChannelPlugin, type ChannelRecipient, type SendContext, type SendResult } from './channel.ts';
import { cutUtf8, fitUtf8, labels, markdownLabel, markdownUrl, oneLine, safeLink, titleWithLevel } from './format.ts';
import { excerpt, field, httpRequest, settingUrl, vendorJson } from './http.ts';
import { requiredText, urlProblems } from './settings-checks.ts';
import { Secret, Url } from './settings-schema.ts';

/**
 * WeCom (企业微信) group robot (群机器人): `{"msgtype":"markdown","markdown":{"content":…}}` POSTed to
 * …/cgi-bin/webhook/send?key=KEY. The key alone lets anyone post to the group, so it is a secret field of its own and
 * the URL setting holds only the base: the API never shows the key.
 *
 * WeCom's markdown is a subset: bold, links, `>` quotes, `<font color="info|comment|warning">` and `<@userid>`
 * mentions (the mention needs the person's WeCom userid, `vendorId`; mobiles mention only in text messages). The
 * content may be 4096 bytes of UTF-8. A robot may send 20 messages a minute (errcode 45009 beyond it).
 */

export const WECOM_WEBHOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';
export const WECOM_CONTENT_LIMIT_BYTES = 4096;

export const WeComSettings = Type.Object(
  {
    webhookUrl: Url({ title: 'Webhook URL', description: `The robot API without its key, normally ${WECOM_WEBHOOK}`, default: WECOM_WEBHOOK }),
    key: Secret({ title: 'Robot key', description: 'The key=… part of the robot’s webhook address', maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type WeComSettings = Static<typeof WeComSettings>;

export function weComUrl(settings: WeComSettings): string {
  const url = settingUrl('WeCom', settings.webhookUrl || WECOM_WEBHOOK);
  url.searchParams.set('key', settings.key);
  return url.toString();
}

/** warning is WeCom's orange-red, comment its grey, info its green */
const colourOf = (message: ChannelMessage) => (message.kind === 'resolved' ? 'info' : message.level === 1 || message.level === 2 ? 'warning' : 'comment');

export function weComContent(message: ChannelMessage, recipients: ChannelRecipient[]): string {
  const words = labels(message.locale);
  const ack = safeLink(message.ackUrl);
  const url = safeLink(message.url);
  // a title is one line of at most 512 bytes, cut before it is wrapped in markup so no tag is ever cut
  const head = `**<font color="${colourOf(message)}">${cutUtf8(oneLine(titleWithLevel(message)), 512)}</font>**`;
  const middle = message.lines.map((line) => `> ${oneLine(line)}`).join('\n');
  const links = [...(ack ? [`[${markdownLabel(words.acknowledge)}](${markdownUrl(ack)})`] : []), ...(url ? [`[${markdownLabel(words.view)}](${markdownUrl(url)})`] : [])];
  const mentions = [...new Set(recipients.map((r) => r.vendorId).filter((id): id is string => !!id))].map((id) => `<@${id}>`);
  const tail = [links.join('　'), mentions.join(' ')].filter(Boolean).join('\n');
  return fitUtf8(head, middle, tail, WECOM_CONTENT_LIMIT_BYTES);
}

function validate(settings: WeComSettings): FieldProblem[] {
  return [...urlProblems('webhookUrl', settings.webhookUrl || WECOM_WEBHOOK, { separateParameter: 'key' }), ...requiredText('key', settings.key)];
}

async function send(settings: WeComSettings, message: ChannelMessage, recipients: ChannelRecipient[], ctx: SendContext): Promise<SendResult> {
  const answer = await httpRequest(
    'WeCom',
    {
      method: 'POST',
      url: weComUrl(settings),
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: weComContent(message, recipients) } }),
    },
    ctx.signal,
  );
  const body = vendorJson('WeCom', answer);
  const errcode = field(body, 'errcode');
  if (errcode === 0) return { outcome: 'sent' };
  if (typeof errcode !== 'number') throw new ChannelSendError(`WeCom: unexpected answer (HTTP ${answer.status}): ${excerpt(answer.text)}`, answer.status < 300);
  const said = `WeCom: errcode ${errcode}${field(body, 'errmsg') ? `: ${String(field(body, 'errmsg'))}` : ''}`;
  // 45009: over the robot's 20 a minute; -1: system busy; 93000 (bad key), 40008 (bad message)… need a change
  if (errcode === 45009) throw new ChannelSendError(said, true, true);
  throw new ChannelSendError(errcode === 93000 ? `${said} (the robot key is wrong or the robot was removed)` : said, errcode === -1);
}

export const weComChannel: ChannelPlugin<WeComSettings> = {
  kind: 'wecom',
  describe: {
    label: { 'zh-CN': '企业微信群机器人', en: 'WeCom group robot' },
    addresses: 'none',
    defaultRatePerMinute: 20,
    secretFields: ['key'],
  },
  settingsSchema: WeComSettings,
  validate,
  send,
  // the kept-alive sockets of every HTTP channel (one pool per origin in http.ts)
};
