/**
 * Knowledge-base search over 100,000 articles (issue 12, "Speed and bad input": ≤ 50 ms p99 on both databases), through
 * the kb service's search as a request runs it — the query on the trigram or grams index, the page's tags, the
 * highlighted title and snippet — for the first page of 20, on SQLite and on PostgreSQL.
 *
 * Queries, in turn: two-character Chinese (闸机, 读卡, 离线 — the grams index), longer Chinese (读卡模块, 交换机供电 —
 * trigrams), English (PoE, network), two terms (闸机 离线), a rare term and a term that is nowhere.
 *
 * Baseline, measured in the same run: the same queries as a scan with no index (lower(title || body) LIKE '%term%'
 * for each term, newest change first on the same (state, seq) index, the same page size): what search would cost
 * without the full-text indexes. ratio = baseline
 * p99 / search p99.
 *
 *   npm run bench:kb [-- --articles 100000 --queries 400 --dialects sqlite,postgres]
 *
 * PostgreSQL: OPSDESK_BENCH_PG_URL or OPSDESK_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a fresh
 * schema dropped at the end.
 */
import os from 'node:os';
import { sql } from 'kysely';
import { ManualClock } from '../server/clock.ts';
import type { ModuleContext } from '../server/module.ts';
import { systemContext } from '../server/modules/auth/index.ts';
import { emptyLinks, type ArticleLinks } from '../server/modules/kb/kb-model.ts';
import { createKbRepository, type NewArticle } from '../server/modules/kb/kb.repository.ts';
import { createKbService } from '../server/modules/kb/kb.service.ts';
import type { KbArticleVersionsTable } from '../server/modules/kb/kb.tables.ts';
import { percentile, round1 } from './alerting/measure.ts';
import { createBenchDb, type BenchDialect } from './alerting/server.ts';

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ARTICLES = Number(argValue('articles') ?? 100_000);
const QUERIES = Number(argValue('queries') ?? 400);
const DIALECTS = (argValue('dialects') ?? 'sqlite,postgres').split(',') as BenchDialect[];
const PG_URL = process.env.OPSDESK_BENCH_PG_URL ?? process.env.OPSDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PAGE = 20;
const TARGET_P99_MS = 50;

const QUERY_SET = ['闸机', '读卡', '离线', '读卡模块', '交换机供电', 'PoE', 'network', '闸机 离线', '蓄电池鼓包', '不存在的词语'];

const DEVICES = ['闸机', '消费机', '圈存机', '自助缴费机', '售票电脑', '手持验票机', '交换机', '服务器', '数据库', 'UPS 电源', '门禁', '水控器', '4G 路由器'];
const DEVICE_TYPES = ['gate', 'pos', 'recharge_kiosk', 'kiosk', 'ticket_pc', 'handheld', 'switch', 'server', 'database', 'ups', 'door', 'water', 'router_4g'];
const SYMPTOMS = ['离线', '不读卡', '黑屏', '死机', '网络中断', '时钟漂移', '交易失败', '读卡慢', '无法开机', '报错 E102', '频繁重启', '打印不出小票'];
const SENTENCES = [
  '先确认设备供电正常，指示灯是否亮起。',
  '检查交换机端口状态，PoE 供电是否足够，必要时更换端口。',
  '读卡模块老化时更换读卡模块，并重新校准天线。',
  '登录管理后台查看最近的交易流水，确认是否有未上传的记录。',
  '如为网络问题，检查网线与水晶头，ping 网关确认连通。',
  'Restart the terminal and check the network cable before replacing the board.',
  '高峰期先启用手持验票机作为后备，再排查故障闸机。',
  '记录故障现象、处理过程和更换的备件，关闭工单前请客户确认。',
  '数据库连接数过高时，先查慢查询，再考虑重启应用服务。',
  '断电后恢复，需核对当日交易与余额是否一致。',
  'Check the logs for timeout errors and verify the NTP server is reachable.',
  '更换主板后需要重新下发参数与黑名单。',
];

/** Deterministic, so every run holds the same articles (a linear congruential generator). */
function generator(seedValue: number) {
  let seed = seedValue;
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function articles(count: number, now: number) {
  const next = generator(20261201);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const device = Math.floor(next() * DEVICES.length);
    const symptom = pick(SYMPTOMS);
    const id = `kb${String(i).padStart(8, '0')}`;
    const title = `${DEVICES[device]}${symptom}处理 #${i}`;
    const sentences = Array.from({ length: 6 + Math.floor(next() * 10) }, () => pick(SENTENCES));
    // one article in a thousand is the rare one
    if (i % 1000 === 7) sentences.push('UPS 蓄电池鼓包时立即断开并更换。');
    const body = `## 现象\n\n${DEVICES[device]}${symptom}。\n\n## 处理\n\n${sentences.join('')}`;
    const links: ArticleLinks = { ...emptyLinks(), tags: [DEVICES[device]!.replace(/\s/g, ''), symptom.replace(/\s/g, '')], deviceTypes: [DEVICE_TYPES[device]!] };
    const at = now - (count - i) * 60_000;
    const row: NewArticle = {
      id,
      title,
      body,
      state: next() < 0.9 ? 'published' : 'draft',
      version: 1,
      source_incident_id: null,
      created_by: null,
      created_at: at,
      content_by: null,
      updated_by: null,
      updated_at: at,
      submitted_by: null,
      submitted_at: null,
      published_by: null,
      published_at: null,
    };
    const version: KbArticleVersionsTable = { article_id: id, version: 1, action: 'create', state: row.state, title, body, links: JSON.stringify(links), note: null, by: null, at };
    return { row, links, version };
  });
}

