import { describe, expect, it } from 'vitest';
import type { IngestWriter } from './ingest.repository.ts';
import { createGroupCommit } from './group-commit.ts';

/** A transaction log standing in for the database: records which works ran in which transaction, and can fail one. */
function fakeWrite(options: { failWhen?: (labels: string[]) => boolean } = {}) {
  const transactions: string[][] = [];
  const write = async <T>(fn: (w: IngestWriter) => Promise<T>): Promise<T> => {
    const labels: string[] = [];
    const writer = { labels } as unknown as IngestWriter;
    await new Promise((r) => setTimeout(r, 5)); // a commit takes time, so others queue up meanwhile
    const result = await fn(writer);
    if (options.failWhen?.(labels)) throw new Error(`transaction with ${labels.join(',')} failed`);
    transactions.push(labels);
    return result;
  };
  const work = (label: string) => async (w: IngestWriter) => {
    (w as unknown as { labels: string[] }).labels.push(label);
  };
  return { write, transactions, work };
}

describe('group commit', () => {
  it('puts batches submitted in the same turn of the event loop into one transaction', async () => {
    const db = fakeWrite();
    const commit = createGroupCommit(db.write);
    await Promise.all(['a', 'b', 'c'].map((label) => commit(db.work(label))));
    expect(db.transactions).toEqual([['a', 'b', 'c']]);
  });

  it('puts batches that arrive during a commit into the next transaction together', async () => {
    const db = fakeWrite();
    const commit = createGroupCommit(db.write);
    const first = commit(db.work('a'));
    await new Promise((r) => setTimeout(r, 1)); // 'a' is being written now
    await Promise.all([first, ...['b', 'c', 'd'].map((label) => commit(db.work(label)))]);
    expect(db.transactions).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('hands each batch what its own work returned', async () => {
    const db = fakeWrite();
    const commit = createGroupCommit(db.write);
    const results = await Promise.all([1, 2, 3].map((n) => commit(async () => n * 10)));
    expect(results).toEqual([10, 20, 30]);
  });

  it('resolves each batch only after its own transaction commits', async () => {
    const db = fakeWrite();
    const commit = createGroupCommit(db.write);
    const order: string[] = [];
    const acknowledge = (label: string) => () => order.push(`${label} acknowledged after ${db.transactions.length} commit(s)`);
    const first = commit(db.work('a')).then(acknowledge('a'));
    await new Promise((r) => setTimeout(r, 1));
    await Promise.all([first, commit(db.work('b')).then(acknowledge('b'))]);
    expect(order).toEqual(['a acknowledged after 1 commit(s)', 'b acknowledged after 2 commit(s)']);
  });

  it('retries a failed group one batch at a time, so only the bad batch fails', async () => {
    const db = fakeWrite({ failWhen: (labels) => labels.includes('bad') });
    const commit = createGroupCommit(db.write);
    const outcomes = await Promise.allSettled(['first', 'good', 'bad', 'also-good'].map((label) => commit(db.work(label))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(db.transactions).toEqual([['first'], ['good'], ['also-good']]);
  });

  it('keeps groups within the size limit', async () => {
    const db = fakeWrite();
    const commit = createGroupCommit(db.write, 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((label) => commit(db.work(label))));
    expect(db.transactions.every((t) => t.length <= 2)).toBe(true);
    expect(db.transactions.flat().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
