/**
 * The incident list and page over a million incidents (issue 11, "Speed and bad input"), through a real `opsdesk
 * serve` on SQLite and on PostgreSQL, signed in with a session cookie as the console is, at 20 and at 100 concurrent
 * clients (autocannon, keep-alive, rate limit off):
 *
 *   - list: GET /api/v1/incidents?state=open&level=1&limit=50 (the dispatcher's queue)
 *   - list by cursor: the same filter, a page further down (pages 2–30, by their cursors)
 *   - number: ?q=INC-000123 (a caller reads out the number)
 *   - page: GET /api/v1/incidents/{id} (random incidents: detail, timeline, SLA clocks, actions)
 *
 * Baselines in the same run: the same number of requests to GET /api/v1/auth/session (the request path's own cost:
 * session lookup, permission check, serialisation, with no incident in it), and the list's own SQL through the
 * driver, one query at a time (what a page costs the database). The SQL's plan is printed for each list query.
 *
 *   npm run bench:incidents [-- --rows 1000000 --dialects sqlite,postgres --requests 4000 --profile DIR]
 *
 * Each case gets --requests requests (10,000), or about 15 s worth when it is slower than that (at least 200): the
 * count is in the table.
 *
 * --profile DIR writes the server's CPU profile (`node --cpu-prof`) per dialect into DIR; a profiled run's figures are
 * not comparable. PostgreSQL: OPSDESK_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a fresh schema.
 */
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../server/db/schema.ts';
import { incidentsRepository, type IncidentFilter } from '../server/modules/incidents/incidents.repository.ts';
import { OPEN_STATES } from '../server/modules/incidents/workflow/model.ts';
import { ADMIN_PASSWORD } from '../server/testing/app.ts';
import { startServerProcess, type ServerProcess } from '../server/testing/server-process.ts';
import { buildBenchEstate, insertEstate } from './alerting/estate.ts';
import { percentile, round1 } from './alerting/measure.ts';
import { createBenchDb, type BenchDb, type BenchDialect } from './alerting/server.ts';
import { fillIncidents, generateIncidents, type GeneratedIncident } from './incidents/fill.ts';
import { load, type LoadResult } from './incidents/load.ts';

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ROWS = Number(argValue('rows') ?? 1_000_000);
const REQUESTS = Number(argValue('requests') ?? 10_000);
const DIALECTS = (argValue('dialects') ?? 'sqlite,postgres').split(',') as BenchDialect[];
const PROFILE_DIR = argValue('profile') ? path.resolve(argValue('profile')!) : null;
const PG_URL = process.env.OPSDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = [20, 100] as const;
const SQL_QUERIES = 500;
const LIST = '/api/v1/incidents?state=open&level=1&limit=50';

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(url: string): Promise<Session> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function call<T>(url: string, session: Session, method: 'GET' | 'POST', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Starts the server on the benchmark's database, a second time if the first start fails: on a PostgreSQL server that
 * test suites share, the migrator's look at every schema's tables can meet a schema a suite is dropping meanwhile.
 */
async function start(bench: BenchDb, profile: boolean): Promise<ServerProcess> {
  try {
    return await startOnce(bench, profile);
  } catch (error) {
    console.log(`  the server did not start (${String(error).split('\n').find((l) => l.includes('could not start')) ?? 'see its output'}); once more`);
    return startOnce(bench, profile);
  }
}

function startOnce(bench: BenchDb, profile: boolean): Promise<ServerProcess> {
  return startServerProcess({
    dataDir: bench.dir,
    timeoutMs: 300_000,
    nodeArgs: profile && PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', path.join(PROFILE_DIR, bench.dialect)] : [],
    env: { OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_RATE_LIMIT_PER_MINUTE: '0', OPSDESK_LOG_LEVEL: 'warn', ...bench.env },
  });
}

/** One template incident per level, opened through the API with a reporter (masked fields) and two comments. */
async function openTemplates(url: string, session: Session, siteId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const grade of ['high', 'medium', 'low'] as const) {
    const incident = await call<{ id: string; level: number }>(`${url}/api/v1/incidents`, session, 'POST', {
      title: `基准模板 ${grade}`,
      description: '一食堂一楼 POS 终端离线，学生无法刷卡消费，已电话报修。',
      siteId,
      impact: grade,
      urgency: grade,
      channel: 'phone',
      reporterName: '张三',
      reporterPhone: '13812341234',
      reporterEmail: 'zhang.san@example.edu.cn',
    });
    for (const text of ['已通知值班工程师，正在赶往现场。', '现场检查：网线松动，重新插好后恢复。']) {
      await call(`${url}/api/v1/incidents/${incident.id}/comments`, session, 'POST', { text });
    }
    ids.push(incident.id);
  }
  return ids;
}

