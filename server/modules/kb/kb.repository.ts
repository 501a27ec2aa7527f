import { sql, type SqlBool } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import { emptyLinks, LINK_FIELDS, LINK_KINDS, type ArticleLinks, type ArticleState, type LinkKind } from './kb-model.ts';
import { gramOfTerm, gramsOf, searchText, type SearchTerm } from './kb-search-text.ts';
import type { KbArticlesTable, KbArticleVersionsTable } from './kb.tables.ts';

/** Articles last changed first, the id breaking ties (kb_articles_updated_idx). */
export const ARTICLES_ORDER = keyset<KbArticlesTable>(
  { column: 'kb_articles.updated_at', direction: 'desc', type: 'integer', of: (r) => r.updated_at },
  { column: 'kb_articles.id', direction: 'desc', type: 'text', of: (r) => r.id },
);

/** The article columns (on PostgreSQL the search columns are left out: nobody reads them back). */
const COLUMNS = [
  'kb_articles.id',
  'kb_articles.title',
  'kb_articles.body',
  'kb_articles.state',
  'kb_articles.version',
  'kb_articles.source_incident_id',
  'kb_articles.created_by',
  'kb_articles.created_at',
  'kb_articles.content_by',
  'kb_articles.updated_by',
  'kb_articles.updated_at',
  'kb_articles.submitted_by',
  'kb_articles.submitted_at',
  'kb_articles.published_by',
  'kb_articles.published_at',
] as const;

export interface ArticleFilter {
  states: readonly ArticleState[];
  tag?: string;
  deviceType?: string;
  /** every term must occur in the title, tags or body */
  terms?: readonly SearchTerm[];
}

/** An FTS5 string: the term in double quotes, its own quotes doubled, so that nothing in it is query syntax. */
const ftsString = (text: string) => `"${text.replace(/"/g, '""')}"`;
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const numberish = (r: KbArticlesTable): KbArticlesTable => ({
  ...r,
  version: Number(r.version),
  created_at: Number(r.created_at),
  updated_at: Number(r.updated_at),
  submitted_at: r.submitted_at === null ? null : Number(r.submitted_at),
  published_at: r.published_at === null ? null : Number(r.published_at),
});

/**
 * All of the knowledge base's SQL. The search indexes are the one place the databases differ: on PostgreSQL the
 * article row carries search_text (pg_trgm) and grams (GIN); on SQLite the FTS5 tables kb_fts (trigram) and kb_grams
 * hold one row per article, written here in the article's own transaction.
 */
