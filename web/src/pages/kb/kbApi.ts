/**
 * The knowledge base's request and response types (tag `kb`) and their client. Written out here until openapi.json is
 * regenerated with the kb routes; then they become aliases into openapi.d.ts like the other modules'
 * (server/modules/kb/kb.schemas.ts is the source).
 */
import { request } from '../../api/client';
import type { CursorPage } from '../../api/types';

export const ARTICLE_STATES = ['draft', 'in_review', 'published', 'archived'] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];
export type ArticleAction = 'submit' | 'publish' | 'reject' | 'revise' | 'archive';

export interface ArticleLinks {
  tags: string[];
  plans: string[];
  incidents: string[];
  deviceTypes: string[];
  problems: string[];
  alertNames: string[];
}

type Person = { id: string; name: string } | null;

export interface Article extends ArticleLinks {
  id: string;
  title: string;
  body: string;
  state: ArticleState;
  version: number;
  sourceIncidentId: string | null;
  createdBy: Person;
  createdAt: string;
  updatedBy: Person;
  updatedAt: string;
  /** who last changed the text, tags or links: with the author, the one who may not publish it */
  contentBy: Person;
  submittedBy: Person;
  submittedAt: string | null;
  publishedBy: Person;
  publishedAt: string | null;
}

export interface ArticleHit {
  id: string;
  title: string;
  state: ArticleState;
  version: number;
  tags: string[];
  deviceTypes: string[];
  updatedAt: string;
  /** HTML-escaped, the search terms in <mark> (show with <Highlighted>) */
  titleHtml: string;
  snippet: string;
}

export interface ArticleVersion extends ArticleLinks {
  version: number;
  action: string;
  state: ArticleState;
  title: string;
  body: string;
  note: string | null;
  by: Person;
  at: string;
}

export interface KbSuggestions {
  basis: { incidentId: string; deviceType: string | null; alertNames: string[] };
  items: { id: string; title: string; tags: string[]; updatedAt: string; why: ('alert' | 'device_type')[] }[];
}

export type ArticleInput = { title: string; body: string } & Partial<ArticleLinks>;
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
