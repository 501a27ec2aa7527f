import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/databases.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { emptyLinks, type ArticleState } from './kb-model.ts';
import { parseQuery, searchText } from './kb-search-text.ts';
import { createKbRepository, type NewArticle } from './kb.repository.ts';

const WORDS = ['闸机', '离线', '读卡模块', '交换机', '供电', 'PoE', 'network', '网线', '闸', '读卡', 'UPS 电源', '死机', '重启'];
const TAGS = ['闸机', '网络', '稀有'];
const TYPES = ['gate', 'pos', 'switch'];
const QUERIES = ['闸机', '闸', '读卡模块', '读卡模块 闸机', '闸机 离线', 'network poe', '交换机 闸', '供电 读卡', '重启', '不存在', 'ups'];

/**
 * Search on both databases against a plain reading of the same articles: every way a search can be run (the trigram
 * index, the grams index, both, a rare tag or device type driving it; pages by cursor) gives exactly the articles that
 * contain every term, newest change first.
 */
describeEachDatabase('knowledge-base search against a plain reading on %s', (dialect) => {
  let t: TestDb;
  const articles: { id: string; seq: number; state: ArticleState; text: string; tags: string[]; types: string[] }[] = [];

  beforeAll(async () => {
    t = await createTestDb(dialect);
    const repo = createKbRepository(dialect);
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const items = Array.from({ length: 300 }, (_, i) => {
      const title = `${pick(WORDS)}${pick(WORDS)} ${i}`;
      const body = Array.from({ length: 3 + Math.floor(next() * 6) }, () => pick(WORDS)).join(next() < 0.5 ? '' : ' ');
      const links = { ...emptyLinks(), tags: next() < 0.05 ? ['稀有'] : [pick(TAGS.slice(0, 2))], deviceTypes: [pick(TYPES)] };
      const state: ArticleState = next() < 0.8 ? 'published' : 'draft';
      const row: NewArticle = { id: `k${String(i).padStart(4, '0')}`, title, body, state, version: 1, source_incident_id: null, created_by: null, created_at: i, content_by: null, updated_by: null, updated_at: i, submitted_by: null, submitted_at: null, published_by: null, published_at: null };
      return { row, links, version: { article_id: row.id, version: 1, action: 'create', state, title, body, links: '{}', note: null, by: null, at: i } };
    });
    const written = await t.db.kysely.transaction().execute((trx) => repo.insertMany(trx, items));
    written.forEach((row, i) => articles.push({ id: row.id, seq: row.seq, state: row.state, text: searchText(row.title, items[i]!.links.tags, row.body), tags: items[i]!.links.tags, types: items[i]!.links.deviceTypes }));
  });
  afterAll(async () => t?.destroy());

  it('has a corpus where the queries find something and the rare tag is rare', () => {
    const published = articles.filter((a) => a.state === 'published');
    expect(published.filter((a) => a.text.includes('闸机')).length).toBeGreaterThan(30);
    expect(published.filter((a) => a.text.includes('读卡模块') && a.text.includes('闸机')).length).toBeGreaterThan(5);
    const rare = published.filter((a) => a.tags.includes('稀有')).length;
    expect(rare).toBeGreaterThan(2);
    expect(rare).toBeLessThan(40);
  });

  const cases: { q: string; tag?: string; deviceType?: string; window?: number }[] = QUERIES.flatMap((q) => [{ q }, { q, tag: '稀有' }, { q, deviceType: 'pos' }, { q, tag: '闸机', deviceType: 'switch' }, { q, window: 40 }, { q, tag: '闸机', window: 25 }]);

  it.each(cases)('finds what a plain reading finds: %o', async (query) => {
    // window: PostgreSQL reads that many newest articles row by row before it turns to the indexes (both steps run)
    const repo = createKbRepository(dialect, query.window ? { pgWindow: query.window } : {});
    const terms = parseQuery(query.q);
    const filter = { states: ['published'] as const, terms, ...(query.tag && { tag: query.tag }), ...(query.deviceType && { deviceType: query.deviceType }) };
    const expected = articles
      .filter((a) => a.state === 'published' && terms.every((term) => a.text.includes(term.text)))
      .filter((a) => (!query.tag || a.tags.includes(query.tag)) && (!query.deviceType || a.types.includes(query.deviceType)))
      .sort((a, b) => b.seq - a.seq)
      .map((a) => a.id);
    const found: string[] = [];
    let after: number | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const rows = await repo.list(t.db.kysely, { ...filter, states: ['published'] }, { ...(after !== undefined && { after: [after] }), limit: 7 });
      found.push(...rows.map((r) => r.id));
      if (rows.length < 7) break;
      after = rows[rows.length - 1]!.seq;
    }
    expect(found).toEqual(expected);
  });
});
