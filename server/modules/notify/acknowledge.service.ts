import { toIso, toIsoOrNull } from '../../clock.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import type { ModuleContext } from '../../module.ts';
import { alertBriefs, createAlertsService } from '../alerting/index.ts';
import { can, loadUserActor, type RequestContext } from '../auth/index.ts';
import { ackLinksRepository, notificationsRepository, peopleRepository } from './notify.repository.ts';
import type { AckLinksTable } from './notify.tables.ts';
import type { Outbox } from './outbox/outbox.ts';

/** An SMS reply that acknowledges: "1" as the message asks, or the words people type anyway. */
const ACK_WORDS = new Set(['1', '确认', '收到', 'ack', 'ok', 'y', 'yes']);
/** Replies acknowledge what was sent to that number in the last this long. */
const SMS_REPLY_WINDOW_MS = 24 * 3_600_000;

const digitsOf = (phone: string) => phone.replace(/[^0-9]/g, '');
/** The forms a Chinese mobile number is stored in: 13800138000, +8613800138000, 8613800138000. */
function phoneForms(phone: string): string[] {
  const digits = digitsOf(phone);
  const national = digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
  return [...new Set([phone.trim(), digits, national, `+86${national}`, `86${national}`, `+${digits}`])];
}

/**
 * Acknowledging from outside the console (SPEC C4.4): the signed one-time link in a notification (works on a phone
 * without signing in, expires, cannot be replayed) and an SMS reply through the gateway's inbound webhook. Both act as
 * the person who was paged, with that person's permissions and sites as of now, and leave the same audit record and
 * alert timeline as the console's button.
 */
export function createAcknowledgeService(ctx: ModuleContext, deps: { outbox: Outbox }) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;
  const alerts = createAlertsService(ctx);

  async function linkOf(token: string): Promise<AckLinksTable> {
    const id = deps.outbox.linkId(token);
    const link = id ? await ackLinksRepository.findById(k, id) : undefined;
    // A forged, altered or unknown link: one answer for all, so a prober learns nothing.
    if (!link) throw new NotFoundError('Acknowledgement link');
    return link;
  }

  async function described(link: AckLinksTable) {
    const briefs = await alertBriefs(k, JSON.parse(link.alert_ids) as string[]);
    return briefs.map((b) => ({ id: b.id, title: [b.siteName, b.name, b.deviceCode].filter(Boolean).join(' · '), level: b.level, state: b.state }));
  }

  /** Acknowledges the open ones of these alerts as this person; the number acknowledged now. */
  async function acknowledgeAs(rc: RequestContext, alertIds: readonly string[], comment: string): Promise<number> {
    let done = 0;
    for (const brief of await alertBriefs(k, alertIds)) {
      if (brief.state !== 'firing' && brief.state !== 'pending') continue;
      try {
        await alerts.acknowledge(rc, brief.id, comment);
        done += 1;
      } catch (error) {
        // Resolved meanwhile, or out of the person's sites now: the others still count.
        if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
      }
    }
    return done;
  }

  async function personContext(userId: string, via: 'link' | 'sms', ip: string | null): Promise<RequestContext> {
    const loaded = await loadUserActor(k, userId, via);
    if (!loaded || !can(loaded.actor, 'alerts:ack')) throw new ForbiddenError('The person this was sent to may not acknowledge alerts (disabled, or without alerts:ack)', { permission: 'alerts:ack' });
    return { actor: loaded.actor, ip, requestId: null };
  }

  return {
    async view(token: string) {
      const link = await linkOf(token);
      const person = (await peopleRepository.find(k, [link.user_id]))[0];
      return { userName: person?.display_name ?? '', alerts: await described(link), expiresAt: toIso(link.expires_at), usedAt: toIsoOrNull(link.used_at) };
    },

    async use(token: string, ip: string | null) {
      const link = await linkOf(token);
      const now = clock.now();
      if (link.used_at !== null) throw new ConflictError('This link was used already: open the alert in the console', 'ACK_LINK_USED');
      if (link.expires_at <= now) throw new ConflictError('This link has expired: open the alert in the console', 'ACK_LINK_EXPIRED');
      const rc = await personContext(link.user_id, 'link', ip);
      // Marked used first, atomically: two taps racing acknowledge once.
      if (!(await ackLinksRepository.use(k, link.id, now, ip))) throw new ConflictError('This link was used already: open the alert in the console', 'ACK_LINK_USED');
      await k.transaction().execute((trx) => audit.append(trx, rc, { action: 'ack_link.use', targetType: 'notification', targetId: link.notification_id, after: { alerts: JSON.parse(link.alert_ids) as string[] } }));
      const acknowledged = await acknowledgeAs(rc, JSON.parse(link.alert_ids) as string[], 'acknowledged from the link in a notification');
      return { acknowledged, alerts: await described(link) };
    },

    /** An SMS reply: "1" acknowledges what was last sent to that number (within a day), as its person. */
    async smsReply(body: { phone: string; text: string }) {
      const word = body.text.trim().toLowerCase();
      const forms = phoneForms(body.phone);
      const users = await peopleRepository.usersWithPhone(k, forms);
      if (users.length === 0) return { outcome: 'unknown-number' as const, acknowledged: 0 };
      if (!ACK_WORDS.has(word)) return { outcome: 'not-understood' as const, acknowledged: 0 };
      const last = await notificationsRepository.latestToPhones(k, forms, clock.now() - SMS_REPLY_WINDOW_MS);
      if (!last?.user_id) return { outcome: 'nothing-to-acknowledge' as const, acknowledged: 0 };
      const rc = await personContext(last.user_id, 'sms', null);
      const acknowledged = await acknowledgeAs(rc, JSON.parse(last.alert_ids) as string[], 'acknowledged by SMS reply');
      return { outcome: acknowledged > 0 ? ('acknowledged' as const) : ('nothing-to-acknowledge' as const), acknowledged };
    },
  };
}

export type AcknowledgeService = ReturnType<typeof createAcknowledgeService>;
