import { loadOrCreateSecretBox, type SecretBox } from '../../lib/secret-box.ts';
import type { ModuleContext } from '../../module.ts';
import type { ChannelPlugin } from './channels/channel.ts';
import { createDefaultChannelRegistry } from './channels/registry.ts';
import { consoleChannel } from './console-channel.ts';
import { ackLinksRepository, channelsUsedByPolicies, notificationsRepository } from './notify.repository.ts';
import { createDeliverer } from './outbox/deliverer.ts';
import { createOutbox } from './outbox/outbox.ts';

/**
 * The outbox as another module uses it (oncall's escalations): the channel plug-ins, the node's secret box (which
 * signs acknowledgement links) and the outbox over them. Nothing here runs by itself.
 */
export function createNotifyOutbox(ctx: ModuleContext, options: { box?: SecretBox; /** besides the built-in ones (default: the in-console channel) */ plugins?: readonly ChannelPlugin[] } = {}) {
  const { config, events } = ctx;
  const registry = createDefaultChannelRegistry(options.plugins ?? [consoleChannel]);
  const box = options.box ?? loadOrCreateSecretBox(config.notify.secretKeyPath);
  const outbox = createOutbox({ channels: registry, box, events, publicUrl: config.notify.publicUrl, ackLinkTtlMs: config.notify.ackLinkTtlMs, retryForMs: config.notify.retryForMs });
  return { registry, box, outbox };
}

/**
 * What paging is built on, made once per node: the channel plug-ins, the node's secret box, the outbox that stores
 * notifications (used by oncall's escalations through the module's index) and the deliverer that sends them (started
 * by main.ts on nodes that run the worker).
 */
export function createNotifyCore(ctx: ModuleContext, options: { box?: SecretBox; /** besides the built-in ones (default: the in-console channel) */ plugins?: readonly ChannelPlugin[] } = {}) {
  const { db, clock, config, events } = ctx;
  const { registry, box, outbox } = createNotifyOutbox(ctx, options);
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
