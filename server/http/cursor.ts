import { keysOf, type Keyset, type KeyValue, type KeyValues, type PageRequest } from '../db/keyset.ts';
import { fieldProblem, invalidFields } from '../field-problems.ts';

/**
 * The cursor of every list: base64url of a JSON array, the format version first and then the key values of the last
 * row of the page (`[1, 1764400000000, "01KB…"]`). Opaque to clients — they send back the nextCursor they got — and
 * checked on the way in against the list's keyset: anything else is a 400 naming querystring.cursor, never a query.
 *
 * Every key this codebase sorts on is an integer or an ASCII code of at most 64 characters, so a cursor stays well
 * inside the 200 characters the query string allows (`Cursor` in schemas.ts).
 */
const VERSION = 1;
const FIELD = 'querystring.cursor';
/** No key text is longer (codes, ids and usernames are at most 64); a longer one was not made here. */
const MAX_TEXT = 200;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** A surrogate not in a pair (with the u flag, a pair is one code point and does not match). */
const LONE_SURROGATE = /\p{Cs}/u;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export const encodeCursor = (values: KeyValues): string => Buffer.from(JSON.stringify([VERSION, ...values]), 'utf8').toString('base64url');

const notACursor = () => invalidFields([fieldProblem(FIELD, 'cursor')]);

function parse(cursor: string): unknown {
  if (!BASE64URL.test(cursor)) return undefined;
  try {
    return JSON.parse(utf8.decode(Buffer.from(cursor, 'base64url')));
  } catch {
    return undefined;
  }
}

function fits(value: unknown, type: 'integer' | 'text'): value is KeyValue {
  if (type === 'integer') return Number.isSafeInteger(value);
  // U+0000 and lone surrogates: PostgreSQL refuses the first in text, and neither was ever a key here.
  return typeof value === 'string' && value.length <= MAX_TEXT && !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * The position a cursor names in this keyset, or a 400 (VALIDATION_FAILED, field querystring.cursor) when it is not
 * one this list gave out: not base64url JSON, another version, the wrong number or kinds of values, or any spelling
 * but the one encodeCursor writes (so a tampered cursor is refused rather than read leniently).
 */
export function decodeCursor<Row>(keys: Keyset<Row>, cursor: string): KeyValues {
  const parsed = parse(cursor);
  if (!Array.isArray(parsed) || parsed.length !== keys.columns.length + 1 || parsed[0] !== VERSION) throw notACursor();
  const values = parsed.slice(1) as unknown[];
  if (!keys.columns.every((c, i) => fits(values[i], c.type))) throw notACursor();
  const checked = values as KeyValue[];
  if (encodeCursor(checked) !== cursor) throw notACursor();
  return checked;
}

/** What a list is asked for: the cursor from the previous page (none for the first) and the page size. */
export interface ListRequest {
  cursor?: string | undefined;
  limit: number;
}

/** One page of a list, as every list answers (`Page(item)` in schemas.ts). */
export interface CursorPage<Item> {
  items: Item[];
  nextCursor: string | null;
}

/**
 * Reads one page: decodes the cursor (an empty one is the first page, like none), fetches `limit + 1` rows in the
 * keyset's order — the extra row only says whether there is a next page — and turns the first `limit` into items.
 * `view` gets the page's rows together, so it can load what they refer to in one query.
 */
export async function cursorPage<Row, Item>(
  keys: Keyset<Row>,
  request: ListRequest,
  fetch: (page: PageRequest) => Promise<Row[]>,
  view: (rows: Row[]) => Item[] | Promise<Item[]>,
): Promise<CursorPage<Item>> {
  const after = request.cursor ? decodeCursor(keys, request.cursor) : undefined;
  const rows = await fetch({ ...(after && { after }), limit: request.limit + 1 });
  const page = rows.slice(0, request.limit);
  const last = page[page.length - 1];
  return { items: await view(page), nextCursor: rows.length > request.limit && last !== undefined ? encodeCursor(keysOf(keys, last)) : null };
}
