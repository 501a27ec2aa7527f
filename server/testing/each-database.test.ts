import { describe, expect, it } from 'vitest';
import { databaseSuites } from './each-database.ts';

describe('databaseSuites', () => {
  it('declares the PostgreSQL suite as skipped, with the reason, when no PostgreSQL URL is given', () => {
    const suites = databaseSuites('users on %s', {});
    expect(suites.map((s) => [s.dialect, s.skipReason === undefined])).toEqual([['sqlite', true], ['postgres', false]]);
    expect(suites[1]!.title).toMatch(/^users on postgres \(skipped: set OPSDESK_TEST_PG_URL/);
  });

  it('runs both when the URL is set, and skips both for a reason that applies to both', () => {
    expect(databaseSuites('x on %s', { OPSDESK_TEST_PG_URL: 'postgres://h/db' }).map((s) => s.title)).toEqual(['x on sqlite', 'x on postgres']);
    expect(databaseSuites('x on %s', { OPSDESK_TEST_PG_URL: 'postgres://h/db' }, 'no broker').every((s) => s.skipReason === 'no broker')).toBe(true);
  });
});
