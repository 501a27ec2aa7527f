/** The knowledge base's request and response types (tag `kb`, from openapi.d.ts) and their client. */
import { request } from '../../api/client';
import type { paths } from '../../api/openapi';
import type { CursorPage } from '../../api/types';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type Article = Json200<paths['/api/v1/kb/articles/{id}']['get']>;
export type ArticleState = Article['state'];
export const ARTICLE_STATES = ['draft', 'in_review', 'published', 'archived'] as const satisfies readonly ArticleState[];
export type ArticleAction = JsonBody<paths['/api/v1/kb/articles/{id}/actions']['post']>['action'];
export type ArticleLinks = Pick<Article, 'tags' | 'plans' | 'incidents' | 'deviceTypes' | 'problems' | 'alertNames'>;
/** a search hit: `titleHtml` and `snippet` are HTML-escaped with the terms in <mark> (show with <Highlighted>) */
export type ArticleHit = Json200<paths['/api/v1/kb/search']['get']>['items'][number];
export type ArticleVersion = Json200<paths['/api/v1/kb/articles/{id}/versions']['get']>['items'][number];
export type KbSuggestions = Json200<paths['/api/v1/kb/suggestions']['get']>;
export type ArticleInput = JsonBody<paths['/api/v1/kb/articles']['post']>;
export interface ListFilters {
  state?: string;
  tag?: string;
  deviceType?: string;
  cursor?: string;
  limit?: number;
}

const article = (id: string) => `/kb/articles/${encodeURIComponent(id)}`;

export const kbApi = {
  list: (query: ListFilters) => request<CursorPage<ArticleHit>>('/kb/articles', { query: { ...query } }),
  search: (query: ListFilters & { q: string }) => request<CursorPage<ArticleHit>>('/kb/search', { query: { ...query } }),
  get: (id: string) => request<Article>(article(id)),
  create: (body: ArticleInput) => request<Article>('/kb/articles', { method: 'POST', body }),
  update: (id: string, body: Partial<ArticleInput> & { version: number }) => request<Article>(article(id), { method: 'PATCH', body }),
  act: (id: string, body: { action: ArticleAction; version: number; note?: string }) => request<Article>(`${article(id)}/actions`, { method: 'POST', body }),
  versions: (id: string) => request<{ items: ArticleVersion[] }>(`${article(id)}/versions`),
  fromIncident: (incidentId: string) => request<Article>('/kb/articles/from-incident', { method: 'POST', body: { incidentId } }),
  suggestions: (incidentId: string) => request<KbSuggestions>('/kb/suggestions', { query: { incidentId } }),
};

/** What each state lets a writer do, in the order the buttons show. */
export const ACTIONS_FROM: Readonly<Record<ArticleState, readonly ArticleAction[]>> = {
  draft: ['submit', 'archive'],
  in_review: ['publish', 'reject', 'revise', 'archive'],
  published: ['revise', 'archive'],
  archived: ['revise'],
};

export const kbPath = (id: string) => `/kb/${encodeURIComponent(id)}`;
