/**
 * Paging's notify side (tags `channels`, `notifications`, `users` for the notify profile): notification channels, the
 * notifications with their receipts, the console inbox behind the bell, a person's contact methods and preferences,
 * and the public acknowledgement link. Server schemas: server/modules/notify/notify.schemas.ts.
 */
import { request } from './client';
import type { components, paths } from './openapi';
import type { CursorPage, ItemsResponse, OkResponse } from './types';

/** The JSON body of an operation's 200 answer. */
type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
/** The JSON request body of an operation. */
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];
/** The query parameters of an operation. */
type Query<Op extends { parameters: { query?: unknown } }> = NonNullable<Op['parameters']['query']>;

export type ChannelKind = Json200<paths['/api/v1/channel-kinds']['get']>['items'][number];
export type Channel = Json200<paths['/api/v1/channels/{id}']['get']>;
export type CreateChannelRequest = JsonBody<paths['/api/v1/channels']['post']>;
export type UpdateChannelRequest = JsonBody<paths['/api/v1/channels/{id}']['patch']>;
export type ChannelTestResult = Json200<paths['/api/v1/channels/{id}/test']['post']>;

export type Notification = Json200<paths['/api/v1/notifications']['get']>['items'][number];
export type NotificationState = Notification['state'];
export type NotificationListQuery = Query<paths['/api/v1/notifications']['get']>;

export type InboxPage = Json200<paths['/api/v1/me/notifications']['get']>;
export type InboxItem = InboxPage['items'][number];
export type UnreadCount = Json200<paths['/api/v1/me/notifications/unread']['get']>;
export type MarkReadRequest = JsonBody<paths['/api/v1/me/notifications/read']['post']>;

export type NotifyProfile = Json200<paths['/api/v1/users/{id}/notify-profile']['get']>;
export type ContactMethod = NotifyProfile['contacts'][number];
export type ContactKind = ContactMethod['kind'];
export type NotifyPreferences = NotifyProfile['preferences'];
export type UpdateNotifyProfileRequest = JsonBody<paths['/api/v1/users/{id}/notify-profile']['put']>;
export type ContactInput = NonNullable<UpdateNotifyProfileRequest['contacts']>[number];
/** Contacts are new ones (kind and value) or stored ones kept by their id: the API only ever returns them masked. */
export type NotifyProfileUpdate = UpdateNotifyProfileRequest;

export type AckLinkView = Json200<paths['/api/v1/ack/{token}']['get']>;
export type AckLinkResult = Json200<paths['/api/v1/ack/{token}']['post']>;

/** What the live stream sends as `notify.console`: a notification for the signed-in person. */
export type NotifyConsoleEvent = components['schemas']['NotifyConsoleEvent'];

const channel = (id: string) => `/channels/${encodeURIComponent(id)}`;

/** Notification channels: configured senders (an SMTP server, a DingTalk robot…); secrets never come back. */
export const channelsApi = {
  kinds: () => request<ItemsResponse<ChannelKind>>('/channel-kinds'),
  list: () => request<ItemsResponse<Channel>>('/channels'),
  create: (body: CreateChannelRequest) => request<Channel>('/channels', { method: 'POST', body }),
  update: (id: string, body: UpdateChannelRequest) => request<Channel>(channel(id), { method: 'PATCH', body }),
  remove: (id: string) => request<OkResponse>(channel(id), { method: 'DELETE' }),
  /** Sends a test message now (to yourself unless `userId`) and answers with what the channel said. */
  test: (id: string, userId?: string) => request<ChannelTestResult>(`${channel(id)}/test`, { method: 'POST', body: userId ? { userId } : {} }),
};

/** Notifications with their receipts (the alert page's section) and the signed-in person's inbox (the bell). */
export const notificationsApi = {
  list: (query: NotificationListQuery) => request<CursorPage<Notification>>('/notifications', { query: { ...query } }),
  inbox: (query: { cursor?: string; limit?: number; unread?: boolean }) => request<InboxPage>('/me/notifications', { query: { ...query } }),
  unread: () => request<UnreadCount>('/me/notifications/unread'),
  markRead: (body: MarkReadRequest) => request<UnreadCount>('/me/notifications/read', { method: 'POST', body }),
};

const profile = (userId: string) => `/users/${encodeURIComponent(userId)}/notify-profile`;

/** A person's contact methods and notification preferences (their own, or anyone's with users:write). */
export const notifyProfileApi = {
  get: (userId: string) => request<NotifyProfile>(profile(userId)),
  update: (userId: string, body: NotifyProfileUpdate) => request<NotifyProfile>(profile(userId), { method: 'PUT', body }),
};

const ack = (token: string) => `/ack/${encodeURIComponent(token)}`;

/**
 * The one-time acknowledgement link in a notification: no sign-in (the signed link is the credential). A 401 here
 * would never mean a lost session, so it does not send anyone to the login page.
 */
export const ackApi = {
  view: (token: string) => request<AckLinkView>(ack(token), { skipAuthRedirect: true }),
  use: (token: string) => request<AckLinkResult>(ack(token), { method: 'POST', skipAuthRedirect: true }),
};
