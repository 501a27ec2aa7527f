/**
 * The knowledge base's tables (migration 2026-12-01-009-knowledge-base). Instants are epoch milliseconds. The search
 * indexes differ by database: on PostgreSQL two columns of kb_articles (search_text with a pg_trgm index, grams with a
 * GIN index); on SQLite two FTS5 tables (kb_fts, kb_grams) that only kb.repository.ts touches.
 */
import type { ArticleState, LinkKind } from './kb-model.ts';

export interface KbArticlesTable {
  id: string;
  title: string;
  body: string;
  state: ArticleState;
  version: number;
  /** rises with every change of any article: the lists' order; on SQLite the rowid of its FTS rows */
  seq: number;
  source_incident_id: string | null;
  created_by: string | null;
  created_at: number;
  content_by: string | null;
  updated_by: string | null;
  updated_at: number;
  submitted_by: string | null;
  submitted_at: number | null;
  published_by: string | null;
  published_at: number | null;
}

/** PostgreSQL only: the search columns. */
export interface KbArticlesSearchColumns {
  search_text: string;
  grams: string[];
}

export interface KbArticleLinksTable {
  article_id: string;
  kind: LinkKind;
  ref: string;
  position: number;
}

export interface KbArticleVersionsTable {
  article_id: string;
  version: number;
  action: string;
  state: ArticleState;
  title: string;
  body: string;
  /** JSON ArticleLinks */
  links: string;
  note: string | null;
  by: string | null;
  at: number;
}

export interface KbTables {
  kb_articles: KbArticlesTable;
  kb_article_links: KbArticleLinksTable;
  kb_article_versions: KbArticleVersionsTable;
}
