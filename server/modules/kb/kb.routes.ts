import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { Article, ArticleActionBody, ArticleListQuery, ArticlePage, ArticleVersions, CreateArticleBody, FromIncidentBody, KbSuggestions, SearchQuery, SuggestionsQuery, UpdateArticleBody } from './kb.schemas.ts';
import type { KbService } from './kb.service.ts';

/** The knowledge base (知识库): articles, their review and versions, search, and suggestions for an incident. */
export function kbRoutes(app: App, kb: KbService): void {
  const tags = ['kb'];
  app.get('/api/v1/kb/articles', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'Articles, last changed first, by state, tag or device type', querystring: ArticleListQuery, response: { 200: ArticlePage, ...errorResponses } },
    handler: async (request) => kb.list(request.ctx, request.query),
  });
  app.get('/api/v1/kb/search', {
    config: { access: 'plans:read' },
    schema: {
      tags,
      summary: 'Full-text search: every word anywhere in title, tags or body (Chinese without spaces: 闸机 finds 闸机离线), with highlighted snippets; last changed first',
      querystring: SearchQuery,
      response: { 200: ArticlePage, ...errorResponses },
    },
    handler: async (request) => kb.search(request.ctx, request.query),
  });
  app.get('/api/v1/kb/suggestions', {
    config: { access: 'plans:read' },
    schema: { tags, summary: "Published articles for an incident: for its alerts first, then for its device type", querystring: SuggestionsQuery, response: { 200: KbSuggestions, ...errorResponses } },
    handler: async (request) => kb.suggestions(request.ctx, request.query.incidentId),
  });
  app.post('/api/v1/kb/articles', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'Write a draft article', body: CreateArticleBody, response: { 200: Article, ...errorResponses } },
    handler: async (request) => kb.create(request.ctx, request.body),
  });
  app.post('/api/v1/kb/articles/from-incident', {
    config: { access: 'plans:write' },
    schema: { tags, summary: "Draft an article from a closed incident: its symptom, cause, fix and parts (409 KB_INCIDENT_NOT_CLOSED otherwise)", body: FromIncidentBody, response: { 200: Article, ...errorResponses } },
    handler: async (request) => kb.fromIncident(request.ctx, request.body.incidentId),
  });
  app.get('/api/v1/kb/articles/:id', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'One article (readers without plans:write see published ones only)', params: IdParams, response: { 200: Article, ...errorResponses } },
    handler: async (request) => kb.get(request.ctx, request.params.id),
  });
  app.patch('/api/v1/kb/articles/:id', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'Change a draft: title, body, tags, links (409 KB_NOT_DRAFT otherwise, KB_ARTICLE_CHANGED when the version moved)', params: IdParams, body: UpdateArticleBody, response: { 200: Article, ...errorResponses } },
    handler: async (request) => kb.update(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/kb/articles/:id/actions', {
    config: { access: 'plans:write' },
    schema: {
      tags,
      summary: 'Move an article: submit for review, publish (by a second person: 403 KB_REVIEW_BY_AUTHOR for its author or last editor), reject with a note, revise, archive',
      params: IdParams,
      body: ArticleActionBody,
      response: { 200: Article, ...errorResponses },
    },
    handler: async (request) => kb.act(request.ctx, request.params.id, request.body),
  });
  app.get('/api/v1/kb/articles/:id/versions', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'Every change of an article, newest first (writers only; readers get an empty list)', params: IdParams, response: { 200: ArticleVersions, ...errorResponses } },
    handler: async (request) => kb.versions(request.ctx, request.params.id),
  });
}
