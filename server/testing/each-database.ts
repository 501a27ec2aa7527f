import { describe } from 'vitest';
import type { Dialect } from '../db/database.ts';

export interface DatabaseSuite {
  dialect: Dialect;
  title: string;
  /** why the suite is declared but not run; undefined when it runs */
  skipReason: string | undefined;
}

/** The suites describeEachDatabase declares for `name` under the given environment. */
export function databaseSuites(name: string, env: { OPSDESK_TEST_PG_URL?: string | undefined }, skip?: string): DatabaseSuite[] {
  return (['sqlite', 'postgres'] as const).map((dialect) => {
    const skipReason = skip ?? (dialect === 'postgres' && !env.OPSDESK_TEST_PG_URL ? 'skipped: set OPSDESK_TEST_PG_URL to run it on PostgreSQL' : undefined);
    const title = name.replace('%s', dialect);
    return { dialect, skipReason, title: skipReason ? `${title} (${skipReason})` : title };
  });
}

/**
 * Declares a suite once per database: SQLite always, PostgreSQL when OPSDESK_TEST_PG_URL is set. Without it the
 * PostgreSQL suite is still collected but skipped, with the reason in its name, so `npm test` counts every database
 * test it did not run instead of quietly creating half as many. `skip` (a reason) skips both, e.g. when a server the
 * suite needs is not reachable.
 */
export function describeEachDatabase(name: string, suite: (dialect: Dialect) => void, options: { skip?: string | undefined } = {}): void {
  for (const { dialect, title, skipReason } of databaseSuites(name, process.env, options.skip)) {
    if (skipReason) describe.skip(title, () => suite(dialect));
    else describe(title, () => suite(dialect));
  }
}
