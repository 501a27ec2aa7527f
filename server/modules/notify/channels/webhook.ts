import { createHmac } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FieldProblem } from '../../../field-problems.ts';
import { ChannelSendError, type ChannelMessage, type ChannelPlugin, type ChannelRecipient, type SendContext, type SendResult } from './channel.ts';
import { httpRequest, settingUrl, statusFailure } from './http.ts';
import { headerProblems, requiredText, urlProblems } from './settings-checks.ts';
import { Headers, Secret, Url } from './settings-schema.ts';

/**
 * A generic JSON webhook, signed the way Stripe signs its events so receivers can use the recipe they know:
 *
 *   X-Opsdesk-Timestamp: <unix seconds>
 *   X-Opsdesk-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
 *   X-Opsdesk-Delivery:  <message id>     (the same on every retry: deduplicate on it)
 *
 * A receiver recomputes the HMAC over the raw bytes it received (not a re-serialised parse), compares in constant
 * time, and refuses a timestamp more than a few minutes old (replay). The body is `WebhookBody`; recipients are named
 * by user id and name only — phone numbers and e-mail addresses never leave opsdesk this way.
 */

export const WebhookSettings = Type.Object(
  {
    url: Url({ title: 'URL', description: 'Where to POST the JSON notification (http or https)' }),
    secret: Secret({ title: 'Signing secret', description: 'Shared secret for X-Opsdesk-Signature (HMAC-SHA256); at least 16 characters', minLength: 16, maxLength: 256 }),
    headers: Type.Optional(Headers({ title: 'Extra headers', description: 'Added to every request, e.g. a routing key the receiver expects' })),
  },
  { additionalProperties: false },
);
export type WebhookSettings = Static<typeof WebhookSettings>;

/** The JSON a webhook receives (documented in channels/README.md). */
export interface WebhookBody {
  id: string;
  kind: ChannelMessage['kind'];
  level: ChannelMessage['level'];
  locale: ChannelMessage['locale'];
  title: string;
  lines: string[];
  url: string | null;
  ackUrl: string | null;
  /** epoch ms the message is about */
  at: number;
  recipients: { userId: string | null; name: string | null }[];
}

const RESERVED_HEADERS = ['content-type', 'content-length', 'host', 'user-agent', 'x-opsdesk-timestamp', 'x-opsdesk-signature', 'x-opsdesk-delivery'];

export const webhookBody = (message: ChannelMessage, recipients: ChannelRecipient[]): WebhookBody => ({
  id: message.id,
  kind: message.kind,
  level: message.level,
  locale: message.locale,
  title: message.title,
  lines: message.lines,
  url: message.url,
  ackUrl: message.ackUrl,
  at: message.at,
  recipients: recipients.map((r) => ({ userId: r.userId, name: r.name })),
});

/** `sha256=<hex>` over `${timestamp}.${rawBody}`. */
export const webhookSignature = (secret: string, timestamp: number, rawBody: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;

function validate(settings: WebhookSettings): FieldProblem[] {
  return [...urlProblems('url', settings.url), ...requiredText('secret', settings.secret), ...headerProblems('headers', settings.headers, RESERVED_HEADERS)];
}

async function send(settings: WebhookSettings, message: ChannelMessage, recipients: ChannelRecipient[], ctx: SendContext): Promise<SendResult> {
  const raw = JSON.stringify(webhookBody(message, recipients));
  const timestamp = Math.floor(ctx.now / 1000);
  const answer = await httpRequest(
    'Webhook',
    {
      method: 'POST',
      url: settingUrl('Webhook', settings.url).toString(),
      headers: {
        ...settings.headers,
        'content-type': 'application/json; charset=utf-8',
        'x-opsdesk-timestamp': String(timestamp),
        'x-opsdesk-signature': webhookSignature(settings.secret, timestamp, raw),
        'x-opsdesk-delivery': message.id,
      },
      body: raw,
    },
    ctx.signal,
  );
  if (answer.status === 410) throw new ChannelSendError('Webhook: HTTP 410 Gone: the receiver says this hook no longer exists', false);
  const failure = statusFailure('Webhook', answer);
  if (failure) throw failure;
  return { outcome: 'sent', detail: `HTTP ${answer.status}` };
}

export const webhookChannel: ChannelPlugin<WebhookSettings> = {
  kind: 'webhook',
  describe: {
    label: { 'zh-CN': 'Webhook（JSON）', en: 'Webhook (JSON)' },
    addresses: 'none',
    defaultRatePerMinute: null,
    secretFields: ['secret'],
  },
  settingsSchema: WebhookSettings,
  validate,
  send,
  // the kept-alive sockets of every HTTP channel (one pool per origin in http.ts)
};
