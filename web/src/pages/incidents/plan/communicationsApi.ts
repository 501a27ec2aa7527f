/**
 * An incident plan's messages: its communication templates filled with the incident's facts, sending one as edited,
 * and what was sent with its delivery status. The types are aliases of the generated openapi.d.ts
 * (server/modules/plans/communications/messages.schemas.ts), so they cannot drift from the server's.
 */
import { ApiError, request } from '../../../api/client';
import type { paths } from '../../../api/openapi';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type PlanCommunications = Json200<paths['/api/v1/incidents/{id}/plan/communications']['get']>;
export type FilledTemplate = PlanCommunications['templates'][number];
export type FilledText = FilledTemplate['zh'];
export type ChannelChoice = PlanCommunications['channels'][number];
/** What a channel reaches: each person's e-mail or phone, one group (robots, webhooks), the console user. */
export type ChannelAddresses = ChannelChoice['addresses'];
export type PersonChoice = PlanCommunications['people'][number];
export type SendMessageBody = JsonBody<paths['/api/v1/incidents/{id}/plan/communications/{key}/send']['post']>;
export type PlanMessage = Json200<paths['/api/v1/incidents/{id}/plan/communications/{key}/send']['post']>;
export type Receipt = PlanMessage['receipts'][number];
export type Audience = FilledTemplate['audience'];
export type Language = SendMessageBody['language'];
export type DeliveryState = keyof PlanMessage['delivery'];
export type Placeholder = FilledText['missing'][number];

// The server's vocabularies in its order, checked against the generated types.
export const AUDIENCES = ['client', 'public', 'staff'] as const satisfies readonly Audience[];
export const LANGUAGES = ['zh', 'en'] as const satisfies readonly Language[];
export const DELIVERY_STATES = ['queued', 'sent', 'delivered', 'failed', 'skipped'] as const satisfies readonly DeliveryState[];
/** The facts a template may name (plan-document.ts PLACEHOLDERS). */
export const PLACEHOLDERS = [
  'incidentNumber', 'incidentTitle', 'level', 'site', 'device', 'subsystem', 'startedAt', 'impact', 'workaround', 'expectedRecovery', 'hotline',
  'commander', 'updatedAt', 'planTitle',
] as const;

/** Bounds the server holds a send to. */
export const MAX_SUBJECT = 200;
export const MAX_BODY = 4000;
export const MAX_RECIPIENTS = 100;
export const MAX_CHANNELS = 20;

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
