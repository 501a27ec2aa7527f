import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams, Ok } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import type { AcknowledgeService } from './acknowledge.service.ts';
import type { ChannelsService } from './channels.service.ts';
import type { NotificationsService } from './notifications.service.ts';
import {
  AckLinkResult,
  AckLinkView,
  AckTokenParams,
  Channel,
  ChannelKindList,
  ChannelList,
  CreateChannelBody,
  InboxPage,
  InboxQuery,
  MarkReadBody,
  NotificationDetail,
  NotificationListQuery,
  NotificationPage,
  NotifyProfile,
  SmsReplyBody,
  SmsReplyResult,
  TestChannelBody,
  UnreadCount,
  UpdateChannelBody,
  UpdateNotifyProfileBody,
} from './notify.schemas.ts';
import type { PeopleService } from './people.service.ts';

const TestResult = Type.Object({ ok: Type.Boolean(), detail: Type.String(), durationMs: Type.Integer() });

export interface NotifyRouteDeps {
  channels: ChannelsService;
  notifications: NotificationsService;
  notifyPeople: PeopleService;
  acknowledgements: AcknowledgeService;
}

export function notifyRoutes(app: App, deps: NotifyRouteDeps): void {
  const { channels, notifications, notifyPeople, acknowledgements } = deps;

  // ————— channels —————
  const channelTags = ['channels'];
  app.get('/api/v1/channel-kinds', {
    config: { access: 'notify:read' },
    schema: { tags: channelTags, summary: 'The kinds of channel opsdesk can send through, each with its settings schema (the console draws the form from it)', response: { 200: ChannelKindList, ...errorResponses } },
    handler: async (request) => channels.kinds(request.ctx),
  });
  app.get('/api/v1/channels', {
    config: { access: 'notify:read' },
    schema: { tags: channelTags, summary: 'Notification channels (secrets are never returned: secretsSet says which are set)', response: { 200: ChannelList, ...errorResponses } },
    handler: async (request) => channels.list(request.ctx),
  });
  app.get('/api/v1/channels/:id', {
    config: { access: 'notify:read' },
    schema: { tags: channelTags, summary: 'One notification channel', params: IdParams, response: { 200: Channel, ...errorResponses } },
    handler: async (request) => channels.get(request.ctx, request.params.id),
  });
  app.post('/api/v1/channels', {
    config: { access: 'notify:write' },
    schema: { tags: channelTags, summary: "Add a channel: its kind's settings are checked field by field; secret fields are stored sealed", body: CreateChannelBody, response: { 200: Channel, ...errorResponses } },
    handler: async (request) => channels.create(request.ctx, request.body),
  });
  app.patch('/api/v1/channels/:id', {
    config: { access: 'notify:write' },
    schema: { tags: channelTags, summary: 'Change a channel; secret fields left out keep their value, null clears them', params: IdParams, body: UpdateChannelBody, response: { 200: Channel, ...errorResponses } },
    handler: async (request) => channels.update(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/channels/:id', {
    config: { access: 'notify:write' },
    schema: { tags: channelTags, summary: 'Delete a channel no escalation policy uses', params: IdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await channels.remove(request.ctx, request.params.id);
      return { ok: true as const };
    },
  });
  app.post('/api/v1/channels/:id/test', {
    config: { access: 'notify:write' },
    schema: { tags: channelTags, summary: "Send a test message now (to yourself, or to a user) and see the channel's answer", params: IdParams, body: TestChannelBody, response: { 200: TestResult, ...errorResponses } },
    handler: async (request) => channels.test(request.ctx, request.params.id, request.body.userId),
  });

  // ————— notifications: receipts and the console inbox —————
  const tags = ['notifications'];
  app.get('/api/v1/notifications', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Notifications and their receipts, newest first, by alert, person, channel, escalation, state or kind (notify:read: your sites; everyone: their own)',
      querystring: NotificationListQuery,
      response: { 200: NotificationPage, ...errorResponses },
    },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return notifications.list(request.ctx, filter, { cursor, limit });
    },
  });
  app.get('/api/v1/notifications/:id', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'One notification with every attempt to send it', params: IdParams, response: { 200: NotificationDetail, ...errorResponses } },
    handler: async (request) => notifications.get(request.ctx, request.params.id),
  });
  app.get('/api/v1/me/notifications', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Your in-console notifications (the bell), newest first, with the unread count', querystring: InboxQuery, response: { 200: InboxPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 20, unread } = request.query;
      return notifications.inbox(request.ctx, unread, { cursor, limit });
    },
  });
  app.get('/api/v1/me/notifications/unread', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'How many of your in-console notifications are unread', response: { 200: UnreadCount, ...errorResponses } },
    handler: async (request) => notifications.unread(request.ctx),
  });
  app.post('/api/v1/me/notifications/read', {
    config: { access: 'authenticated', auditExempt: 'a person marking their own notifications read' },
    schema: { tags, summary: 'Mark some (ids) or all of your in-console notifications read', body: MarkReadBody, response: { 200: UnreadCount, ...errorResponses } },
    handler: async (request) => notifications.markRead(request.ctx, request.body),
  });

  // ————— people —————
  app.get('/api/v1/users/:id/notify-profile', {
    config: { access: 'authenticated' },
    schema: { tags: ['users'], summary: "A person's contact methods and notification preferences (their own, or anyone's with users:read)", params: IdParams, response: { 200: NotifyProfile, ...errorResponses } },
    handler: async (request) => notifyPeople.get(request.ctx, request.params.id),
  });
  app.put('/api/v1/users/:id/notify-profile', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['users'],
      summary: "Change a person's contact methods and preferences (their own, or anyone's with users:write; only users:write marks a method verified)",
      params: IdParams,
      body: UpdateNotifyProfileBody,
      response: { 200: NotifyProfile, ...errorResponses },
    },
    handler: async (request) => notifyPeople.update(request.ctx, request.params.id, request.body),
  });

  // ————— acknowledging from outside the console —————
  const ackTags = ['notifications'];
  const ackLimit = { max: 30, timeWindow: '1 minute' };
  app.get('/api/v1/ack/:token', {
    config: { access: 'public', rateLimit: ackLimit },
    schema: { tags: ackTags, summary: 'What a one-time acknowledgement link acknowledges (no sign-in: the signed link is the credential)', params: AckTokenParams, response: { 200: AckLinkView, ...errorResponses } },
    handler: async (request) => acknowledgements.view(request.params.token),
  });
  app.post('/api/v1/ack/:token', {
    config: { access: 'public', rateLimit: ackLimit, auditExempt: 'audited as the person paged: ack_link.use and alert.ack' },
    schema: {
      tags: ackTags,
      summary: "Acknowledge with a one-time link: as the person it was sent to, once, before it expires (a GET never acknowledges: chat apps open links to preview them)",
      params: AckTokenParams,
      response: { 200: AckLinkResult, ...errorResponses },
    },
    handler: async (request) => acknowledgements.use(request.params.token, request.ip),
  });
  app.post('/api/v1/integrations/sms-reply', {
    config: { access: 'notify:write', auditExempt: 'audited as the person who replied: alert.ack' },
    schema: {
      tags: ackTags,
      summary: 'An SMS gateway forwards replies here (an API token holding notify:write): "1" acknowledges what was last sent to that number',
      body: SmsReplyBody,
      response: { 200: SmsReplyResult, ...errorResponses },
    },
    handler: async (request) => acknowledgements.smsReply(request.body),
  });
}
