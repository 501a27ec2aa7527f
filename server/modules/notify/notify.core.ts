import { loadOrCreateSecretBox, type SecretBox } from '../../lib/secret-box.ts';
import type { ModuleContext } from '../../module.ts';
import { createDefaultChannelRegistry, type ChannelRegistry } from './channels/registry.ts';
import { consoleChannel } from './console-channel.ts';
import { ackLinksRepository, channelsUsedByPolicies, notificationsRepository } from './notify.repository.ts';
import { createDeliverer } from './outbox/deliverer.ts';
import { createOutbox, type Outbox } from './outbox/outbox.ts';

const outboxes = new WeakMap<ModuleContext, { registry: ChannelRegistry; box: SecretBox; outbox: Outbox }>();

/**
 * The node's channel plug-ins, secret box (which seals channel secrets and signs acknowledgement links) and the outbox
 * over them — made once per module context, so that notify's services and oncall's escalator (which reaches it through
 * the module's index) share them: one key file read, one SMTP connection pool. Nothing here runs by itself.
 */
export function createNotifyOutbox(ctx: ModuleContext) {
  let made = outboxes.get(ctx);
  if (!made) {
    const { config, events } = ctx;
    const registry = createDefaultChannelRegistry([consoleChannel]);
    const box = loadOrCreateSecretBox(config.notify.secretKeyPath);
    const outbox = createOutbox({ channels: registry, box, events, publicUrl: config.notify.publicUrl, ackLinkTtlMs: config.notify.ackLinkTtlMs, retryForMs: config.notify.retryForMs });
    made = { registry, box, outbox };
    outboxes.set(ctx, made);
  }
  return made;
}

/**
 * What paging is built on, made once per node: the channel plug-ins, the node's secret box, the outbox that stores
 * notifications (used by oncall's escalations through the module's index) and the deliverer that sends them (started
 * by main.ts on nodes that run the worker).
 */
export function createNotifyCore(ctx: ModuleContext) {
  const { db, clock, config, events } = ctx;
  const { registry, box, outbox } = createNotifyOutbox(ctx);
  const deliverer = createDeliverer({ db, clock, channels: registry, box, events, nodeId: events.nodeId, sendTimeoutMs: config.notify.sendTimeoutMs, publicUrl: config.notify.publicUrl });
  return {
    registry,
    box,
    outbox,
    deliverer,
    /** the escalation policies whose steps use a channel, by name */
    channelUsers: (channelId: string) => channelsUsedByPolicies(db.kysely, channelId),
    async close(): Promise<void> {
      await deliverer.stop();
      await registry.close();
    },
    /** deletes receipts older than `keepMs` (never one still queued) and acknowledgement links past their expiry */
    async applyRetention(keepMs: number): Promise<void> {
      const now = clock.now();
      await notificationsRepository.retention(db.kysely, now - keepMs);
      await ackLinksRepository.expired(db.kysely, now);
    },
  };
}

export type NotifyCore = ReturnType<typeof createNotifyCore>;