/** The repository's SQL for a filter (first page: 51 rows) captured through Kysely's log, and the plan for it. */
async function listSql(bench: BenchDb, filter: IncidentFilter): Promise<{ query: CompiledQuery; plan: string }> {
  let captured: CompiledQuery | null = null;
  const log = (e: { query: CompiledQuery }) => void (captured = e.query);
  if (bench.dialect === 'sqlite') {
    const raw = bench.db.sqlite!;
    const kx = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), log });
    await incidentsRepository.list(kx, filter, { limit: 51 });
    const q = captured as unknown as CompiledQuery;
    const plan = (raw.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join('; ');
    return { query: q, plan };
  }
  const pool = new pg.Pool({ connectionString: PG_URL, max: 1, options: `-c search_path=${bench.env.OPSDESK_DATABASE_SCHEMA}` });
  const kx = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  try {
    await incidentsRepository.list(kx, filter, { limit: 51 });
    const q = captured as unknown as CompiledQuery;
    const { rows } = await pool.query(`explain (analyze, buffers, costs off, timing off) ${q.sql}`, q.parameters as unknown[]);
    return { query: q, plan: rows.map((r: Record<string, string>) => r['QUERY PLAN']!.trim()).join('; ') };
  } finally {
    await kx.destroy();
  }
}

/** The list query alone, through the benchmark's own connection, one at a time: queries/s and p99 ms. */
async function timeSql(bench: BenchDb, filter: IncidentFilter): Promise<{ qps: number; p99Ms: number }> {
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < SQL_QUERIES; i++) {
    const s = performance.now();
    await incidentsRepository.list(bench.db.kysely, filter, { limit: 51 });
    times.push(performance.now() - s);
  }
  return { qps: Math.round((SQL_QUERIES / (performance.now() - t0)) * 1000), p99Ms: round1(percentile(times, 99)) };
}

interface Row {
  label: string;
  c: number;
  r: LoadResult;
}

async function measure(bench: BenchDb, generated: readonly GeneratedIncident[]): Promise<{ rows: Row[]; p99Ms: number; rps: number }> {
  const server = await start(bench, true);
  try {
    const url = server.url;
    const session = await signIn(url);
    // The cursors of the queue's pages 2–30, and a sample of incidents and numbers to ask for.
    const cursors: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 30; i++) {
      const page: { nextCursor: string | null } = await call(`${url}${LIST}${cursor ? `&cursor=${cursor}` : ''}`, session, 'GET');
      if (!page.nextCursor) break;
      cursors.push((cursor = page.nextCursor));
    }
    let seed = 5;
    const pick = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return generated[seed % generated.length]!;
    };
    let n = 0;
    const cases: { label: string; path: () => string }[] = [
      { label: 'baseline: GET /auth/session', path: () => '/api/v1/auth/session' },
      { label: 'list: open, level 1, 50', path: () => LIST },
      { label: 'list: a page by cursor (2–30)', path: () => `${LIST}&cursor=${cursors[n++ % cursors.length]}` },
      { label: 'list: q=INC-… (number)', path: () => `/api/v1/incidents?q=INC-${String(pick().number).padStart(6, '0')}&limit=50` },
      { label: 'page: GET /incidents/{id}', path: () => `/api/v1/incidents/${pick().id}` },
    ];
    // Warm-up (JIT, caches, page cache), which also says how many requests a case can answer in about 15 s: a slow
    // case gets fewer than --requests (at least 200), so a run ends in minutes; the count is printed.
    const amounts = new Map<string, number>();
    for (const c of cases) amounts.set(c.label, Math.min(REQUESTS, Math.max(200, (await load(url, session.cookie, 10, 300, c.path)).rps * 15)));
    const rows: Row[] = [];
    for (const concurrency of CONCURRENCY) {
      for (const c of cases) {
        const r = await load(url, session.cookie, concurrency, amounts.get(c.label)!, c.path);
        rows.push({ label: c.label, c: concurrency, r });
        console.log(`  ${c.label.padEnd(32)} c=${String(concurrency).padStart(3)}  ${String(r.rps).padStart(6)} req/s  p50 ${String(r.p50Ms).padStart(4)} ms  p99 ${String(r.p99Ms).padStart(4)} ms${r.failures ? `  FAILURES ${r.failures}` : ''}`);
      }
    }
    const list = (c: number) => rows.find((r) => r.label.startsWith('list: open') && r.c === c)!.r;
    return { rows, p99Ms: list(20).p99Ms, rps: list(100).rps };
  } finally {
    await server.stop();
  }
}

