/**
 * The alert list over 100,000 stored alerts: GET /api/v1/alerts as the console asks for it (top-level alerts,
 * `parent=none`, open by default, with level / site / subsystem filters) and the counts on the home page, 200
 * requests each after 10 to warm up, one at a time, timed at the client. Each list query's SQL is the repository's own
 * (alertsRepository.list, captured through Kysely's log) and its SQLite plan is printed beside its times.
 *
 * Then the same requests again after the change below is made to this benchmark's own database — not to the
 * migration or the server — to show what it would change.
 */
import http from 'node:http';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import path from 'node:path';
import type { Database } from '../../server/db/schema.ts';
import { newId } from '../../server/ids.ts';
import type { AlertsTable } from '../../server/modules/alerting/alerting.tables.ts';
import { alertsRepository, OPEN_STATES, type AlertFilter } from '../../server/modules/alerting/alerts/alerts.repository.ts';
import { buildBenchEstate, insertEstate, type BenchEstate } from './estate.ts';
import { request } from './http.ts';
import { percentile, round1 } from './measure.ts';
import { insertRules } from './rules.ts';
import { createBenchDb, startBenchServer } from './server.ts';

const ALERTS = 100_000;
const REQUESTS = 200;
const WARMUP = 10;
const DAY = 86_400_000;

/**
 * What is tried on the benchmark's database: SQLite's statistics. opsdesk never runs ANALYZE, so the planner guesses
 * that `parent_id IS NULL` picks few rows and reads the top-level alerts (90 % of the table) through alerts_parent_idx,
 * then sorts them all. With statistics it uses alerts_state_idx (or alerts_created_idx) instead. The statement is the
 * one SQLite recommends running on each new connection (and periodically on long-lived ones).
 */
export const WHAT_IF = {
  label: 'with statistics',
  statements: ['pragma optimize=0x10002'],
  why: 'SQLite gathers the statistics its planner lacks (ANALYZE, limited to tables whose size changed)',
};

/** The stored alerts: a month of them, most resolved, the newest day's often still open. */
export async function insertAlerts(k: Kysely<Database>, estate: BenchEstate, ruleIds: string[], now: number): Promise<void> {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const times = Array.from({ length: ALERTS }, () => now - Math.floor(random() * 30 * DAY)).sort((a, b) => a - b);
  const parents: AlertsTable[] = [];
  const rows: AlertsTable[] = [];
  for (const created of times) {
    const recent = created > now - DAY;
    const open = random() < (recent ? 0.4 : 0.01);
    const state = open ? pick(['pending', 'firing', 'firing', 'firing', 'acknowledged'] as const) : 'resolved';
    const r = random();
    const source = r < 0.02 ? 'topology' : r < 0.87 ? 'rule' : r < 0.97 ? 'alertmanager' : 'grafana';
    const device = pick(estate.devices);
    const siteless = source !== 'rule' && source !== 'topology' && random() < 0.2;
    const level = (r < 0.02 ? 1 : random() < 0.1 ? 1 : random() < 0.4 ? 2 : 3) as 1 | 2 | 3;
    const name = source === 'topology' ? 'switch-down' : source === 'rule' ? pick(['terminal-silent', 'payment-failure-rate', 'server-cpu-high', 'pos-latency-high', 'device-hot']) : 'HostDown';
    const labels = { alertname: name, level: String(level), source, site: device.site.code, device: device.code, device_type: device.type, subsystem: device.subsystem };
    const parent = source === 'rule' && parents.length > 0 && random() < 0.15 ? pick(parents.slice(-50)) : null;
    const row: AlertsTable = {
      id: newId(),
      fingerprint: newId(),
      rule_id: source === 'rule' ? pick(ruleIds) : null,
      source,
      name,
      state,
      level,
      rule_level: level,
      level_reason: null,
      labels: JSON.stringify(labels),
      annotations: source === 'alertmanager' ? JSON.stringify({ summary: `${device.code} is down`, runbook: 'https://wiki.example.edu/runbooks/host-down' }) : '{}',
      detail: JSON.stringify({ code: source === 'topology' ? 'switchDown' : 'threshold', values: { value: Math.round(random() * 100), threshold: 90, device: device.code } }),
      site_id: siteless ? null : device.site.id,
      device_id: siteless ? null : device.id,
      subsystem: siteless ? null : device.subsystem,
      parent_id: parent?.id ?? null,
      group_key: `{alertname="${name}",site="${device.site.code}"}`,
      value: Math.round(random() * 100),
      threshold: 90,
      active_at: created,
      fires_at: null,
      fired_at: state === 'pending' ? null : created,
      acknowledged_at: state === 'acknowledged' ? created + 60_000 : null,
      acknowledged_by: null,
      resolved_at: state === 'resolved' ? created + Math.floor(random() * 3_600_000) : null,
      resolved_by: null,
      clear_since: null,
      flapping: 0,
      suppressed_by: null,
      external_id: source === 'alertmanager' ? newId() : null,
      external_url: null,
      created_at: created,
      updated_at: created,
    };
    if (source === 'topology') parents.push(row);
    rows.push(row);
  }
  await k.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('alerts').values(rows.slice(i, i + 500)).execute();
  });
}

