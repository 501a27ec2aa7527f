import type { ChannelPlugin } from './channel.ts';
import { dingTalkChannel } from './dingtalk.ts';
import { emailChannel } from './email.ts';
import { feishuChannel } from './feishu.ts';
import { closeHttpAgents } from './http.ts';
import { aliyunSmsChannel } from './sms-aliyun.ts';
import { smsHttpChannel } from './sms-http.ts';
import { webhookChannel } from './webhook.ts';
import { weComChannel } from './wecom.ts';

/**
 * The channel kinds opsdesk knows, by name. Explicit: a plug-in is in the list below or it does not exist, and two
 * plug-ins claiming one kind are refused when the registry is built (at start-up), not discovered when a message
 * goes to the wrong one.
 */

/**
 * A plug-in as the registry holds it: settings as a plain object. The registry hands out plug-ins by a kind read from
 * the database, so the settings are only known to fit after the plug-in's schema has checked them.
 */
export type AnyChannelPlugin = ChannelPlugin;

export interface ChannelRegistry {
  /** the plug-in for a kind, or undefined for a kind nobody registered (a stored channel of a removed kind) */
  get(kind: string): AnyChannelPlugin | undefined;
  /** every plug-in, in registration order */
  list(): readonly AnyChannelPlugin[];
  /** every kind, in registration order */
  readonly kinds: readonly string[];
  /** closes what plug-ins keep between sends (pooled SMTP connections): when the node stops */
  close(): Promise<void>;
}

/**
 * Every plug-in that needs nothing but its settings. The in-console channel (kind `console`) is not here: it writes
 * to the database, so the notify module builds it with its `db` and passes it to createDefaultChannelRegistry.
 */
export const BUILT_IN_CHANNELS: readonly AnyChannelPlugin[] = [
  emailChannel,
  smsHttpChannel,
  aliyunSmsChannel,
  dingTalkChannel,
  weComChannel,
  feishuChannel,
  webhookChannel,
];

export function createChannelRegistry(plugins: readonly AnyChannelPlugin[]): ChannelRegistry {
  const byKind = new Map<string, AnyChannelPlugin>();
  for (const plugin of plugins) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(plugin.kind)) throw new Error(`Notification channel kind "${plugin.kind}" must be 1–32 lower-case letters, digits or dashes`);
    if (byKind.has(plugin.kind)) throw new Error(`Notification channel kind "${plugin.kind}" is registered twice`);
    byKind.set(plugin.kind, plugin);
  }
  const list = Object.freeze([...byKind.values()]);
  const kinds = Object.freeze([...byKind.keys()]);
  return {
    get: (kind) => byKind.get(kind),
    list: () => list,
    kinds,
    close: async () => {
      await Promise.all(list.map((plugin) => plugin.close?.()));
      // The HTTP plug-ins share http.ts's keep-alive agents: closed once here, not by each of them.
      closeHttpAgents();
    },
  };
}

/**
 * The registry a node runs with: the built-in plug-ins plus those built with the node's resources — today the
 * in-console channel, `createDefaultChannelRegistry([createConsoleChannel({ db, clock })])`.
 */
export const createDefaultChannelRegistry = (extra: readonly AnyChannelPlugin[] = []): ChannelRegistry => createChannelRegistry([...BUILT_IN_CHANNELS, ...extra]);
