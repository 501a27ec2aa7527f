/**
 * Vitest global set-up: says at the start of a run what will be skipped and why, so a green run without
 * PostgreSQL, a broker or a browser is not mistaken for a full one (the skipped suites also name the reason).
 */
export default function announceSkips(): void {
  const missing: string[] = [];
  if (!process.env.OPSDESK_TEST_PG_URL) missing.push('PostgreSQL suites (set OPSDESK_TEST_PG_URL, e.g. postgres://postgres@127.0.0.1:5432/test)');
  if (missing.length > 0) console.warn(`\nNot run in this test run, reported as skipped: ${missing.join('; ')}\n`);
}
