import { describe, expect, it } from 'vitest';
import { keyset } from '../db/keyset.ts';
import { InvalidError } from '../errors.ts';
import { cursorPage, decodeCursor, encodeCursor } from './cursor.ts';

type Row = { at: number; id: string };
const BY_TIME = keyset<Row>({ column: 'at', direction: 'desc', type: 'integer', of: (r) => r.at }, { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id });
const BY_CODE = keyset<{ code: string }>({ column: 'code', direction: 'asc', type: 'text', of: (r) => r.code });

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** The 400 a bad cursor gives: VALIDATION_FAILED naming querystring.cursor with the `cursor` problem code. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidError);
    const e = error as InvalidError;
    return { status: e.status, code: e.code, details: e.details };
  }
  throw new Error('accepted');
}

describe('the cursor', () => {
  it('round-trips the key values of a keyset', () => {
    for (const values of [
      [1_764_400_000_000, '01KB0000000000000000000000'],
      [0, 'a'],
      [Number.MAX_SAFE_INTEGER, 'POS-C1_017:x@y/z.w'],
    ] as const) {
      const cursor = encodeCursor(values);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor.length).toBeLessThanOrEqual(200);
      expect(decodeCursor(BY_TIME, cursor)).toEqual(values);
    }
    expect(decodeCursor(BY_CODE, encodeCursor(['食堂-1']))).toEqual(['食堂-1']);
  });

  it('is versioned base64url JSON, opaque but not secret', () => {
    expect(JSON.parse(Buffer.from(encodeCursor([5, 'x']), 'base64url').toString('utf8'))).toEqual([1, 5, 'x']);
  });

  it.each([
    ['not base64url', 'abc+/=='],
    ['a raw value of the old formats', '1764400000000.01KB0000000000000000000000'],
    ['an old username cursor', 'admin'],
    ['base64url of something that is not JSON', b64('[1, 5,')],
    ['invalid UTF-8', Buffer.from([0x5b, 0x31, 0x2c, 0x22, 0xff, 0x22, 0x5d]).toString('base64url')],
    ['not an array', b64('{"v":1}')],
    ['another version', b64('[2,5,"x"]')],
    ['no version', b64('[5,"x"]')],
    ['too few values', b64('[1,5]')],
    ['too many values', b64('[1,5,"x","y"]')],
    ['values swapped', b64('[1,"x",5]')],
    ['a fraction', b64('[1,5.5,"x"]')],
    ['an unsafe integer', b64('[1,9007199254740993,"x"]')],
    ['a number as text', b64('[1,"5","x"]')],
    ['null', b64('[1,null,"x"]')],
    ['NUL in a text', b64('[1,5,"a\\u0000b"]')],
    ['a lone surrogate', b64('[1,5,"\\ud800"]')],
    ['a text too long', b64(`[1,5,"${'x'.repeat(201)}"]`)],
    ['another spelling of a valid position', b64('[1, 5, "x"]')],
    ['padding', `${encodeCursor([5, 'x'])}==`],
  ])('refuses %s with a 400 naming querystring.cursor', (_what, cursor) => {
    expect(refusal(() => decodeCursor(BY_TIME, cursor))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: [{ field: 'querystring.cursor', code: 'cursor', message: 'not a cursor from this list' }],
    });
  });

  it('refuses a cursor from a list with other keys (the device list: one order’s cursor in the other)', () => {
    const problems = encodeCursor([0, 'POS-1']);
    expect(refusal(() => decodeCursor(BY_CODE, problems)).status).toBe(400);
    expect(refusal(() => decodeCursor(BY_TIME, encodeCursor(['POS-1']))).status).toBe(400);
  });

  it('refuses every single-character change of a good cursor, or reads it as another valid position', () => {
    const good = encodeCursor([1_764_400_000_000, '01KB0000000000000000000000']);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < good.length; i++) {
      for (const c of alphabet) {
        const tampered = good.slice(0, i) + c + good.slice(i + 1);
        if (tampered === good) continue;
        let values: readonly unknown[] | undefined;
        try {
          values = decodeCursor(BY_TIME, tampered);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidError);
          continue;
        }
        // What is accepted is a position in the same shape, spelt exactly as the server would spell it.
        expect(encodeCursor(values as (string | number)[])).toBe(tampered);
        expect(typeof values[0]).toBe('number');
        expect(typeof values[1]).toBe('string');
      }
    }
  });
});

describe('cursorPage', () => {
  const rows: Row[] = Array.from({ length: 5 }, (_, i) => ({ at: 1000, id: `id-${9 - i}` }));
  const fetched: { after?: readonly (string | number)[]; limit: number }[] = [];
  const fetch = async (page: { after?: readonly (string | number)[]; limit: number }) => {
    fetched.push(page);
    const start = page.after ? rows.findIndex((r) => r.id === page.after![1]) + 1 : 0;
    return rows.slice(start, start + page.limit);
  };

  it('asks for one row more than it shows, and gives the cursor of the last row shown', async () => {
    fetched.length = 0;
    const first = await cursorPage(BY_TIME, { limit: 2 }, fetch, (page) => page.map((r) => r.id));
    expect(first.items).toEqual(['id-9', 'id-8']);
    expect(fetched[0]).toEqual({ limit: 3 });
    expect(decodeCursor(BY_TIME, first.nextCursor!)).toEqual([1000, 'id-8']);
    const second = await cursorPage(BY_TIME, { cursor: first.nextCursor!, limit: 2 }, fetch, (page) => page.map((r) => r.id));
    expect(fetched[1]).toEqual({ after: [1000, 'id-8'], limit: 3 });
    expect(second.items).toEqual(['id-7', 'id-6']);
    const last = await cursorPage(BY_TIME, { cursor: second.nextCursor!, limit: 2 }, fetch, (page) => page.map((r) => r.id));
    expect(last).toEqual({ items: ['id-5'], nextCursor: null });
  });

  it('gives no cursor when the page is exactly the rest', async () => {
    const all = await cursorPage(BY_TIME, { limit: 5 }, fetch, (page) => page.map((r) => r.id));
    expect(all.items).toHaveLength(5);
    expect(all.nextCursor).toBeNull();
  });

  it('reads an empty cursor as the first page, and a bad one before asking the database', async () => {
    fetched.length = 0;
    expect((await cursorPage(BY_TIME, { cursor: '', limit: 1 }, fetch, (page) => page)).items).toEqual([rows[0]]);
    await expect(cursorPage(BY_TIME, { cursor: 'nonsense', limit: 1 }, fetch, (page) => page)).rejects.toBeInstanceOf(InvalidError);
    expect(fetched).toHaveLength(1);
  });
});