function table(rows: Row[]): void {
  const base = (c: number) => rows.find((r) => r.label.startsWith('baseline') && r.c === c)!.r;
  console.log('\n| case | clients | requests | req/s | p50 ms | p99 ms | baseline req/s | ratio (req/s) | failures |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { label, c, r } of rows) {
    const b = base(c);
    console.log(`| ${label} | ${c} | ${r.requests} | ${r.rps} | ${r.p50Ms} | ${r.p99Ms} | ${b.rps} | ${(r.rps / b.rps).toFixed(2)} | ${r.failures} |`);
  }
}

async function runDialect(dialect: BenchDialect): Promise<{ p99Ms: number; rps: number }> {
  console.log(`\n## ${dialect}`);
  const bench = await createBenchDb(dialect, PG_URL);
  try {
    const now = Date.now();
    const estate = buildBenchEstate(10);
    await insertEstate(bench.db.kysely, estate, now);
    const first = await start(bench, false);
    let templates: string[];
    try {
      templates = await openTemplates(first.url, await signIn(first.url), estate.sites[0]!.id);
    } finally {
      await first.stop();
    }
    const generated = generateIncidents(ROWS, estate.sites.map((s) => s.id), now, 4);
    const t0 = performance.now();
    const timings = await fillIncidents(bench, generated, templates);
    const open = generated.filter((g) => (OPEN_STATES as readonly string[]).includes(g.state)).length;
    console.log(`filled ${ROWS.toLocaleString('en')} incidents (${open.toLocaleString('en')} open) with 3 timeline lines and 3 SLA targets each in ${Math.round((performance.now() - t0) / 1000)} s: ${JSON.stringify(timings)}`);

    const filters: { label: string; filter: IncidentFilter }[] = [
      { label: 'open, level 1', filter: { onlySiteIds: null, states: [...OPEN_STATES], levels: [1] } },
      { label: 'number', filter: { onlySiteIds: null, number: generated[Math.floor(ROWS / 2)]!.number } },
      { label: 'open, one site', filter: { onlySiteIds: null, states: [...OPEN_STATES], siteId: estate.sites[1]!.id } },
      { label: 'title words', filter: { onlySiteIds: null, titleWords: '闸机' } },
    ];
    console.log('\nthe list\'s SQL through the driver, one at a time (first page, 51 rows):');
    for (const f of filters) {
      const { plan } = await listSql(bench, f.filter);
      const t = f.label === 'title words' ? { qps: 0, p99Ms: 0 } : await timeSql(bench, f.filter);
      console.log(`  ${f.label.padEnd(16)} ${String(t.qps).padStart(6)} queries/s  p99 ${t.p99Ms} ms   plan: ${plan}`);
    }

    console.log('\nover HTTP:');
    const result = await measure(bench, generated);
    table(result.rows);
    return result;
  } finally {
    await bench.destroy();
  }
}

const results: Partial<Record<BenchDialect, { p99Ms: number; rps: number }>> = {};
for (const dialect of DIALECTS) results[dialect] = await runDialect(dialect);
console.log(
  `BENCH ${JSON.stringify({ name: 'incidents', rows: ROWS, p99Ms: results.sqlite?.p99Ms ?? null, rps: results.sqlite?.rps ?? null, pgP99Ms: results.postgres?.p99Ms ?? null, pgRps: results.postgres?.rps ?? null })}`,
);
