import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Type, type Static } from '@sinclair/typebox';
import nodemailer, { type NodemailerError, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import { ChannelSendError, type ChannelMessage, type ChannelPlugin, type ChannelRecipient, type SendContext, type SendResult } from './channel.ts';
import { labels, levelColour, levelName, safeLink } from './format.ts';
import { isCertificateError } from './http.ts';
import { requiredText, settingsField } from './settings-checks.ts';
import { Secret, Text } from './settings-schema.ts';

/**
 * E-mail over SMTP (nodemailer). One recipient per send, so one refused address fails alone and each delivery has its
 * own result. A pooled transport is kept per distinct settings (keyed by their hash) and closed after a minute idle,
 * so a burst of alerts to ten people reuses `poolSize` connections instead of making ten TLS handshakes.
 */

/**
 * Two connections unless told otherwise: the hosted mailboxes campuses send through (Tencent, Aliyun and NetEase
 * enterprise mail, Coremail) limit how many SMTP sessions one account or client may hold and answer 421 beyond it,
 * which costs a retry 5 s later; a relay of one's own (Postfix, Exchange) takes many more, and a burst of mails goes
 * out that many at a time (one mail is ~80 ms of SMTP conversation on a busy node: 20 mails take 0.8 s over two).
 */
export const DEFAULT_POOL_SIZE = 2;
export const MAX_POOL_SIZE = 20;

export const EmailSettings = Type.Object(
  {
    host: Text({ title: 'SMTP server', description: 'Host name or IP address of the mail server, e.g. smtp.exmail.qq.com', minLength: 1, maxLength: 253, pattern: '^[^\\s/:@]+$|^\\[[0-9A-Fa-f:.]+\\]$' }),
    port: Type.Integer({ title: 'Port', description: '465 with implicit TLS, 587 with STARTTLS, 25 without either', minimum: 1, maximum: 65535 }),
    secure: Type.Optional(Type.Boolean({ title: 'Implicit TLS', description: 'Speak TLS from the first byte (usually port 465)', default: false })),
    requireTls: Type.Optional(Type.Boolean({ title: 'Require STARTTLS', description: 'Refuse to send unless the server upgrades the connection with STARTTLS (usually port 587)', default: false })),
    username: Type.Optional(Text({ title: 'User name', description: 'SMTP login; leave empty when the server accepts mail without one', maxLength: 320 })),
    password: Type.Optional(Secret({ title: 'Password', description: 'SMTP password or the mailbox’s authorisation code (授权码)' })),
    from: Text({ title: 'From', description: 'Sender, e.g. "运维值班" <noc@example.edu.cn>', minLength: 3, maxLength: 320 }),
    rejectUnauthorized: Type.Optional(Type.Boolean({ title: 'Verify the certificate', description: 'Refuse a server whose TLS certificate cannot be verified; turn off only for a server with a self-signed certificate', default: true })),
    poolSize: Type.Optional(
      Type.Integer({
        title: 'Connections',
        description: `SMTP connections kept open to the server, each sending one mail at a time (1–${MAX_POOL_SIZE}, default ${DEFAULT_POOL_SIZE}); raise it only for a server that accepts that many from one client`,
        minimum: 1,
        maximum: MAX_POOL_SIZE,
        default: DEFAULT_POOL_SIZE,
      }),
    ),
  },
  { additionalProperties: false },
);
export type EmailSettings = Static<typeof EmailSettings>;

/** connect and greeting within 10 s, and no socket silent for 30 s (the outbox's signal bounds the whole send) */
const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;
const POOL_IDLE_MS = 60_000;
/** distinct settings kept at once; the least recently used transport is closed beyond it */
const MAX_TRANSPORTS = 16;

type PoolTransport = Transporter<SMTPPoolSentMessageInfo>;
const transports = new Map<string, PoolTransport>();

function transportFor(settings: EmailSettings): PoolTransport {
  const key = settingsKey(settings);
  const kept = transports.get(key);
  if (kept) {
    // re-inserted: Map order is the LRU order
    transports.delete(key);
    transports.set(key, kept);
    return kept;
  }
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: settings.poolSize ?? DEFAULT_POOL_SIZE,
    idleTimeout: POOL_IDLE_MS,
    // the outbox retries with back-off; the pool's own requeue would only hide a connection that keeps dropping
    maxRequeues: 0,
    host: settings.host,
    port: settings.port,
    secure: settings.secure ?? false,
    requireTLS: settings.requireTls ?? false,
    ...(settings.username && { auth: { user: settings.username, pass: settings.password ?? '' } }),
    tls: { rejectUnauthorized: settings.rejectUnauthorized ?? true },
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  transports.set(key, transport);
  for (const [oldKey, old] of transports) {
    if (transports.size <= MAX_TRANSPORTS) break;
    transports.delete(oldKey);
    old.close();
  }
  return transport;
}

const canonicalize = createRequire(import.meta.url)('canonicalize') as (value: unknown) => string | undefined;
const settingsKey = (settings: EmailSettings) => createHash('sha256').update(canonicalize(settings) ?? '').digest('hex');

/** Closes every kept SMTP connection (the node stopping; tests). */
export function closeEmailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

const ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+$/;

/** The one mailbox a From field names, or null. */
function senderOf(from: string): { name: string; address: string } | null {
  const parsed = addressparser(from);
  const only = parsed.length === 1 ? parsed[0] : undefined;
  if (!only || only.group || !ADDRESS.test(only.address)) return null;
  return { name: only.name, address: only.address };
}

function validate(settings: EmailSettings): FieldProblem[] {
  const problems: FieldProblem[] = [...requiredText('host', settings.host)];
  if (typeof settings.from !== 'string' || senderOf(settings.from) === null) {
    problems.push(fieldProblem(settingsField('from'), 'emailAddress', { value: String(settings.from ?? '') }));
  }
  // a login needs both halves; the password may be kept from before (the API never shows it), so only its absence counts
  if (settings.username && !settings.password) problems.push(...requiredText('password', settings.password));
  if (settings.password && !settings.username) problems.push(...requiredText('username', settings.username));
  return problems;
}

async function send(settings: EmailSettings, message: ChannelMessage, recipients: ChannelRecipient[], ctx: SendContext): Promise<SendResult> {
  const recipient = recipients.length === 1 ? recipients[0]! : null;
  if (!recipient) throw new ChannelSendError(`E-mail: sends to one recipient at a time, got ${recipients.length}`, false);
  if (!recipient.address || !ADDRESS.test(recipient.address)) {
    throw new ChannelSendError(`E-mail: ${recipient.address ? `${recipient.address} is not an e-mail address` : 'the recipient has no e-mail address'}`, false);
  }
  const sender = senderOf(settings.from);
  if (!sender) throw new ChannelSendError(`E-mail: the From setting ${settings.from} is not an e-mail address`, false);

  try {
    const info = await transportFor(settings).sendMail({
      from: settings.from,
      to: { name: recipient.name ?? '', address: recipient.address },
      subject: message.title,
      text: renderText(message),
      html: renderHtml(message),
      messageId: `<${messageIdPart(message.id)}@${sender.address.split('@')[1]}>`,
      date: new Date(ctx.now),
      ...(message.level === 1 && message.kind === 'alert' && { priority: 'high' as const }),
      // RFC 3834: out-of-office replies and the like must not answer an automatic message
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      signal: ctx.signal,
    });
    return { outcome: 'sent', providerId: info.messageId, detail: info.response };
  } catch (error) {
    throw mailFailure(settings.host, error as NodemailerError, ctx.signal);
  }
}

/** The id as Message-ID's left part (dot-atom text: letters, digits and a few signs). */
const messageIdPart = (id: string) => id.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-') || 'opsdesk';

/**
 * What a failed send means. An SMTP reply decides when there is one: 4xx (busy, greylisted, try later) retryable, 5xx
 * (550 recipient refused, 535 authentication failed, 554 policy) not. Without a reply: a failed login, a TLS set-up
 * or certificate that fails is the settings' fault (not retryable); a connection refused, dropped or timed out is
 * retryable.
 */
export function mailFailure(host: string, error: NodemailerError, signal: AbortSignal): ChannelSendError {
  if (signal.aborted) {
    const timedOut = (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
    return new ChannelSendError(`E-mail: ${timedOut ? 'timed out' : 'aborted'} sending through ${host}`, true);
  }
  const said = `E-mail: ${host}: ${error.response ?? error.message}`;
  const code = error.responseCode;
  if (typeof code === 'number' && code >= 400) return new ChannelSendError(said, code < 500 || code === 503);
  switch (error.code) {
    case 'EAUTH':
    case 'ENOAUTH':
    case 'ETLS':
    case 'EREQUIRETLS':
    case 'ECONFIG':
    case 'EENVELOPE':
      return new ChannelSendError(said, false);
    default:
      if (isCertificateError(error.originalCode)) return new ChannelSendError(`E-mail: ${host}: TLS certificate cannot be trusted: ${error.message} (${error.originalCode})`, false);
      // ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, EPROTOCOL…: the way there, not the message
      return new ChannelSendError(`${said}${error.originalCode ? ` (${error.originalCode})` : ''}`, true);
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const RESOLVED_COLOUR = '#389e0d';
const accentOf = (message: ChannelMessage) => (message.kind === 'resolved' ? RESOLVED_COLOUR : levelColour(message.level));

export function renderText(message: ChannelMessage): string {
  const words = labels(message.locale);
  const ack = safeLink(message.ackUrl);
  const url = safeLink(message.url);
  return [
    message.title,
    '',
    ...message.lines,
    ...(ack || url ? [''] : []),
    ...(ack ? [`${words.acknowledge}: ${ack}`] : []),
    ...(url ? [`${words.viewInConsole}: ${url}`] : []),
    '',
    '-- opsdesk',
    '',
  ].join('\n');
}

/** A plain table layout with inline styles: what mail clients (Outlook, Foxmail, QQ Mail) draw alike. */
export function renderHtml(message: ChannelMessage): string {
  const words = labels(message.locale);
  const accent = accentOf(message);
  const level = levelName(message.level, message.locale);
  const ack = safeLink(message.ackUrl);
  const url = safeLink(message.url);
  const lines = message.lines.map((line) => `<p style="margin:0 0 6px;">${escapeHtml(line)}</p>`).join('\n');
  const button = ack
    ? `<a href="${escapeHtml(ack)}" style="display:inline-block;padding:10px 22px;background:${accent};color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none;border-radius:4px;">${escapeHtml(words.acknowledge)}</a>`
    : '';
  const link = url ? `<a href="${escapeHtml(url)}" style="color:#096dd9;font-size:14px;">${escapeHtml(words.viewInConsole)}</a>` : '';
  const badge = level
    ? `<span style="display:inline-block;padding:1px 8px;background:${accent};color:#ffffff;font-size:12px;border-radius:3px;">${escapeHtml(level)}</span>`
    : '';
  return `<!DOCTYPE html>
<html lang="${message.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(message.title)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f5f5f5;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#ffffff;border-top:4px solid ${accent};font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;">
<tr><td style="padding:20px 24px 8px;">${badge}
<h1 style="margin:8px 0 0;font-size:18px;line-height:1.4;color:#262626;">${escapeHtml(message.title)}</h1></td></tr>
<tr><td style="padding:8px 24px;font-size:14px;line-height:1.6;color:#434343;">
${lines}
</td></tr>
${button || link ? `<tr><td style="padding:12px 24px 24px;">${button}${button && link ? '&nbsp;&nbsp;&nbsp;' : ''}${link}</td></tr>` : ''}
<tr><td style="padding:12px 24px;border-top:1px solid #f0f0f0;font-size:12px;color:#8c8c8c;">opsdesk</td></tr>
</table></td></tr></table>
</body>
</html>
`;
}

export const emailChannel: ChannelPlugin<EmailSettings> = {
  kind: 'email',
  describe: {
    label: { 'zh-CN': '电子邮件', en: 'E-mail' },
    addresses: 'email',
    defaultRatePerMinute: null,
    secretFields: ['password'],
  },
  settingsSchema: EmailSettings,
  validate,
  send,
  close: closeEmailTransports,
};