interface Figures {
  dialect: BenchDialect;
  fillS: number;
  p50Ms: number;
  p99Ms: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  perQuery: Record<string, { p99Ms: number; hits: number }>;
}

async function run(dialect: BenchDialect): Promise<Figures> {
  const bench = await createBenchDb(dialect, dialect === 'postgres' ? PG_URL : null);
  try {
    const clock = new ManualClock();
    const now = Date.parse('2026-12-01T00:00:00Z');
    clock.set(now);
    const repo = createKbRepository(dialect);
    const filled = performance.now();
    const all = articles(ARTICLES, now);
    for (let i = 0; i < all.length; i += 5000) {
      await bench.db.kysely.transaction().execute((trx) => repo.insertMany(trx, all.slice(i, i + 5000)));
    }
    await sql`analyze`.execute(bench.db.kysely);
    const fillS = round1((performance.now() - filled) / 1000);
    console.log(`${dialect}: ${ARTICLES} articles written in ${fillS} s`);

    // Only search runs here; it writes nothing, so neither the audit log nor the events are needed.
    const kb = createKbService({ db: bench.db, clock } as unknown as ModuleContext);
    const reader = systemContext('bench');
    const times: number[] = [];
    const per = new Map<string, number[]>();
    const hits = new Map<string, number>();
    for (let i = 0; i < 3 * QUERY_SET.length; i++) await kb.search(reader, { q: QUERY_SET[i % QUERY_SET.length]!, limit: PAGE });
    for (let i = 0; i < QUERIES; i++) {
      const q = QUERY_SET[i % QUERY_SET.length]!;
      const started = performance.now();
      const page = await kb.search(reader, { q, limit: PAGE, state: 'published' });
      const ms = performance.now() - started;
      times.push(ms);
      per.set(q, [...(per.get(q) ?? []), ms]);
      hits.set(q, page.items.length);
    }

    // The baseline: the same terms as a scan of the text, no index.
    const baseline: number[] = [];
    const scanCount = Math.max(QUERY_SET.length, Math.floor(QUERIES / 10));
    for (let i = 0; i < scanCount; i++) {
      const terms = QUERY_SET[i % QUERY_SET.length]!.toLowerCase().split(/\s+/);
      const started = performance.now();
      let q = bench.db.kysely.selectFrom('kb_articles').select(['id', 'title', 'body']).where('state', '=', 'published');
      for (const term of terms) q = q.where(sql<boolean>`lower(title || ' ' || body) like ${`%${term}%`}`);
      await q.orderBy('seq', 'desc').limit(PAGE + 1).execute();
      baseline.push(performance.now() - started);
    }
    return {
      dialect,
      fillS,
      p50Ms: round1(percentile(times, 0.5)),
      p99Ms: round1(percentile(times, 0.99)),
      baselineP50Ms: round1(percentile(baseline, 0.5)),
      baselineP99Ms: round1(percentile(baseline, 0.99)),
      perQuery: Object.fromEntries([...per].map(([q, ms]) => [q, { p99Ms: round1(percentile(ms, 0.99)), hits: hits.get(q) ?? 0 }])),
    };
  } finally {
    await bench.destroy();
  }
}

async function main() {
  console.log(`kb search bench: ${ARTICLES} articles, ${QUERIES} searches per database, page ${PAGE}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`);
  const results: Figures[] = [];
  for (const dialect of DIALECTS) results.push(await run(dialect));
  console.log('');
  console.log('| database | search p50 ms | search p99 ms | scan baseline p50 ms | scan baseline p99 ms | ratio (baseline p99 / p99) | target p99 ≤ 50 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.dialect} | ${r.p50Ms} | ${r.p99Ms} | ${r.baselineP50Ms} | ${r.baselineP99Ms} | ${round1(r.baselineP99Ms / r.p99Ms)} | ${r.p99Ms <= TARGET_P99_MS ? 'met' : 'NOT met'} |`);
  }
  for (const r of results) {
    console.log(`\n${r.dialect}, per query (p99 ms, hits on the first page):`);
    for (const [q, f] of Object.entries(r.perQuery)) console.log(`  ${q.padEnd(12)} ${String(f.p99Ms).padStart(8)}  ${f.hits}`);
  }
  const by = (d: BenchDialect) => results.find((r) => r.dialect === d);
  console.log(
    `BENCH ${JSON.stringify({
      name: 'kb',
      articles: ARTICLES,
      p99Ms: by('sqlite')?.p99Ms ?? null,
      baselineP99Ms: by('sqlite')?.baselineP99Ms ?? null,
      ratio: by('sqlite') ? round1(by('sqlite')!.baselineP99Ms / by('sqlite')!.p99Ms) : null,
      pgP99Ms: by('postgres')?.p99Ms ?? null,
      pgBaselineP99Ms: by('postgres')?.baselineP99Ms ?? null,
      pgRatio: by('postgres') ? round1(by('postgres')!.baselineP99Ms / by('postgres')!.p99Ms) : null,
    })}`,
  );
}

await main();
