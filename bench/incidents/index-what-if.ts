/**
 * What-if for the incident list's indexes (SQLite): 1,000,000 generated incidents (bench:incidents' distribution; only
 * the columns the list filters on are varied), the repository's own list query for four filters, first page and page 21,
 * with the migration's indexes and with two candidate indexes. The database is kept in /tmp for the next run.
 *
 *   node --import tsx bench/incidents/index-what-if.ts
 */
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrator.ts';
import { incidentsRepository, INCIDENTS_ORDER, type IncidentFilter } from '../../server/modules/incidents/incidents.repository.ts';
import { keysOf } from '../../server/db/keyset.ts';
import { OPEN_STATES } from '../../server/modules/incidents/workflow/model.ts';
import { generateIncidents } from './fill.ts';
import type { Database } from '../../server/db/schema.ts';

const file = '/tmp/incb/whatif.sqlite';
if (!fs.existsSync(file)) {
  const db = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(db);
  await db.close();
  const raw = new SQLite(file);
  raw.pragma('synchronous = OFF');
  const sites = Array.from({ length: 10 }, (_, i) => `site-${i}`);
  const rows = generateIncidents(1_000_000, sites, Date.now(), 1);
  const ins = raw.prepare(`insert into incidents (id, number, title, description, site_id, impact, urgency, level, state, source, clocks, version, created_at, updated_at, reopen_count) values (?, ?, ?, '', ?, 'high', 'high', ?, ?, 'form', '{}', 1, ?, ?, 0)`);
  raw.transaction(() => { for (const r of rows) ins.run(r.id, r.number, r.title, r.site_id, r.level, r.state, r.created_at, r.created_at); })();
  raw.close();
}
const raw = new SQLite(file);
raw.pragma('optimize=0x10002');
let captured: CompiledQuery | null = null;
const kx = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), log: (e) => void (captured = e.query) });
const open = [...OPEN_STATES];
const cases: [string, IncidentFilter][] = [
  ['open, level 1', { onlySiteIds: null, states: open, levels: [1] }],
  ['open', { onlySiteIds: null, states: open }],
  ['open, one site', { onlySiteIds: null, states: open, siteId: 'site-3' }],
  ['level 1 (all states)', { onlySiteIds: null, levels: [1] }],
];
async function run(label: string) {
  console.log(`\n${label}`);
  for (const [name, f] of cases) {
    const first = await incidentsRepository.list(kx, f, { limit: 51 });
    const q = captured as unknown as CompiledQuery;
    const plan = (raw.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join('; ');
    // page 20 deep: walk there
    let after = keysOf(INCIDENTS_ORDER, first[49]!);
    for (let i = 0; i < 19; i++) { const p = await incidentsRepository.list(kx, f, { limit: 51, after }); after = keysOf(INCIDENTS_ORDER, p[49]!); }
    const time = async (a?: (string | number)[]) => { const t0 = performance.now(); for (let i = 0; i < 20; i++) await incidentsRepository.list(kx, f, { limit: 51, after: a }); return ((performance.now() - t0) / 20).toFixed(2); };
    console.log(`  ${name.padEnd(22)} first page ${await time()} ms, page 21 ${await time(after)} ms   ${plan}`);
  }
}
await run('the migration\'s indexes');
raw.exec('create index if not exists whatif_level_created on incidents (level, created_at, id, state)');
raw.exec('analyze incidents');
await run('+ incidents (level, created_at, id, state)');
raw.exec('drop index whatif_level_created');
raw.exec('create index if not exists whatif_state_level on incidents (state, level, created_at, id)');
raw.exec('analyze incidents');
await run('+ incidents (state, level, created_at, id)');
raw.exec('drop index whatif_state_level');
raw.exec('analyze incidents');

// A partial index over open incidents, usable only when the query names the open states as literals (SQLite cannot
// prove a partial index applies from bound parameters): the repository would write OPEN_STATES into the SQL as text.
raw.exec(`create index if not exists whatif_open on incidents (created_at, id, level, site_id) where state in ('new', 'assigned', 'acknowledged', 'in_progress', 'waiting')`);
raw.exec('analyze incidents');
console.log('\n+ partial index on open incidents (created_at, id, level, site_id), states as literals in the query');
const literal = `state in ('new', 'assigned', 'acknowledged', 'in_progress', 'waiting')`;
for (const [name, extra, params] of [['open, level 1', 'and level = ?', [1]], ['open', '', []], ['open, one site', 'and site_id = ?', ['site-3']]] as const) {
  const sqlText = `select * from incidents where ${literal} ${extra} order by created_at desc, id desc limit 51`;
  const stmt = raw.prepare(sqlText);
  const plan = (raw.prepare(`explain query plan ${sqlText}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) stmt.all(...params);
  console.log(`  ${name.padEnd(22)} first page ${((performance.now() - t0) / 20).toFixed(2)} ms   ${plan}`);
}
raw.exec('drop index whatif_open');
