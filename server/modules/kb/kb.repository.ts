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
/** PostgreSQL: how many of the newest articles a search reads row by row before it turns to the indexes. */
const PG_WINDOW = 1000;
/** A tag or device type with at most this many articles may drive a search (its articles are sorted, then checked). */
const LINK_DRIVER_MAX = 2000;
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
/** `pgWindow`: PG_WINDOW, smaller in tests so that both of a PostgreSQL search's steps run on a few hundred articles. */
export function createKbRepository(dialect: Dialect, options: { pgWindow?: number } = {}) {
  const pg = dialect === 'postgres';
  const pgWindow = options.pgWindow ?? PG_WINDOW;

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

  /** Articles in the filter's states with its tag and device type, and each term by `condition`. */
  function filtered(db: Executor, f: ArticleFilter, condition: (term: SearchTerm) => ReturnType<typeof pgTermCondition>) {
    let q = db.selectFrom('kb_articles').select(COLUMNS).where('kb_articles.state', 'in', f.states);
    if (f.tag) q = q.where(linkedSql('tag', f.tag));
    if (f.deviceType) q = q.where(linkedSql('device_type', f.deviceType));
    for (const term of f.terms ?? []) q = q.where(condition(term));
    return q;
  }

  /**
   * PostgreSQL: a search page in two steps, because the planner cannot tell a common term from a rare one (pg_trgm's
   * LIKE estimates are guesses) and the wrong plan is slow either way: a common term read through its index rechecks
   * tens of thousands of rows, a rare one read newest first scans the table. So: first the newest PG_WINDOW articles
   * below the cursor, newest first, the terms checked per row (written so that no index is used for them) — a common
   * term fills the page there; if it does not, the rest of the page from the older articles through the indexes, where
   * the term is now known to be rare enough.
   */
  async function pgSearch(db: Executor, f: ArticleFilter, terms: readonly SearchTerm[], page: PageRequest): Promise<KbArticlesTable[]> {
    const top = page.after ? Number(page.after[0]) - 1 : Number((await db.selectFrom('kb_articles').select((eb) => eb.fn.max<number | null>('seq').as('n')).executeTakeFirst())?.n ?? 0);
    const low = top - pgWindow;
    const unindexed = (term: SearchTerm) =>
      term.index === 'trigram'
        ? sql<SqlBool>`(kb_articles.search_text || '') like ${likePattern(term.text)} escape '\\'`
        : sql<SqlBool>`(kb_articles.grams || '{}'::text[]) @> array[${gramOfTerm(term.text)}]::text[]`;
    const recent = await filtered(db, { ...f, terms }, unindexed).where('kb_articles.seq', '<=', top).where('kb_articles.seq', '>', low).orderBy('kb_articles.seq', 'desc').limit(page.limit).execute();
    if (recent.length >= page.limit || low <= 0) return recent.map(numberish);
    const older = await filtered(db, { ...f, terms }, pgTermCondition).where('kb_articles.seq', '<=', low).orderBy('kb_articles.seq', 'desc').limit(page.limit - recent.length).execute();
    return [...recent, ...older].map(numberish);
  }

  /** PostgreSQL: the condition that one term occurs in the article, through the index its length calls for. */
  function pgTermCondition(term: SearchTerm) {
    return term.index === 'trigram'
      ? sql<SqlBool>`kb_articles.search_text like ${likePattern(term.text)} escape '\\'`
      : sql<SqlBool>`kb_articles.grams @> array[${gramOfTerm(term.text)}]::text[]`;
  }

  /**
   * SQLite: how many articles each index says could match, from the FTS tables' vocabularies (fts5vocab, made per
   * connection in the temp schema: nothing stored). A term of three or more characters can be in no more articles
   * than its rarest trigram; a term of one or two, in exactly those of its gram. 0 means no article can match.
   */
  async function estimates(db: Executor, long: readonly string[], short: readonly string[]): Promise<{ long: number; short: number }> {
    await sql`create virtual table if not exists temp.kb_fts_vocab using fts5vocab(main, kb_fts, 'row')`.execute(db);
    await sql`create virtual table if not exists temp.kb_grams_vocab using fts5vocab(main, kb_grams, 'row')`.execute(db);
    // One lookup per token (term = ?, which the vocabulary answers from its index; an IN list would scan it).
    const docs = async (table: 'kb_fts_vocab' | 'kb_grams_vocab', tokens: readonly string[]) => {
      const counts = new Map<string, number>();
      for (const token of new Set(tokens)) {
        const { rows } = await sql<{ doc: number }>`select doc from ${sql.table(`temp.${table}`)} where term = ${token}`.execute(db);
        counts.set(token, Number(rows[0]?.doc ?? 0));
      }
      return counts;
    };
    // A term's first, middle and last trigram: enough for an upper bound, and a bounded number of lookups.
    const trigramsOf = (term: string) => {
      const chars = [...term];
      const all = chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join(''));
      return [...new Set([all[0]!, all[Math.floor(all.length / 2)]!, all[all.length - 1]!])];
    };
    const [tri, grams] = await Promise.all([docs('kb_fts_vocab', long.flatMap(trigramsOf)), docs('kb_grams_vocab', short)]);
    const rarest = (tokens: readonly string[], counts: Map<string, number>) => Math.min(...tokens.map((t) => counts.get(t) ?? 0));
    return {
      long: long.length ? Math.min(...long.map((term) => rarest(trigramsOf(term), tri))) : Infinity,
      short: short.length ? rarest(short, grams) : Infinity,
    };
  }

  /** Articles with a link, counted up to `cap` (a filter rarer than the terms drives the search instead). */
  async function linkCount(db: Executor, kind: LinkKind, ref: string, cap: number): Promise<number> {
    const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from kb_article_links where kind = ${kind} and ref = ${ref} limit ${cap})`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * SQLite: a search page walks the rarest of its sources newest first and stops at the page's end. The sources: the
   * trigram table (every term of three characters or more, one MATCH), the grams table (every shorter term, one
   * MATCH) — both have the article's seq as rowid, so they are walked in seq order — or, for a tag or device type
   * rarer than any term, that filter's few articles, sorted. What the walked source does not decide is checked per row.
   */
  async function sqliteSearch(db: Executor, f: ArticleFilter, terms: readonly SearchTerm[], page: PageRequest): Promise<KbArticlesTable[]> {
    const longTerms = terms.filter((t) => t.index === 'trigram').map((t) => t.text);
    const shortGrams = terms.filter((t) => t.index === 'gram').map((t) => gramOfTerm(t.text));
    const longMatch = longTerms.map(ftsString).join(' AND ');
    const shortMatch = shortGrams.map(ftsString).join(' AND ');
    const filters: { kind: LinkKind; ref: string }[] = [...(f.tag ? [{ kind: 'tag' as const, ref: f.tag }] : []), ...(f.deviceType ? [{ kind: 'device_type' as const, ref: f.deviceType }] : [])];
    // Only a choice between sources needs the estimates; one index alone is walked directly.
    const choosing = (longTerms.length > 0 && shortGrams.length > 0) || filters.length > 0;
    const estimate = choosing ? await estimates(db, longTerms, shortGrams) : { long: longTerms.length ? 0.5 : Infinity, short: shortGrams.length ? 0.5 : Infinity };
    if (estimate.long === 0 || estimate.short === 0) return [];
    const cheapest = Math.min(estimate.long, estimate.short);
    let linkDriver: { kind: LinkKind; ref: string; n: number } | null = null;
    for (const filter of filters) {
      const n = await linkCount(db, filter.kind, filter.ref, Math.min(cheapest, LINK_DRIVER_MAX) + 1);
      if (n <= LINK_DRIVER_MAX && n < cheapest && (!linkDriver || n < linkDriver.n)) linkDriver = { ...filter, n };
    }
    const columns = sql.join(COLUMNS.map((c) => sql.ref(c)));
    const inTable = (table: 'kb_fts' | 'kb_grams', match: string) => sql<SqlBool>`exists (select 1 from ${sql.table(table)} where ${sql.table(table)}.rowid = kb_articles.seq and ${sql.table(table)} match ${match})`;
    const common = [
      sql<SqlBool>`kb_articles.state in (${sql.join(f.states)})`,
      ...filters.filter((x) => !(linkDriver && x.kind === linkDriver.kind && x.ref === linkDriver.ref)).map((x) => linkedSql(x.kind, x.ref)),
    ];
    if (linkDriver) {
      const conditions = [
        ...common,
        ...(longTerms.length ? [inTable('kb_fts', longMatch)] : []),
        ...(shortGrams.length ? [inTable('kb_grams', shortMatch)] : []),
        ...(page.after ? [sql<SqlBool>`kb_articles.seq < ${page.after[0]}`] : []),
      ];
      const { rows } = await sql<KbArticlesTable>`select ${columns} from kb_article_links l join kb_articles on kb_articles.id = l.article_id where l.kind = ${linkDriver.kind} and l.ref = ${linkDriver.ref} and ${sql.join(conditions, sql` and `)} order by kb_articles.seq desc limit ${page.limit}`.execute(db);
      return rows.map(numberish);
    }
    const byLong = longTerms.length > 0 && estimate.long <= estimate.short;
    const driver = byLong ? 'kb_fts' : 'kb_grams';
    const rowid = sql`${sql.table(driver)}.rowid`;
    const conditions = [
      sql<SqlBool>`${sql.table(driver)} match ${byLong ? longMatch : shortMatch}`,
      ...(byLong && shortGrams.length ? [inTable('kb_grams', shortMatch)] : []),
      ...(!byLong && longTerms.length ? [inTable('kb_fts', longMatch)] : []),
      ...common,
      ...(page.after ? [sql<SqlBool>`${rowid} < ${page.after[0]}`] : []),
    ];
    const { rows } = await sql<KbArticlesTable>`select ${columns} from ${sql.table(driver)} join kb_articles on kb_articles.seq = ${rowid} where ${sql.join(conditions, sql` and `)} order by ${rowid} desc limit ${page.limit}`.execute(db);
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
      if (pg && f.terms?.length) return pgSearch(db, f, f.terms, page);
      return (await pageQuery(filtered(db, f, pgTermCondition), ARTICLES_ORDER, page).execute()).map(numberish);
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
