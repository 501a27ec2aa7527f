import type { FastifyRequest } from 'fastify';
import { errorResponses, IdParams, Ok } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { RuleDocumentText } from './rule-document.ts';
import {
  AlertRuleBody,
  AlertRuleListQuery,
  AlertRulePage,
  AlertRuleView,
  ApplyBody,
  ApplyQuery,
  ApplyResult,
  EnableRuleBody,
  ExportQuery,
  ExportResponse,
  YAML_MEDIA_TYPE,
} from './rules.api.schemas.ts';
import type { AlertRulesService } from './rules.service.ts';

const tags = ['alert-rules'];

/** The types a YAML document arrives under: the registered one, and those tools and browsers still send. */
const YAML_TYPES = [YAML_MEDIA_TYPE, 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
/** A document of hundreds of rules is a few hundred KiB: this bounds the one route that reads whole documents. */
export const RULE_DOCUMENT_BODY_LIMIT = 2 * 1_048_576;

export function alertRulesRoutes(app: App, deps: { alertRules: AlertRulesService }): void {
  const { alertRules } = deps;

  app.get('/api/v1/alert-rules', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'List alert rules by key, with filters', querystring: AlertRuleListQuery, response: { 200: AlertRulePage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return alertRules.list(request.ctx, filter, { cursor, limit });
    },
  });

  app.get('/api/v1/alert-rules/export', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'Every alert rule as one document (YAML or JSON), for version control', querystring: ExportQuery, response: { 200: ExportResponse, ...errorResponses } },
    handler: async (request, reply) => {
      const format = request.query.format ?? 'yaml';
      const text = await alertRules.exportText(request.ctx, format);
      return reply
        .type(format === 'yaml' ? `${YAML_MEDIA_TYPE}; charset=utf-8` : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="alert-rules.${format}"`)
        .send(text);
    },
  });

  app.get('/api/v1/alert-rules/:id', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'One alert rule', params: IdParams, response: { 200: AlertRuleView, ...errorResponses } },
    handler: async (request) => alertRules.get(request.ctx, request.params.id),
  });

  app.post('/api/v1/alert-rules', {
    config: { access: 'alerts:write' },
    schema: { tags, summary: 'Add an alert rule', body: AlertRuleBody, response: { 200: AlertRuleView, ...errorResponses } },
    handler: async (request) => alertRules.create(request.ctx, request.body),
  });

  app.put('/api/v1/alert-rules/:id', {
    config: { access: 'alerts:write' },
    schema: { tags, summary: 'Replace an alert rule\'s definition (its key stays; enabled left out keeps the rule\'s)', params: IdParams, body: AlertRuleBody, response: { 200: AlertRuleView, ...errorResponses } },
    handler: async (request) => alertRules.replace(request.ctx, request.params.id, request.body),
  });

  app.patch('/api/v1/alert-rules/:id', {
    config: { access: 'alerts:write' },
    schema: { tags, summary: 'Switch an alert rule on or off (switching on clears a broken rule\'s error)', params: IdParams, body: EnableRuleBody, response: { 200: AlertRuleView, ...errorResponses } },
    handler: async (request) => alertRules.setEnabled(request.ctx, request.params.id, request.body.enabled),
  });

  app.delete('/api/v1/alert-rules/:id', {
    config: { access: 'alerts:write' },
    schema: { tags, summary: 'Delete an alert rule (not one opsdesk ships, nor one a composite rule combines)', params: IdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await alertRules.remove(request.ctx, request.params.id);
      return { ok: true as const };
    },
  });

  // In a plugin of its own, so that reading YAML bodies (and the larger limit) applies to this route alone.
  void app.register(async (scope: App) => {
    const asText = (_request: FastifyRequest, body: string, done: (error: Error | null, body?: RuleDocumentText) => void) => done(null, new RuleDocumentText(body));
    scope.addContentTypeParser(YAML_TYPES, { parseAs: 'string', bodyLimit: RULE_DOCUMENT_BODY_LIMIT }, asText);

    scope.post('/api/v1/alert-rules/apply', {
      config: { access: 'alerts:write' },
      bodyLimit: RULE_DOCUMENT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Apply a rule document: rules matched by key are created, updated or left unchanged; a bad rule is rejected with its reasons and the others applied',
        consumes: ['application/json', ...YAML_TYPES],
        querystring: ApplyQuery,
        body: ApplyBody,
        response: { 200: ApplyResult, ...errorResponses },
      },
      handler: async (request) => alertRules.apply(request.ctx, request.body, { dryRun: request.query.dryRun ?? false }),
    });
  });
}