interface ListCase {
  label: string;
  query: string;
  filter: AlertFilter | null;
}

export function cases(site: string): ListCase[] {
  const f = (extra: Partial<AlertFilter>): AlertFilter => ({ onlySiteIds: null, parentId: null, ...extra });
  const open = [...OPEN_STATES];
  return [
    { label: 'open (the console\'s default)', query: 'state=open&parent=none', filter: f({ states: open }) },
    { label: 'open, level 1', query: 'state=open&parent=none&level=1', filter: f({ states: open, levels: [1] }) },
    { label: 'open, one site', query: `state=open&parent=none&site=${site}`, filter: f({ states: open, siteId: site }) },
    { label: 'open, levels 1–2, one site', query: `state=open&parent=none&level=1,2&site=${site}`, filter: f({ states: open, levels: [1, 2], siteId: site }) },
    { label: 'open, one subsystem', query: 'state=open&parent=none&subsystem=consumption', filter: f({ states: open, subsystem: 'consumption' }) },
    { label: 'all states', query: 'parent=none', filter: f({}) },
    { label: 'all states, level 1', query: 'parent=none&level=1', filter: f({ levels: [1] }) },
    { label: 'all states, one site', query: `parent=none&site=${site}`, filter: f({ siteId: site }) },
    { label: 'resolved, one site', query: `state=resolved&parent=none&site=${site}`, filter: f({ states: ['resolved'], siteId: site }) },
    { label: 'open, children included (API)', query: 'state=open', filter: { onlySiteIds: null, states: open } },
    { label: 'counts by level, site, subsystem (home page)', query: 'counts', filter: null },
  ];
}

/** The SQL the repository runs for a filter (first page of 50: it asks for 51) and SQLite's plan for it. */
async function planOf(file: string, filter: AlertFilter): Promise<{ sql: string; plan: string }> {
  const raw = new SQLite(file, { readonly: true });
  let captured: CompiledQuery | null = null;
  const kx = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), log: (e) => void (captured = e.query) });
  try {
    await alertsRepository.list(kx, filter, { limit: 51 });
    const q = captured as CompiledQuery | null;
    if (!q) return { sql: '', plan: '' };
    const plan = (raw.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join('; ');
    return { sql: q.sql, plan };
  } finally {
    await kx.destroy();
  }
}

