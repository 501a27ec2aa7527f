import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonScanner, MAX_ITEM_CHARS, ndjsonScanner, type BatchScanner } from './batch-scanner.ts';
import { readBatch } from './body.ts';
import { UnparsableItem } from './envelope.ts';

/** The body as a stream of the given pieces, like a socket or gunzip hands it over. */
const read = (pieces: (string | Buffer)[], scanner: BatchScanner, maxBytes = 1e9) => readBatch(Readable.from(pieces.map((p) => Buffer.from(p))), scanner, maxBytes);

/** Cuts a buffer at the given offsets (sorted, deduplicated), also through the middle of a UTF-8 character. */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    pieces.push(bytes.subarray(last, p));
    last = p;
  }
  pieces.push(bytes.subarray(last));
  return pieces.filter((p) => p.length > 0);
}

/** JSON values whose strings hold what a naive splitter trips on: quotes, backslashes, brackets, commas, CJK. */
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', 'a', '食', '😀', '\n', ' ', '\u0001') });
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(tricky, tie('node'), { maxKeys: 4 })),
})).node;

describe('reading a JSON batch as it streams in', () => {
  // Bodies past the one-piece size go through the scanner; smaller ones through one JSON.parse: both must agree.
  const pad = (items: unknown[], big: boolean) => (big ? [...items, ...Array.from({ length: 3 }, () => ({ padding: 'p'.repeat(200 * 1024) }))] : items);

  it.each([false, true])('gives exactly what JSON.parse gives, however the body is cut (scanner: %s)', async (big) => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom('', ' ', '\n\t '), async (items, offsets, space) => {
        const text = `${space}[${space}${pad(items, big).map((i) => JSON.stringify(i)).join(`${space},${space}`)}${space}]${space}`;
        const bytes = Buffer.from(text);
        expect(await read(cut(bytes, offsets.map((o) => (big ? o * 37 : o))), jsonScanner(1000))).toEqual(JSON.parse(text));
      }),
      { numRuns: big ? 60 : 300 },
    );
  });

  it('takes one envelope as a batch of one, and refuses what is not a batch', async () => {
    expect(await read(['{"id":', '"a"}'], jsonScanner(10))).toEqual([{ id: 'a' }]);
    for (const body of ['42', '"text"', 'null', 'true']) await expect(read([body], jsonScanner(10))).rejects.toMatchObject({ status: 400, code: 'INVALID_BATCH' });
  });

  it.each([
    ['unclosed', '[{"a":1}'],
    ['a trailing comma', '[{"a":1},]'],
    ['a missing element', '[,{"a":1}]'],
    ['something after the end', '[{"a":1}] x'],
    ['a broken element', '[{"a":1}, {"b": nope}]'],
    ['an unterminated string', '["abc'],
    ['empty', ''],
    ['not JSON at all', 'hello'],
  ])('refuses a body that is not JSON as a whole (%s)', async (_name, body) => {
    // Once as a small body, once streamed (past the one-piece size), so both ways refuse it.
    await expect(read([body], jsonScanner(10))).rejects.toMatchObject({ status: 400, code: 'INVALID_JSON' });
    const streamed = body.startsWith('[') ? `[${'"padding",'.repeat(80_000)}${body.slice(1)}` : `${body}${' '.repeat(600 * 1024)}`;
    await expect(read([streamed], jsonScanner(100_000))).rejects.toMatchObject({ status: 400, code: 'INVALID_JSON' });
  });

  it('stops at the item limit without reading the rest', async () => {
    let pulled = 0;
    async function* endless() {
      yield Buffer.from('[');
      for (;;) {
        pulled++;
        yield Buffer.from('{"a":1},'.repeat(10_000));
      }
    }
    await expect(readBatch(endless(), jsonScanner(50_000), 1e12)).rejects.toMatchObject({ status: 413, code: 'BATCH_TOO_LARGE' });
    expect(pulled).toBeLessThan(10);
  });

  it('stops at the byte limit, counting the bytes it is given', async () => {
    await expect(read(['[', ' '.repeat(1000), ']'], jsonScanner(10), 500)).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses an item too long to read by itself, keeping the others', async () => {
    const items = await read(['[{"a":1},', `{"huge":"${'x'.repeat(MAX_ITEM_CHARS + 10)}"}`, ',{"b":2}]'], jsonScanner(10));
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({ a: 1 });
    expect(items[1]).toMatchObject({ code: 'ITEM_TOO_LARGE' });
    expect(items[2]).toEqual({ b: 2 });
  });
});

describe('reading an NDJSON batch as it streams in', () => {
  it('gives one item a line, however the body is cut; a broken line is rejected alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(value, fc.constant('{broken'), fc.constant('')), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), async (lines, offsets) => {
        const texts = lines.map((l) => (l === '{broken' || l === '' ? (l as string) : JSON.stringify(l)));
        const bytes = Buffer.from(texts.join('\r\n'));
        const items = await read(cut(bytes, offsets), ndjsonScanner(1000));
        const expected = texts.flatMap((t, i) => (t.trim() === '' ? [] : [t === '{broken' ? `line ${i + 1}` : JSON.parse(t)]));
        expect(items.map((item) => (item instanceof UnparsableItem ? item.message.replace(/ is not valid JSON$/, '') : item))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('counts lines that cannot be parsed against the item limit, and stops there', async () => {
    await expect(read(['x\n'.repeat(11)], ndjsonScanner(10))).rejects.toMatchObject({ status: 413, code: 'BATCH_TOO_LARGE' });
    await expect(read(['{x\n'.repeat(11)], ndjsonScanner(10))).rejects.toMatchObject({ status: 413, code: 'BATCH_TOO_LARGE' });
    expect(await read(['x\n'.repeat(10)], ndjsonScanner(10))).toHaveLength(10);
  });

  it('refuses a line too long to read by itself, keeping the others', async () => {
    const items = await read(['{"a":1}\n', 'y'.repeat(MAX_ITEM_CHARS), 'y'.repeat(20), '\n{"b":2}'], ndjsonScanner(10));
    expect(items).toEqual([{ a: 1 }, expect.objectContaining({ code: 'ITEM_TOO_LARGE', message: expect.stringContaining('line 2') }), { b: 2 }]);
  });
});

describe('sharing the event loop while reading', () => {
  /** How many times other work got the event loop while the body was read. */
  async function turnsDuring(work: () => Promise<unknown>): Promise<{ turns: number; outcome: unknown }> {
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const outcome = await work().catch((error: unknown) => error);
    running = false;
    return { turns, outcome };
  }

  it('lets other requests run while it works through 2 MB of junk lines in one piece', async () => {
    // One 2 MB piece, as a fast socket or gunzip may hand over: the work inside it is sliced, not done at once.
    const { turns, outcome } = await turnsDuring(() => read(['{x\n'.repeat(700_000)], ndjsonScanner(20_000)));
    expect(outcome).toMatchObject({ status: 413, code: 'BATCH_TOO_LARGE' });
    expect(turns).toBeGreaterThan(3);
  });

  it('lets other requests run while it parses a large JSON body', async () => {
    const body = JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ id: `item-${i}`, kind: 'metric', data: { name: 'x', value: i } })));
    const { turns, outcome } = await turnsDuring(() => read([body], jsonScanner(100_000)));
    expect(outcome).toHaveLength(60_000);
    expect(turns).toBeGreaterThan(3);
  });
});
