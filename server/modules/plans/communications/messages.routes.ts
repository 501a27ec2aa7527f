import { errorResponses, IdParams } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { PlanCommunications, PlanMessage, PlanMessageList, SendMessageBody, TemplateParams } from './messages.schemas.ts';
import type { PlanMessagesService } from './messages.service.ts';

/** An incident plan's messages: filled templates and what was sent (incidents:read), sending (incidents:write). */
export function planMessagesRoutes(app: App, messages: PlanMessagesService): void {
  const tags = ['plans', 'incidents'];
  app.get('/api/v1/incidents/:id/plan/communications', {
    config: { access: 'incidents:read' },
    schema: {
      tags,
      summary: "The incident plan's communication templates filled with its facts, in zh and en, the missing facts named; the channels and people to send to",
      params: IdParams,
      response: { 200: PlanCommunications, ...errorResponses },
    },
    handler: async (request) => messages.communications(request.ctx, request.params.id),
  });
  app.post('/api/v1/incidents/:id/plan/communications/:key/send', {
    config: { access: 'incidents:write' },
    schema: {
      tags,
      summary: "Send a template's text as edited to people and channels through the paging outbox (delivered by the worker, with receipts); recorded and told on the timeline",
      params: TemplateParams,
      body: SendMessageBody,
      response: { 200: PlanMessage, ...errorResponses },
    },
    handler: async (request) => messages.send(request.ctx, request.params.id, request.params.key, request.body),
  });
  app.get('/api/v1/incidents/:id/plan/messages', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: "What the incident's plan sent, newest first, with each notification's delivery status", params: IdParams, response: { 200: PlanMessageList, ...errorResponses } },
    handler: async (request) => messages.messages(request.ctx, request.params.id),
  });
}
