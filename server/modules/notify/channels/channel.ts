import type { TObject } from '@sinclair/typebox';
import type { FieldProblem } from '../../../field-problems.ts';

/**
 * A notification channel: one small plug-in per way of reaching people (SMTP, SMS gateways, chat robots, webhooks).
 * The outbox (notify/outbox) decides what to send to whom and when; a channel only renders one message in its
 * vendor's format and hands it over. Registered in channels/registry.ts, which refuses duplicate kinds.
 */

export type Locale = 'zh-CN' | 'en';

/** What a notification says, already worded in the recipient's language by the outbox; channels only lay it out. */
export interface ChannelMessage {
  /**
   * 'incident': a notice about an incident (an SLA warning or breach, an update to the client, its resolution);
   * 'notice': a notice about something else (a drill starting)
   */
  kind: 'alert' | 'resolved' | 'digest' | 'test' | 'incident' | 'notice';
  locale: Locale;
  /** 1 severe (一级), 2 important (二级), 3 minor (三级); null for a test */
  level: 1 | 2 | 3 | null;
  /** one line, e.g. "【一级】二食堂 · POS 终端静默 3 分钟" */
  title: string;
  /** detail lines, in order (site, device, since when, what fired it, how many more…) */
  lines: string[];
  /** the alert (or the alert list) in the console; null when there is none */
  url: string | null;
  /** signed one-time acknowledgement link (works without signing in); null when there is nothing to acknowledge */
  ackUrl: string | null;
  /** epoch ms the message is about */
  at: number;
  /** stable id of this notification: webhook receivers deduplicate on it; mail uses it in Message-ID */
  id: string;
}

/** Who a message goes to. Person channels (e-mail, SMS) get one; robots get the people to mention. */
export interface ChannelRecipient {
  userId: string | null;
  name: string | null;
  /** e-mail address or phone number, as the channel's `addresses` says; null for robots and webhooks */
  address: string | null;
  /** phone number to @mention in a group robot (DingTalk atMobiles), when known */
  mobile: string | null;
  /** the person's id in the vendor's directory (DingTalk userId, WeCom userid, Feishu open_id), when known */
  vendorId: string | null;
}

export interface SendContext {
  /** aborts when the send takes too long (the outbox's timeout) or the node stops */
  signal: AbortSignal;
  /** the outbox clock's time (epoch ms): signatures and timestamps use it, never Date.now() */
  now: number;
}

/** What a successful hand-over says: `delivered` only when the vendor confirms delivery itself. */
export interface SendResult {
  outcome: 'sent' | 'delivered';
  /** the vendor's id for the message (SMS BizId, SMTP Message-ID…), for receipts */
  providerId?: string;
  detail?: string;
}

/**
 * A send that failed. `retryable`: the outbox tries again with back-off (network error, timeout, 5xx, rate limited,
 * an answer it cannot read); not retryable: a wrong secret, a refused recipient — retrying cannot help.
 */
export class ChannelSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** the vendor said it is being sent too fast: the outbox folds what waits into a digest */
    readonly rateLimited = false,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}

export interface ChannelDescription {
  /** shown in the console's channel list and form */
  label: Record<Locale, string>;
  /** what a recipient's address is: an e-mail, a phone, nothing (robots and webhooks post to one place), the user (console) */
  addresses: 'email' | 'phone' | 'none' | 'user';
  /** vendor limit per minute, folded into digests beyond it (DingTalk and WeCom robots: 20); null: none known */
  defaultRatePerMinute: number | null;
  /** settings fields that are secrets: stored encrypted, never returned by the API */
  secretFields: readonly string[];
}

export interface ChannelPlugin<Settings = Record<string, unknown>> {
  kind: string;
  describe: ChannelDescription;
  /** the settings as a TypeBox object (additionalProperties false): validates the API body and draws the console form */
  settingsSchema: TObject;
  /** checks beyond the schema (URL scheme and host, template placeholders…), each naming its field as settings.<name> */
  validate(settings: Settings): FieldProblem[];
  /** renders and hands over one message; throws ChannelSendError (or anything, taken as retryable) when it fails */
  send(settings: Settings, message: ChannelMessage, recipients: ChannelRecipient[], ctx: SendContext): Promise<SendResult>;
  /** releases what the plug-in keeps between sends (the e-mail plug-in's pooled SMTP connections) when the node stops */
  close?(): void | Promise<void>;
}
