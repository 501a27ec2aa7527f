import { Type } from '@sinclair/typebox';
import type { ChannelPlugin } from './channels/channel.ts';

/**
 * The in-console channel: a notification for a person is delivered the moment it is stored, and the deliverer's
 * notify.console event rings that person's bell on the live stream (and, with their permission, the browser's own
 * notification). It needs no settings and is always there (opsdesk makes it on first start).
 */
export const consoleChannel: ChannelPlugin = {
  kind: 'console',
  describe: {
    label: { 'zh-CN': '控制台通知', en: 'In-console' },
    addresses: 'user',
    defaultRatePerMinute: null,
    secretFields: [],
  },
  settingsSchema: Type.Object({}, { additionalProperties: false }),
  validate: () => [],
  send: async () => ({ outcome: 'delivered', detail: 'shown in the console' }),
};
