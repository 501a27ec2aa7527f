import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * FROZEN once shipped. The knowledge base (SPEC C6.4, C5.7; issue 12 point 6): articles with their links (tags,
 * plans, incidents, device types, problems, alert names), their version history, and the full-text search indexes.
 *
 * Search works for Chinese without spaces on both databases (server/modules/kb/README.md):
 * - terms of three characters or more: SQLite FTS5 with the trigram tokenizer (kb_fts); PostgreSQL pg_trgm, a GIN
 *   trigram index on kb_articles.search_text (lower-cased title, tags and body);
 * - terms of one or two characters (闸机), which trigrams cannot index: a "grams" index of every character and every
 *   pair of adjacent characters of each word, written by the application as ASCII tokens — an FTS5 table on SQLite
 *   (kb_grams), a GIN-indexed text[] column on PostgreSQL (kb_articles.grams).
 *
 * `down` drops the tables but leaves the pg_trgm extension: other schemas of the same database may use it.
 */
const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('kb_articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // draft | in_review | published | archived
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // rises with every change of any article: the order of lists and search (newest change first), and on SQLite the
    // rowid of the article's rows in the FTS tables, so that a search walks its index newest first and stops early
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    // the incident it was drafted from, if any
    .addColumn('source_incident_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // who last changed the title, body, tags or links: the four-eyes rule keeps them from publishing it
    .addColumn('content_by', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'bigint')
    .addColumn('published_by', 'text')
    .addColumn('published_at', 'bigint')
    .$call((b) => (pg ? b.addColumn('search_text', 'text', (c) => c.notNull()).addColumn('grams', sql`text[]`, (c) => c.notNull()) : b))
    .execute();
  await db.schema.createIndex('kb_articles_state_seq_idx').on('kb_articles').columns(['state', 'seq']).execute();
  if (pg) await sql`create sequence kb_article_seq`.execute(db);

  await db.schema
    .createTable('kb_article_links')
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    // tag | plan | incident | device_type | problem | alert
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('kb_article_links_pk', ['article_id', 'kind', 'ref'])
    .execute();
  await db.schema.createIndex('kb_article_links_ref_idx').on('kb_article_links').columns(['kind', 'ref', 'article_id']).execute();

  await db.schema
    .createTable('kb_article_versions')
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    // create | update | submit | publish | reject | archive | revise
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // JSON { tags, plans, incidents, deviceTypes, problems, alertNames }
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('by', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('kb_article_versions_pk', ['article_id', 'version'])
    .execute();

  if (pg) {
    // Where pg_trgm lives decides how its operator class is named: the search_path may be opsdesk's schema alone.
    const existing = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
    if (existing.rows.length === 0) {
      const publicSchema = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = 'public'`.execute(db);
      if (publicSchema.rows[0]?.n) await sql`create extension if not exists pg_trgm with schema public`.execute(db);
      else await sql`create extension if not exists pg_trgm`.execute(db);
    }
    const found = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
    const schema = found.rows[0]!.schema;
    await sql`create index kb_articles_search_trgm_idx on kb_articles using gin (search_text ${sql.id(schema)}.gin_trgm_ops)`.execute(db);
    await sql`create index kb_articles_grams_idx on kb_articles using gin (grams)`.execute(db);
  } else {
    // rowid = kb_articles.seq
    await sql`create virtual table kb_fts using fts5(text, tokenize = 'trigram')`.execute(db);
    await sql`create virtual table kb_grams using fts5(grams, tokenize = 'ascii', detail = 'none')`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    await sql`drop table if exists kb_grams`.execute(db);
    await sql`drop table if exists kb_fts`.execute(db);
  }
  for (const table of ['kb_article_versions', 'kb_article_links', 'kb_articles']) await db.schema.dropTable(table).ifExists().execute();
  if (isPostgres(db)) await sql`drop sequence if exists kb_article_seq`.execute(db);
}
