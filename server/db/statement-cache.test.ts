import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingStatements } from './statement-cache.ts';

describe('cachingStatements', () => {
  let raw: SQLite.Database;
  afterEach(() => {
    if (raw.open) raw.close();
  });

  it('prepares a SQL text once and hands the same statement out again', () => {
    raw = new SQLite(':memory:');
    const db = cachingStatements(raw);
    const first = db.prepare('select 1 as one');
    expect(db.prepare('select 1 as one')).toBe(first);
    expect(db.prepare('select 2 as two')).not.toBe(first);
    expect(first.all([])).toEqual([{ one: 1 }]);
  });

  it('forgets the least recently used statement beyond its size', () => {
    raw = new SQLite(':memory:');
    const db = cachingStatements(raw, 2);
    const a = db.prepare('select 1');
    const b = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(a); // a is now the most recent
    db.prepare('select 3'); // evicts b
    expect(db.prepare('select 1')).toBe(a);
    expect(db.prepare('select 2')).not.toBe(b);
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    raw = new SQLite(':memory:');
    raw.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const db = cachingStatements(raw);
    const streaming = db.prepare('select n from t order by n');
    const rows = streaming.iterate([]);
    expect(rows.next().value).toEqual({ n: 1 });
    const other = db.prepare('select n from t order by n');
    expect(other).not.toBe(streaming);
    expect(other.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...rows]).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it('still answers after the table under a cached statement changes shape', () => {
    raw = new SQLite(':memory:');
    raw.exec('create table t (n integer); insert into t values (1)');
    const db = cachingStatements(raw);
    expect(db.prepare('select * from t').all([])).toEqual([{ n: 1 }]);
    raw.exec("alter table t add column label text default 'x'");
    expect(db.prepare('select * from t').all([])).toEqual([{ n: 1, label: 'x' }]);
  });

  it('closes the connection', () => {
    raw = new SQLite(':memory:');
    cachingStatements(raw).close();
    expect(raw.open).toBe(false);
  });
});
