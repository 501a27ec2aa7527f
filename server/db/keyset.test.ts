import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cursorPage } from '../http/cursor.ts';
import { createTestDb, type TestDb } from '../testing/databases.ts';
import { describeEachDatabase } from '../testing/each-database.ts';
import { keyset, pageQuery, type Keyset } from './keyset.ts';

interface ProbeTable {
  id: string;
  at: number;
  grp: number;
  code: string;
}
type Row = ProbeTable;

const at = { column: 'at', type: 'integer', of: (r: Row) => r.at } as const;
const grp = { column: 'grp', type: 'integer', of: (r: Row) => r.grp } as const;
const id = { column: 'id', type: 'text', of: (r: Row) => r.id } as const;
const code = { column: 'code', type: 'text', of: (r: Row) => r.code } as const;

/** Every shape of order the lists use, and the ones they may: 1–3 keys, ascending, descending and mixed. */
const ORDERS: [string, Keyset<Row>, (a: Row, b: Row) => number][] = [
  ['id ascending', keyset<Row>({ ...id, direction: 'asc' }), (a, b) => cmp(a.id, b.id)],
  ['id descending', keyset<Row>({ ...id, direction: 'desc' }), (a, b) => cmp(b.id, a.id)],
  ['newest first, id breaking ties (history, movements, events)', keyset<Row>({ ...at, direction: 'desc' }, { ...id, direction: 'desc' }), (a, b) => b.at - a.at || cmp(b.id, a.id)],
  ['oldest first', keyset<Row>({ ...at, direction: 'asc' }, { ...id, direction: 'asc' }), (a, b) => a.at - b.at || cmp(a.id, b.id)],
  ['newest first, then code ascending (discovered devices)', keyset<Row>({ ...at, direction: 'desc' }, { ...code, direction: 'asc' }), (a, b) => b.at - a.at || cmp(a.code, b.code)],
  [
    'three keys, mixed',
    keyset<Row>({ ...grp, direction: 'asc' }, { ...at, direction: 'desc' }, { ...id, direction: 'asc' }),
    (a, b) => a.grp - b.grp || b.at - a.at || cmp(a.id, b.id),
  ],
];

/** Byte order of ASCII text: what both test databases sort by (SQLite BINARY, PostgreSQL C.UTF-8 or any locale for these digits and capitals). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Many rows share a timestamp (devices report in the same millisecond, a clock that stands still in a test), so the
 * page boundary falls inside runs of ties. Paging must still give every row exactly once, in order.
 */
describeEachDatabase('keyset pagination on %s', (dialect) => {
  let t: TestDb;
  let db: Kysely<{ keyset_probe: ProbeTable }>;
  const rows: Row[] = [];

  beforeAll(async () => {
    t = await createTestDb(dialect, { migrate: false });
    db = t.db.kysely as unknown as Kysely<{ keyset_probe: ProbeTable }>;
    await db.schema
      .createTable('keyset_probe')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('grp', 'integer', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .execute();
    // 97 rows over three instants (one holding most of them) and three groups; ids and codes in unrelated orders.
    for (let i = 0; i < 97; i++) {
      const n = (i * 37) % 97;
      rows.push({ id: `ID${String(n).padStart(3, '0')}`, at: 1_764_400_000_000 + (i % 7 === 0 ? 0 : i % 11 === 0 ? 1 : 2), grp: i % 3, code: `C${String((i * 53) % 97).padStart(3, '0')}` });
    }
    await db.insertInto('keyset_probe').values(rows).execute();
  });
  afterAll(async () => t.destroy());

  const readPage = (keys: Keyset<Row>) => (page: { after?: readonly (string | number)[]; limit: number }) =>
    pageQuery(db.selectFrom('keyset_probe').selectAll(), keys, page)
      .execute()
      .then((found) => found.map((r) => ({ ...r, at: Number(r.at), grp: Number(r.grp) })));

  it.each(ORDERS)('%s: every row once, in order, whatever the page size', async (_name, keys, compare) => {
    const expected = [...rows].sort(compare).map((r) => r.id);
    for (const limit of [1, 2, 5, 13, 96, 97, 200]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await cursorPage(keys, { cursor, limit }, readPage(keys), (found) => found.map((r) => r.id));
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 200);
      expect(seen, `page size ${limit}`).toEqual(expected);
    }
  });

  it('starts strictly after the position, inside a run of ties', async () => {
    const keys = ORDERS[2]![1];
    const tied = rows.filter((r) => r.at === 1_764_400_000_002).sort((a, b) => cmp(b.id, a.id));
    const middle = tied[10]!;
    const next = await readPage(keys)({ after: [middle.at, middle.id], limit: 3 });
    expect(next.map((r) => r.id)).toEqual(tied.slice(11, 14).map((r) => r.id));
  });
});
