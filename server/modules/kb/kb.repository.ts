import { sql, type SqlBool } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import { emptyLinks, LINK_FIELDS, LINK_KINDS, type ArticleLinks, type ArticleState, type LinkKind } from './kb-model.ts';
import { gramOfTerm, gramsOf, searchText, type SearchTerm } from './kb-search-text.ts';
import type { KbArticlesTable, KbArticleVersionsTable } from './kb.tables.ts';

/** Articles last changed first: seq rises with every change and is unique. */
export const ARTICLES_ORDER = keyset<KbArticlesTable>({ column: 'kb_articles.seq', direction: 'desc', type: 'integer', of: (r) => r.seq });

/** What the service writes; the repository numbers it (seq). */
export type NewArticle = Omit<KbArticlesTable, 'seq'>;

/** The article columns (on PostgreSQL the search columns are left out: nobody reads them back). */
const COLUMNS = [
  'kb_articles.id',
  'kb_articles.title',
  'kb_articles.body',
  'kb_articles.state',
  'kb_articles.version',
  'kb_articles.seq',
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
/** Rows a multi-row insert writes at once: well inside both databases' limits on bound values. */
const BATCH = 200;
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const numberish = (r: KbArticlesTable): KbArticlesTable => ({
  ...r,
  version: Number(r.version),
  seq: Number(r.seq),
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

  /** The next `count` values of seq. SQLite writes one transaction at a time, so the maximum is safe there. */
  async function nextSeqs(db: Executor, count: number): Promise<number[]> {
    if (pg) {
      const { rows } = await sql<{ n: string }>`select nextval('kb_article_seq') as n from generate_series(1, ${count})`.execute(db);
      return rows.map((r) => Number(r.n)).sort((a, b) => a - b);
    }
    const row = await db.selectFrom('kb_articles').select((eb) => eb.fn.max<number | null>('seq').as('n')).executeTakeFirst();
    const base = Number(row?.n ?? 0) + 1;
    return Array.from({ length: count }, (_, i) => base + i);
  }

  /** Rewrites one article's search index (on SQLite its FTS rows move from the old seq to the new). */
  async function writeIndex(db: Executor, row: KbArticlesTable, oldSeq: number | null, links: ArticleLinks): Promise<void> {
    const text = searchText(row.title, links.tags, row.body);
    if (pg) {
      await sql`update kb_articles set search_text = ${text}, grams = ${gramsOf(text)}::text[] where id = ${row.id}`.execute(db);
      return;
    }
    if (oldSeq !== null) {
      await sql`delete from kb_fts where rowid = ${oldSeq}`.execute(db);
      await sql`delete from kb_grams where rowid = ${oldSeq}`.execute(db);
    }
    await sql`insert into kb_fts (rowid, text) values (${row.seq}, ${text})`.execute(db);
    await sql`insert into kb_grams (rowid, grams) values (${row.seq}, ${gramsOf(text).join(' ')})`.execute(db);
  }

  /** The article has this link (a tag, a device type). */
  const linkedSql = (kind: LinkKind, ref: string) => sql<SqlBool>`exists (select 1 from kb_article_links l where l.article_id = kb_articles.id and l.kind = ${kind} and l.ref = ${ref})`;

  /** PostgreSQL: the condition that one term occurs in the article, through the index its length calls for. */
  function pgTermCondition(term: SearchTerm) {
    return term.index === 'trigram'
      ? sql<SqlBool>`kb_articles.search_text like ${likePattern(term.text)} escape '\\'`
      : sql<SqlBool>`kb_articles.grams @> array[${gramOfTerm(term.text)}]::text[]`;
  }

  /**
   * SQLite: a search page walks one FTS table newest first (its rowid is the article's seq) and stops at the page's
   * end: the trigram table for the terms of three characters or more, all of them in one MATCH; the grams table for
   * the shorter ones, checked per row (or walked itself when every term is short). Filters are checked per row.
   */
  async function sqliteSearch(db: Executor, f: ArticleFilter, terms: readonly SearchTerm[], page: PageRequest): Promise<KbArticlesTable[]> {
    const long = terms.filter((t) => t.index === 'trigram').map((t) => ftsString(t.text));
    const short = terms.filter((t) => t.index === 'gram').map((t) => ftsString(gramOfTerm(t.text)));
    const driver = sql.table(long.length ? 'kb_fts' : 'kb_grams');
    const driverMatch = (long.length ? long : short).join(' AND ');
    const rowid = sql`${driver}.rowid`;
    const conditions = [
      sql`${driver} match ${driverMatch}`,
      ...(long.length && short.length ? [sql`exists (select 1 from kb_grams where kb_grams.rowid = ${rowid} and kb_grams match ${short.join(' AND ')})`] : []),
      sql`kb_articles.state in (${sql.join(f.states)})`,
      ...(f.tag ? [linkedSql('tag', f.tag)] : []),
      ...(f.deviceType ? [linkedSql('device_type', f.deviceType)] : []),
      ...(page.after ? [sql`${rowid} < ${page.after[0]}`] : []),
    ];
    const columns = sql.join(COLUMNS.map((c) => sql.ref(c)));
    const { rows } = await sql<KbArticlesTable>`select ${columns} from ${driver} join kb_articles on kb_articles.seq = ${rowid} where ${sql.join(conditions, sql` and `)} order by ${rowid} desc limit ${page.limit}`.execute(db);
    return rows.map(numberish);
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
    async insert(db: Executor, row: NewArticle, links: ArticleLinks, version: KbArticleVersionsTable): Promise<KbArticlesTable> {
      return (await repo.insertMany(db, [{ row, links, version }]))[0]!;
    },

    /**
     * Inserts articles with their links, search indexes and first versions, a few hundred rows a statement (the
     * benchmark's 100,000 articles, shipped articles). Call it inside a transaction.
     */
    async insertMany(db: Executor, items: readonly { row: NewArticle; links: ArticleLinks; version: KbArticleVersionsTable }[]): Promise<KbArticlesTable[]> {
      const written: KbArticlesTable[] = [];
      for (let i = 0; i < items.length; i += BATCH) {
        const slice = items.slice(i, i + BATCH);
        const seqs = await nextSeqs(db, slice.length);
        const batch = slice.map((item, j) => ({ ...item, row: { ...item.row, seq: seqs[j]! }, text: searchText(item.row.title, item.links.tags, item.row.body) }));
        written.push(...batch.map((b) => b.row));
        const rows = batch.map(({ row, text }) => (pg ? { ...row, search_text: text, grams: sql`${gramsOf(text)}::text[]` } : row));
        await db.insertInto('kb_articles').values(rows as KbArticlesTable[]).execute();
        const linkRows = batch.flatMap(({ row, links }) => LINK_KINDS.flatMap((kind) => links[LINK_FIELDS[kind]].map((ref, position) => ({ article_id: row.id, kind, ref, position }))));
        for (let j = 0; j < linkRows.length; j += BATCH * 4) await db.insertInto('kb_article_links').values(linkRows.slice(j, j + BATCH * 4)).execute();
        if (!pg) {
          await sql`insert into kb_fts (rowid, text) values ${sql.join(batch.map(({ row, text }) => sql`(${row.seq}, ${text})`))}`.execute(db);
          await sql`insert into kb_grams (rowid, grams) values ${sql.join(batch.map(({ row, text }) => sql`(${row.seq}, ${gramsOf(text).join(' ')})`))}`.execute(db);
        }
        await db.insertInto('kb_article_versions').values(batch.map((b) => b.version)).execute();
      }
      return written;
    },

    /**
     * Writes only if the article is still at `version`: the row as written, or undefined when someone was first. It
     * moves to the top of the lists (a new seq) and its search index is rewritten; with `links`, its links too.
     */
    async updateIfVersion(
      db: Executor,
      id: string,
      version: number,
      patch: Partial<KbArticlesTable>,
      links: ArticleLinks | null,
      history: Omit<KbArticleVersionsTable, 'version'>,
    ): Promise<KbArticlesTable | undefined> {
      const before = await repo.findById(db, id);
      if (!before || before.version !== version) return undefined;
      const [seq] = await nextSeqs(db, 1);
      const result = await db.updateTable('kb_articles').set({ ...patch, seq: seq!, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
      const row = (await repo.findById(db, id))!;
      if (links) await writeLinks(db, id, links);
      await writeIndex(db, row, before.seq, links ?? (await repo.linksOf(db, [id])).get(id)!);
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
    async list(db: Executor, f: ArticleFilter, page: PageRequest): Promise<KbArticlesTable[]> {
      if (!pg && f.terms?.length) return sqliteSearch(db, f, f.terms, page);
      let q = db.selectFrom('kb_articles').select(COLUMNS).where('kb_articles.state', 'in', f.states);
      if (f.tag) q = q.where(linkedSql('tag', f.tag));
      if (f.deviceType) q = q.where(linkedSql('device_type', f.deviceType));
      for (const term of f.terms ?? []) q = q.where(pgTermCondition(term));
      return (await pageQuery(q, ARTICLES_ORDER, page).execute()).map(numberish);
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
