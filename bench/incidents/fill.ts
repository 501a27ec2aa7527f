/**
 * The benchmark's million incidents. A few template incidents are opened through the real API first (one per level,
 * each with its SLA targets on the default policy and a few timeline lines: opened, comments), so every column holds
 * what the service writes; then the templates are cloned in SQL, a level's template for each generated incident, with
 * its own id, number, site, state and instant, and its timeline and SLA rows shifted in time with it.
 *
 * The generated part (id, number, instant, state, level, site, title) goes into a staging table by the fastest road
 * each driver has (one prepared statement in one transaction on SQLite, `unnest` of arrays on PostgreSQL); the three
 * big INSERT … SELECTs are the same SQL on both databases.
 */
import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { ulid } from 'ulidx';
import type { BenchDb } from '../alerting/server.ts';

const DAY = 86_400_000;
const OPEN = ['new', 'assigned', 'acknowledged', 'in_progress', 'waiting'] as const;

export interface GeneratedIncident {
  id: string;
  number: number;
  created_at: number;
  state: string;
  level: number;
  site_id: string;
  title: string;
}

const WORDS = ['POS 终端离线', '闸机不开', '圈存机故障', '水控器报错', '自助缴费机卡纸', '读卡器无响应', '服务器 CPU 过高', '交换机端口闪断', 'UPS 电池告警', '售票电脑死机'];
const PLACES = ['一食堂一楼', '二食堂二楼', '图书馆东门', '体育馆', '学生公寓 3 号楼', '行政楼', '实验楼 B 座', '校医院'];

/**
 * A million incidents over three years, newest last: the last 30 days half open (the live queue), older ones 2 % still
 * open (the forgotten tail every desk has); levels 10 % / 30 % / 60 %; sites uniform. Deterministic.
 */
export function generateIncidents(count: number, siteIds: readonly string[], now: number, firstNumber: number): GeneratedIncident[] {
  let seed = 11;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const span = 3 * 365 * DAY;
  const times = Array.from({ length: count }, () => now - DAY / 24 - Math.floor(random() * span)).sort((a, b) => a - b);
  return times.map((created, i) => {
    const recent = created > now - 30 * DAY;
    const open = random() < (recent ? 0.5 : 0.02);
    const r = random();
    return {
      id: ulid(created),
      number: firstNumber + i,
      created_at: created,
      state: open ? OPEN[Math.floor(random() * OPEN.length)]! : random() < 0.9 ? 'closed' : 'resolved',
      level: r < 0.1 ? 1 : r < 0.4 ? 2 : 3,
      site_id: siteIds[Math.floor(random() * siteIds.length)]!,
      title: `${WORDS[Math.floor(random() * WORDS.length)]} ${PLACES[Math.floor(random() * PLACES.length)]}`,
    };
  });
}

const STAGING = 'create table bench_gen (id text primary key, number integer not null, created_at bigint not null, state text not null, level integer not null, site_id text not null, title text not null)';

/** Columns of a table, in order (the same query shape on both databases). */
async function columnsOf(bench: BenchDb, table: string): Promise<string[]> {
  if (bench.dialect === 'sqlite') return bench.db.sqlite!.prepare(`select name from pragma_table_info('${table}')`).all().map((r) => (r as { name: string }).name);
  const { rows } = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(bench.db.kysely);
  return rows.map((r) => r.column_name);
}

/**
 * The three INSERT … SELECTs: each generated incident takes every column of its level's template except its own
 * identity, place, state and instant; its timeline lines and SLA targets are the template's, moved by the difference
 * between the two incidents' instants. Closed and resolved ones get their resolution an hour after opening.
 */
