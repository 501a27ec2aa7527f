import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';

/**
 * Keyset pagination: a list is ordered on one to three key columns and the next page starts strictly after the last
 * row seen, so rows written meanwhile never shift a page (as OFFSET would) and a page costs the same however deep it
 * is. The wire form of a position is the cursor (`server/http/cursor.ts`).
 */

/** The value of one key of a row: an integer (an instant, a sequence) or a text (an id, a code). */
export type KeyValue = number | string;
export type KeyValues = readonly KeyValue[];

export interface KeyColumn<Row> {
  /** what the query orders on: a column reference ('devices.code') or an SQL expression of the row (never NULL) */
  column: string | Expression<KeyValue>;
  direction: 'asc' | 'desc';
  /** what a cursor must hold for this key: checked on decode, so a forged value never reaches the database */
  type: 'integer' | 'text';
  /** the row's value of this key, for the cursor of the page that ends with it */
  of: (row: Row) => KeyValue;
}

/** A total order: the last key is unique (the id, or a column the database keeps unique), so no two rows tie. */
export interface Keyset<Row> {
  readonly columns: readonly KeyColumn<Row>[];
}

/**
 * Declares a list's order. The last column must be unique across the rows the list can hold — the id as tie-breaker
 * after a timestamp, or a unique code or sequence on its own — otherwise rows that tie on a page boundary would be
 * skipped or repeated.
 */
export function keyset<Row>(...columns: KeyColumn<Row>[]): Keyset<Row> {
  if (columns.length < 1 || columns.length > 3) throw new Error(`a keyset has 1 to 3 columns, not ${columns.length}`);
  return { columns };
}

/** Where a page starts and how many rows to read (the page helper asks for one more than it shows). */
export interface PageRequest {
  /** the key values of the last row of the previous page; none for the first page */
  after?: KeyValues;
  limit: number;
}

const refOf = (column: KeyColumn<unknown>['column']): Expression<KeyValue> => (typeof column === 'string' ? sql.ref<KeyValue>(column) : column);

/**
 * Rows strictly after `after` in the keyset's order: (k1 beyond v1) or (k1 = v1 and k2 beyond v2) or …, where beyond
 * is > for an ascending key and < for a descending one, so mixed directions work. The leading key is also bounded
 * (k1 ≥ v1, or ≤) on its own: the same rows, but a bound an index on k1 can seek to instead of filtering from the top.
 */
export function afterKeys<Row>(keys: Keyset<Row>, after: KeyValues): RawBuilder<SqlBool> {
  const { columns } = keys;
  if (after.length !== columns.length) throw new Error(`a position of ${after.length} values for a keyset of ${columns.length} columns`);
  const beyond = (c: KeyColumn<Row>) => sql.raw(c.direction === 'asc' ? '>' : '<');
  const branches = columns.map((c, i) => {
    const equal = columns.slice(0, i).map((p, j) => sql`${refOf(p.column)} = ${after[j]}`);
    return sql.join([...equal, sql`${refOf(c.column)} ${beyond(c)} ${after[i]}`], sql` and `);
  });
  const any = sql.join(
    branches.map((b) => sql`(${b})`),
    sql` or `,
  );
  if (columns.length === 1) return sql<SqlBool>`(${any})`;
  const first = columns[0]!;
  return sql<SqlBool>`(${refOf(first.column)} ${sql.raw(first.direction === 'asc' ? '>=' : '<=')} ${after[0]} and (${any}))`;
}

/** The query ordered by the keyset, starting after the page's position, at most `page.limit` rows. */
export function pageQuery<DB, TB extends keyof DB, O, Row>(query: SelectQueryBuilder<DB, TB, O>, keys: Keyset<Row>, page: PageRequest): SelectQueryBuilder<DB, TB, O> {
  let q = page.after === undefined ? query : query.where(afterKeys(keys, page.after));
  for (const c of keys.columns) q = q.orderBy(refOf(c.column), c.direction);
  return q.limit(page.limit);
}

/** The key values of a row, in the keyset's order: what the next page's cursor holds. */
export const keysOf = <Row>(keys: Keyset<Row>, row: Row): KeyValue[] => keys.columns.map((c) => c.of(row));