async function timeAll(baseUrl: string, token: string, list: ListCase[]): Promise<Map<string, { p50: number; p99: number; rows: number }>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const out = new Map<string, { p50: number; p99: number; rows: number }>();
  try {
    for (const c of list) {
      const url = new URL(c.query === 'counts' ? `${baseUrl}/api/v1/alerts/counts` : `${baseUrl}/api/v1/alerts?${c.query}`);
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const t0 = performance.now();
        const res = await request(agent, url, token, 'GET');
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`${url.pathname}${url.search} answered ${res.status}: ${res.body.slice(0, 300)}`);
        if (i >= WARMUP) times.push(ms);
        if (i === 0 && c.query !== 'counts') rows = (JSON.parse(res.body) as { items: unknown[] }).items.length;
      }
      out.set(c.label, { p50: round1(percentile(times, 0.5)), p99: round1(percentile(times, 0.99)), rows });
    }
  } finally {
    agent.destroy();
  }
  return out;
}

export async function runList(o: { log: (line: string) => void }) {
  const estate = buildBenchEstate(100);
  const bench = await createBenchDb('sqlite', null);
  const k = bench.db.kysely;
  const now = Date.now();
  await insertEstate(k, estate, now);
  await insertRules(k, { probeDevices: [], enabled: true, silenceMinutes: 3, own: false }, now);
  const ruleIds = (await k.selectFrom('alert_rules').select('id').execute()).map((r) => r.id);
  o.log(`list: inserting ${ALERTS.toLocaleString('en')} alerts`);
  await insertAlerts(k, estate, ruleIds, now);
  const open = Number((await k.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '<>', 'resolved').executeTakeFirst())?.n ?? 0);
  const site = estate.sites[17]!.id;
  const list = cases(site);
  const file = path.join(bench.dir, 'opsdesk.sqlite');
  try {
    const plans = new Map<string, { sql: string; plan: string }>();
    for (const c of list) if (c.filter) plans.set(c.label, await planOf(file, c.filter));

    let { server, token } = await startBenchServer(bench, { OPSDESK_LOG_LEVEL: 'error' });
    const before = await timeAll(server.url, token, list);
    await server.stop();

    let after: Map<string, { p50: number; p99: number; rows: number }> | null = null;
    const plansAfter = new Map<string, { sql: string; plan: string }>();
    if (WHAT_IF.statements.length > 0) {
      const raw = new SQLite(file);
      for (const statement of WHAT_IF.statements) raw.exec(statement);
      raw.close();
      for (const c of list) if (c.filter) plansAfter.set(c.label, await planOf(file, c.filter));
      ({ server, token } = await startBenchServer(bench, { OPSDESK_LOG_LEVEL: 'error' }));
      after = await timeAll(server.url, token, list);
      await server.stop();
    }

    console.log(`\n### alert list on SQLite: ${ALERTS.toLocaleString('en')} stored alerts (${open.toLocaleString('en')} open), ${REQUESTS} requests per query, one at a time, first page of 50`);
    console.log(`| query | rows | p50 ms | p99 ms |${after ? ` ${WHAT_IF.label}: p50 / p99 ms |` : ''} SQLite plan (migration 006 indexes, no statistics) |`);
    console.log(`|---|---:|---:|---:|${after ? '---:|' : ''}---|`);
    for (const c of list) {
      const t = before.get(c.label)!;
      const a = after?.get(c.label);
      const plan = plans.get(c.label)?.plan ?? 'two grouped queries';
      console.log(`| ${c.label}: \`${c.query}\` | ${c.query === 'counts' ? '' : t.rows} | ${t.p50} | ${t.p99} |${after ? ` ${a!.p50} / ${a!.p99} |` : ''} ${plan} |`);
    }
    if (after) {
      console.log(`\n${WHAT_IF.label}: \`${WHAT_IF.statements.join('; ')}\` on the benchmark's database only (${WHAT_IF.why}); plans then:`);
      for (const [label, p] of plansAfter) console.log(`- ${label}: ${p.plan}`);
    }
    console.log(`\nThe SQL of the console's default (open, top-level): ${plans.get(list[0]!.label)?.sql ?? ''}`);
    return { before, after };
  } finally {
    await bench.destroy();
  }
}
