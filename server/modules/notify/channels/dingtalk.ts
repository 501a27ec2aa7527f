import { createHmac } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FieldProblem } from '../../../field-problems.ts';
import { ChannelSendError, type ChannelMessage, type ChannelPlugin, type ChannelRecipient, type SendContext, type SendResult } from './channel.ts';
import { labels, markdownLabel, markdownUrl, oneLine, safeLink, titleWithLevel } from './format.ts';
import { excerpt, field, httpRequest, settingUrl, vendorJson } from './http.ts';
import { requiredText, urlProblems } from './settings-checks.ts';
import { Secret, Url } from './settings-schema.ts';

/**
 * DingTalk (钉钉) custom group robot (自定义机器人): a markdown message POSTed to the robot's webhook. The webhook's
 * access_token alone lets anyone post to the group, so it is a secret setting and the URL setting holds only the base
 * (as for WeCom's key): the API never shows it. A robot with
 * "signature" security (加签) gets `&timestamp=T&sign=S` on the URL, where T is epoch milliseconds and
 * S = urlencode(base64(HmacSHA256(key = secret, data = T + "\n" + secret))); DingTalk refuses a T more than an hour
 * off. A robot with keyword or IP security has no secret. @mentions need both `at.atMobiles` (or `atUserIds`) and the
 * same `@138…` written in the text, or DingTalk shows no mention.
 *
 * A robot may send 20 messages a minute; beyond that DingTalk answers 130101 / 660026 and mutes it for 10 minutes.
 */

/** DingTalk's robot API; the access_token that names the robot is a secret setting of its own. */
export const DINGTALK_WEBHOOK = 'https://oapi.dingtalk.com/robot/send';

export const DingTalkSettings = Type.Object(
  {
    webhookUrl: Url({ title: 'Webhook URL', description: `The robot API without its access_token, normally ${DINGTALK_WEBHOOK}`, default: DINGTALK_WEBHOOK }),
    accessToken: Secret({ title: 'Access token', description: 'The access_token=… part of the robot’s webhook address: it alone lets anyone post to the group', maxLength: 256 }),
    secret: Type.Optional(Secret({ title: 'Signing secret', description: 'The SEC… secret of a robot with signature security (加签); empty for a robot with keyword or IP security', maxLength: 256 })),
  },
  { additionalProperties: false },
);
export type DingTalkSettings = Static<typeof DingTalkSettings>;

/** `sign` before URL encoding: base64(HmacSHA256(secret, `${timestamp}\n${secret}`)). */
export const dingTalkSign = (secret: string, timestampMs: number) => createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');

/** The robot URL with timestamp and sign set (URLSearchParams form-encodes the base64: + / = become %2B %2F %3D). */
export function dingTalkUrl(settings: DingTalkSettings, now: number): string {
  const url = settingUrl('DingTalk', settings.webhookUrl || DINGTALK_WEBHOOK);
  url.searchParams.set('access_token', settings.accessToken);
  if (settings.secret) {
    url.searchParams.set('timestamp', String(now));
    url.searchParams.set('sign', dingTalkSign(settings.secret, now));
  }
  return url.toString();
}

export function dingTalkBody(message: ChannelMessage, recipients: ChannelRecipient[]) {
  const words = labels(message.locale);
  const title = oneLine(titleWithLevel(message));
  const mobiles = unique(recipients.map((r) => r.mobile));
  const userIds = unique(recipients.filter((r) => !r.mobile).map((r) => r.vendorId));
  const ack = safeLink(message.ackUrl);
  const url = safeLink(message.url);
  const links = [...(ack ? [`[${markdownLabel(words.acknowledge)}](${markdownUrl(ack)})`] : []), ...(url ? [`[${markdownLabel(words.view)}](${markdownUrl(url)})`] : [])];
  const mentions = [...mobiles, ...userIds].map((m) => `@${m}`);
  const text = [
    `#### ${title}`,
    ...message.lines.map((line) => `> ${oneLine(line)}`),
    ...(links.length > 0 ? [links.join('　')] : []),
    ...(mentions.length > 0 ? [mentions.join(' ')] : []),
  ].join('\n\n');
  return {
    msgtype: 'markdown',
    markdown: { title, text },
    at: { atMobiles: mobiles, ...(userIds.length > 0 && { atUserIds: userIds }), isAtAll: false },
  };
}

const unique = (values: (string | null)[]): string[] => [...new Set(values.filter((v): v is string => !!v))];

function validate(settings: DingTalkSettings): FieldProblem[] {
  return [...urlProblems('webhookUrl', settings.webhookUrl || DINGTALK_WEBHOOK, { separateParameter: 'access_token' }), ...requiredText('accessToken', settings.accessToken)];
}

/** errcode → what it means for a retry (https://open.dingtalk.com/document/orgapp/custom-robot-access) */
const RATE_LIMITED = new Set([130101, 660026]);

async function send(settings: DingTalkSettings, message: ChannelMessage, recipients: ChannelRecipient[], ctx: SendContext): Promise<SendResult> {
  const answer = await httpRequest(
    'DingTalk',
    { method: 'POST', url: dingTalkUrl(settings, ctx.now), headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(dingTalkBody(message, recipients)) },
    ctx.signal,
  );
  const body = vendorJson('DingTalk', answer);
  const errcode = field(body, 'errcode');
  const errmsg = String(field(body, 'errmsg') ?? '');
  if (errcode === 0) return { outcome: 'sent' };
  if (typeof errcode !== 'number') throw new ChannelSendError(`DingTalk: unexpected answer (HTTP ${answer.status}): ${excerpt(answer.text)}`, answer.status < 300);
  const said = `DingTalk: errcode ${errcode}${errmsg ? `: ${errmsg}` : ''}`;
  if (RATE_LIMITED.has(errcode)) throw new ChannelSendError(said, true, true);
  // -1 is DingTalk's "system busy"; everything else (310000 signature, keyword or IP refused; 300001 bad token…)
  // needs the settings changed
  throw new ChannelSendError(errcode === 310000 ? `${said} (signature, keyword or IP address refused: check the secret and the robot’s security settings)` : said, errcode === -1);
}

export const dingTalkChannel: ChannelPlugin<DingTalkSettings> = {
  kind: 'dingtalk',
  describe: {
    label: { 'zh-CN': '钉钉群机器人', en: 'DingTalk group robot' },
    addresses: 'none',
    defaultRatePerMinute: 20,
    secretFields: ['accessToken', 'secret'],
  },
  settingsSchema: DingTalkSettings,
  validate,
  send,
  // the kept-alive sockets of every HTTP channel (one pool per origin in http.ts)
};