async function cloneStatements(bench: BenchDb): Promise<string[]> {
  const shift = '(g.created_at - ti.created_at)';
  const incidentCols = await columnsOf(bench, 'incidents');
  const incidentExpr: Record<string, string> = {
    id: 'g.id',
    number: 'g.number',
    title: 'g.title',
    site_id: 'g.site_id',
    state: 'g.state',
    created_at: 'g.created_at',
    updated_at: 'g.created_at',
    assignee_user_id: `case when g.state = 'new' then null else ti.assignee_user_id end`,
    resolved_at: `case when g.state in ('resolved', 'closed') then g.created_at + 3600000 else null end`,
    closed_at: `case when g.state = 'closed' then g.created_at + 90000000 else null end`,
    closed_how: `case when g.state = 'closed' then 'confirmed' else null end`,
  };
  const timelineCols = await columnsOf(bench, 'incident_timeline');
  const timelineExpr: Record<string, string> = { id: `g.id || ':' || t.id`, incident_id: 'g.id', at: `t.at + ${shift}` };
  const slaCols = await columnsOf(bench, 'incident_sla');
  const slaTimes = ['started_at', 'paused_at', 'due_at', 'warn_at', 'stopped_at', 'warned_at', 'breached_at'];
  // A resolved or closed incident's clocks stopped, met, an hour after it opened: only open ones still run.
  const done = `g.state in ('resolved', 'closed')`;
  const slaExpr: Record<string, string> = {
    incident_id: 'g.id',
    ...Object.fromEntries(slaTimes.map((c) => [c, `t.${c} + ${shift}`])),
    status: `case when ${done} then 'stopped' else t.status end`,
    stopped_at: `case when ${done} then g.created_at + 3600000 else t.stopped_at + ${shift} end`,
    elapsed_minutes: `case when ${done} then 60 else t.elapsed_minutes end`,
    met: `case when ${done} then 1 else t.met end`,
  };
  const select = (cols: string[], expr: Record<string, string>, other: string) => cols.map((c) => expr[c] ?? `${other}.${c}`).join(', ');
  return [
    `insert into incidents (${incidentCols.join(', ')}) select ${select(incidentCols, incidentExpr, 'ti')} from bench_gen g join bench_t_incidents ti on ti.level = g.level`,
    `insert into incident_timeline (${timelineCols.join(', ')}) select ${select(timelineCols, timelineExpr, 't')} from bench_gen g join bench_t_incidents ti on ti.level = g.level join bench_t_timeline t on t.incident_id = ti.id`,
    `insert into incident_sla (${slaCols.join(', ')}) select ${select(slaCols, slaExpr, 't')} from bench_gen g join bench_t_incidents ti on ti.level = g.level join bench_t_sla t on t.incident_id = ti.id`,
  ];
}

const TEMPLATE_COPIES = [
  'create table bench_t_incidents as select * from incidents',
  'create table bench_t_timeline as select * from incident_timeline',
  'create table bench_t_sla as select * from incident_sla',
];
const CLEANUP = ['drop table bench_gen', 'drop table bench_t_incidents', 'drop table bench_t_timeline', 'drop table bench_t_sla'];

/** Fills the database (the server stopped) with the generated incidents cloned from the templates already in it. */
export async function fillIncidents(bench: BenchDb, rows: readonly GeneratedIncident[], templateIds: readonly string[]): Promise<Record<string, number>> {
  const statements = await cloneStatements(bench);
  const timings: Record<string, number> = {};
  const timed = async (label: string, fn: () => Promise<unknown> | unknown) => {
    const t0 = performance.now();
    await fn();
    timings[label] = Math.round(performance.now() - t0);
  };
  const deleteTemplates = `delete from incidents where id in (${templateIds.map((id) => `'${id}'`).join(', ')})`;

  if (bench.dialect === 'sqlite') {
    const raw: SQLite.Database = bench.db.sqlite!;
    raw.pragma('synchronous = OFF');
    raw.pragma('cache_size = -262144');
    for (const s of [...TEMPLATE_COPIES, STAGING]) raw.exec(s);
    const insert = raw.prepare('insert into bench_gen values (?, ?, ?, ?, ?, ?, ?)');
    await timed('staging', () => raw.transaction(() => { for (const r of rows) insert.run(r.id, r.number, r.created_at, r.state, r.level, r.site_id, r.title); })());
    for (const [i, s] of statements.entries()) await timed(['incidents', 'timeline', 'sla'][i]!, () => raw.transaction(() => raw.exec(s))());
    raw.exec(deleteTemplates);
    for (const s of CLEANUP) raw.exec(s);
    await timed('checkpoint', () => raw.pragma('wal_checkpoint(TRUNCATE)'));
    raw.pragma('synchronous = FULL');
    return timings;
  }

  const client = new pg.Client({ connectionString: bench.env.OPSDESK_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`set search_path to ${bench.env.OPSDESK_DATABASE_SCHEMA}`);
    await client.query('set synchronous_commit to off');
    for (const s of [...TEMPLATE_COPIES, STAGING]) await client.query(s);
    await timed('staging', async () => {
      for (let i = 0; i < rows.length; i += 50_000) {
        const chunk = rows.slice(i, i + 50_000);
        await client.query('insert into bench_gen select * from unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::int[], $6::text[], $7::text[])', [
          chunk.map((r) => r.id),
          chunk.map((r) => r.number),
          chunk.map((r) => r.created_at),
          chunk.map((r) => r.state),
          chunk.map((r) => r.level),
          chunk.map((r) => r.site_id),
          chunk.map((r) => r.title),
        ]);
      }
    });
    for (const [i, s] of statements.entries()) await timed(['incidents', 'timeline', 'sla'][i]!, () => client.query(s));
    await client.query(deleteTemplates);
    for (const s of CLEANUP) await client.query(s);
    // What autovacuum would have done by the time a real desk held a million incidents: statistics and a visibility map.
    await timed('vacuum analyze', async () => {
      for (const t of ['incidents', 'incident_timeline', 'incident_sla']) await client.query(`vacuum analyze ${t}`);
    });
  } finally {
    await client.end();
  }
  return timings;
}
