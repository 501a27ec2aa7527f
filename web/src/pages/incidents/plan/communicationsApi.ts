/**
 * An incident plan's messages: its communication templates filled with the incident's facts, sending one as edited,
 * and what was sent with its delivery status. Typed by hand after server/modules/plans/communications/
 * messages.schemas.ts until openapi.d.ts carries these routes.
 */
import { ApiError, request } from '../../../api/client';
import type { LocalText, Person } from './planApi';

export const AUDIENCES = ['client', 'public', 'staff'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The facts a template may name (plan-document.ts PLACEHOLDERS). */
export const PLACEHOLDERS = [
  'incidentNumber', 'incidentTitle', 'level', 'site', 'device', 'subsystem', 'startedAt', 'impact', 'workaround', 'expectedRecovery', 'hotline',
  'commander', 'updatedAt', 'planTitle',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Bounds the server holds a send to. */
export const MAX_SUBJECT = 200;
export const MAX_BODY = 4000;
export const MAX_RECIPIENTS = 100;
export const MAX_CHANNELS = 20;

export interface FilledText {
  subject: string;
  body: string;
  /** placeholders with no fact, left in as {{name}} */
  missing: Placeholder[];
}

export interface FilledTemplate {
  key: string;
  audience: Audience;
  zh: FilledText;
  /** null when the template has no English text */
  en: FilledText | null;
}

/** What a channel reaches: each person's e-mail or phone, one group (robots, webhooks), the console user. */
export type ChannelAddresses = 'email' | 'phone' | 'none' | 'user';

export interface ChannelChoice {
  id: string;
  name: string;
  kind: string;
  addresses: ChannelAddresses;
}

export interface PersonChoice {
  userId: string;
  name: string;
  onDuty: boolean;
  /** plan roles held on the checklist; 'assignee' for the incident's assignee */
  roles: string[];
}

export interface PlanCommunications {
  incidentId: string;
  planKey: string;
  planVersion: number;
  planTitle: LocalText;
  templates: FilledTemplate[];
  channels: ChannelChoice[];
  people: PersonChoice[];
}

export interface SendMessageBody {
  language: Language;
  subject: string;
  body: string;
  userIds: string[];
  onDuty: boolean;
  channelIds: string[];
}

export const DELIVERY_STATES = ['queued', 'sent', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface Receipt {
  id: string;
  state: string;
  folded: boolean;
  channelId: string;
  channelName: string | null;
  channelKind: string;
  userId: string | null;
  userName: string | null;
  /** masked */
  email: string | null;
  /** masked */
  phone: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
}

export interface PlanMessage {
  id: string;
  incidentId: string;
  templateKey: string;
  audience: Audience;
  language: Language;
  subject: string;
  body: string;
  recipients: { userIds: string[]; onDuty: boolean; channelIds: string[] };
  people: Person[];
  sentBy: Person | null;
  sentAt: string;
  delivery: Record<DeliveryState, number>;
  receipts: Receipt[];
}

const base = (incidentId: string) => `/incidents/${encodeURIComponent(incidentId)}/plan`;

export const communicationsApi = {
  /** The filled templates, or null when the incident runs no plan (the server answers 404). */
  templates: async (incidentId: string): Promise<PlanCommunications | null> => {
    try {
      return await request<PlanCommunications>(`${base(incidentId)}/communications`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
  send: (incidentId: string, key: string, body: SendMessageBody) =>
    request<PlanMessage>(`${base(incidentId)}/communications/${encodeURIComponent(key)}/send`, { method: 'POST', body }),
  messages: async (incidentId: string): Promise<PlanMessage[]> => (await request<{ items: PlanMessage[] }>(`${base(incidentId)}/messages`)).items,
};