export function createKbRepository(dialect: Dialect) {
  const pg = dialect === 'postgres';

  async function writeIndex(db: Executor, id: string, title: string, body: string, links: ArticleLinks): Promise<void> {
    const text = searchText(title, links.tags, body);
    const grams = gramsOf(text);
    if (pg) {
      await sql`update kb_articles set search_text = ${text}, grams = ${grams}::text[] where id = ${id}`.execute(db);
      return;
    }
    await sql`delete from kb_fts where article_id = ${id}`.execute(db);
    await sql`delete from kb_grams where article_id = ${id}`.execute(db);
    await sql`insert into kb_fts (article_id, text) values (${id}, ${text})`.execute(db);
    await sql`insert into kb_grams (article_id, grams) values (${id}, ${grams.join(' ')})`.execute(db);
  }

  /** The condition that one term occurs in the article, through the index its length calls for. */
  function termCondition(term: SearchTerm) {
    if (pg) {
      return term.index === 'trigram'
        ? sql<SqlBool>`kb_articles.search_text like ${likePattern(term.text)} escape '\\'`
        : sql<SqlBool>`kb_articles.grams @> array[${gramOfTerm(term.text)}]::text[]`;
    }
    return term.index === 'trigram'
      ? sql<SqlBool>`kb_articles.id in (select article_id from kb_fts where kb_fts match ${ftsString(term.text)})`
      : sql<SqlBool>`kb_articles.id in (select article_id from kb_grams where kb_grams match ${ftsString(gramOfTerm(term.text))})`;
  }

  async function writeLinks(db: Executor, id: string, links: ArticleLinks): Promise<void> {
    await db.deleteFrom('kb_article_links').where('article_id', '=', id).execute();
    const rows = LINK_KINDS.flatMap((kind) => links[LINK_FIELDS[kind]].map((ref, position) => ({ article_id: id, kind, ref, position })));
    if (rows.length) await db.insertInto('kb_article_links').values(rows).execute();
  }

  const repo = {
    async findById(db: Executor, id: string): Promise<KbArticlesTable | undefined> {
      const row = await db.selectFrom('kb_articles').select(COLUMNS).where('kb_articles.id', '=', id).executeTakeFirst();
      return row && numberish(row);
    },

    /** Inserts the article with its links and search index, and its first version. */
    async insert(db: Executor, row: KbArticlesTable, links: ArticleLinks, version: KbArticleVersionsTable): Promise<void> {
      await db.insertInto('kb_articles').values(pg ? ({ ...row, search_text: '', grams: sql`'{}'::text[]` } as never) : row).execute();
      await writeLinks(db, row.id, links);
      await writeIndex(db, row.id, row.title, row.body, links);
      await db.insertInto('kb_article_versions').values(version).execute();
    },

    /**
     * Writes only if the article is still at `version`: the row as written, or undefined when someone was first. With
     * `links`, the links and the search index are rewritten too.
     */
    async updateIfVersion(
      db: Executor,
      id: string,
      version: number,
      patch: Partial<KbArticlesTable>,
      links: ArticleLinks | null,
      history: Omit<KbArticleVersionsTable, 'version'>,
    ): Promise<KbArticlesTable | undefined> {
      const result = await db.updateTable('kb_articles').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
      const row = (await repo.findById(db, id))!;
      if (links) {
        await writeLinks(db, id, links);
        await writeIndex(db, id, row.title, row.body, links);
      }
      await db.insertInto('kb_article_versions').values({ ...history, version: version + 1 }).execute();
      return row;
    },

    /** The links of some articles, each kind in the order it was written. */
    async linksOf(db: Executor, ids: readonly string[], kinds: readonly LinkKind[] = LINK_KINDS): Promise<Map<string, ArticleLinks>> {
      const result = new Map<string, ArticleLinks>(ids.map((id) => [id, emptyLinks()]));
      if (ids.length === 0) return result;
      const rows = await db
        .selectFrom('kb_article_links')
        .select(['article_id', 'kind', 'ref'])
        .where('article_id', 'in', ids)
        .where('kind', 'in', kinds)
        .orderBy('article_id')
        .orderBy('kind')
        .orderBy('position')
        .execute();
      for (const r of rows) result.get(r.article_id)![LINK_FIELDS[r.kind]].push(r.ref);
      return result;
    },

    /** A page of articles matching the filter, in ARTICLES_ORDER. */
    list(db: Executor, f: ArticleFilter, page: PageRequest): Promise<KbArticlesTable[]> {
      let q = db.selectFrom('kb_articles').select(COLUMNS).where('kb_articles.state', 'in', f.states);
      const linked = (kind: LinkKind, ref: string) =>
        q.where((eb) =>
          eb.exists(
            eb.selectFrom('kb_article_links as l').select('l.article_id').whereRef('l.article_id', '=', 'kb_articles.id').where('l.kind', '=', kind).where('l.ref', '=', ref),
          ),
        );
      if (f.tag) q = linked('tag', f.tag);
      if (f.deviceType) q = linked('device_type', f.deviceType);
      for (const term of f.terms ?? []) q = q.where(termCondition(term));
      return pageQuery(q, ARTICLES_ORDER, page)
        .execute()
        .then((rows) => rows.map(numberish));
    },

    versions: (db: Executor, id: string) => db.selectFrom('kb_article_versions').selectAll().where('article_id', '=', id).orderBy('version', 'desc').limit(200).execute(),

    /**
     * Published articles linked to any of the alert names or to the device type, with what each matched; those that
     * match an alert first, then the newest.
     */
    async suggest(db: Executor, f: { alertNames: readonly string[]; deviceType: string | null; limit: number }) {
      const refs: { kind: LinkKind; ref: string }[] = [...f.alertNames.map((ref) => ({ kind: 'alert' as const, ref })), ...(f.deviceType ? [{ kind: 'device_type' as const, ref: f.deviceType }] : [])];
      if (refs.length === 0) return [];
      const rows = await db
        .selectFrom('kb_article_links as l')
        .innerJoin('kb_articles', 'kb_articles.id', 'l.article_id')
        .select(['kb_articles.id', 'kb_articles.title', 'kb_articles.updated_at', 'l.kind'])
        .where('kb_articles.state', '=', 'published')
        .where((eb) => eb.or(refs.map((r) => eb.and([eb('l.kind', '=', r.kind), eb('l.ref', '=', r.ref)]))))
        .orderBy('kb_articles.updated_at', 'desc')
        .orderBy('kb_articles.id', 'desc')
        .limit(f.limit * 4)
        .execute();
      const byId = new Map<string, { id: string; title: string; updatedAt: number; why: Set<'alert' | 'device_type'> }>();
      for (const r of rows) {
        const entry = byId.get(r.id) ?? { id: r.id, title: r.title, updatedAt: Number(r.updated_at), why: new Set() };
        entry.why.add(r.kind === 'alert' ? 'alert' : 'device_type');
        byId.set(r.id, entry);
      }
      return [...byId.values()].sort((a, b) => Number(b.why.has('alert')) - Number(a.why.has('alert')) || b.updatedAt - a.updatedAt).slice(0, f.limit);
    },

    async names(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
      const ids = [...new Set(userIds)];
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.display_name || r.username]));
    },
  };
  return repo;
}

export type KbRepository = ReturnType<typeof createKbRepository>;
