import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../importers/index.ts';
import { DIFFERENCE_KINDS, type Difference, type DifferenceKind, type DifferenceParams, type DifferenceRecord, type MatchProgress, type MatchResult, type MatchSpec, type ProposedMatch } from '../matching.ts';
import { checkBalances } from './balances.ts';
import { classify, checkLedger } from './classify.ts';
import { businessDay } from './day.ts';
import { lit, openDuck, type Duck } from './duck.ts';
import { loadSide } from './load.ts';
import { appendRecords } from './record-file.ts';
import { wholeRecords, type Rereaders } from './records.ts';
import { createPools, matchById, matchByKey, matchBySums } from './phases.ts';
import { TABLE_DDL, toSafeNumber } from './schema.ts';

/** What the engine answers: the contract's result, plus the fast loader's findings for CSV inputs. */
export type EngineResult = MatchResult & { findings: Finding[] };

export interface EngineOptions {
  memoryLimit?: string;
  threads?: number;
  /** each SQL statement and its duration in ms (profiling) */
  trace?: (sql: string, ms: number) => void;
}

/**
 * One job: load both sides, match by id, by key, by sums, classify, check the ledger, write the pairs and the carried
 * records (unless a dry run), and answer. The DuckDB instance, its spill files and its temporary tables live only for
 * the call; on a dry run the spill directory is a private temporary directory outside workDir, removed afterwards.
 */
export async function runMatch(spec: MatchSpec, options: EngineOptions = {}): Promise<EngineResult> {
  const started = Date.now();
  const progress = (phase: MatchProgress['phase'], fraction: number) => spec.onProgress?.({ phase, fraction });
  const windows = { l: businessDay(spec.day, spec.left.cutoff), r: businessDay(spec.day, spec.right.cutoff) };
  if (!spec.dryRun) mkdirSync(spec.workDir, { recursive: true, mode: 0o700 });
  const scratch = spec.dryRun ? mkdtempSync(join(tmpdir(), 'opsdesk-recon-')) : mkdtempSync(join(spec.workDir, '.duck-'));
  const duck = await openDuck({ tempDir: join(scratch, 'spill'), memoryLimit: options.memoryLimit, threads: options.threads, trace: options.trace });
  try {
    progress('load', 0);
    const left = await loadSide(duck, 'l', spec.left, spec.carriedIn.left, windows.l);
    const right = await loadSide(duck, 'r', spec.right, spec.carriedIn.right, windows.r);
    const findings = [...left.findings, ...right.findings];
    const rereaders: Rereaders = new Map([...left.rereaders, ...right.rereaders]);
    // our side is compared on the channels their side shows (a WeChat bill reconciles the ledger's WeChat records)
    const channels = (await duck.rows<{ channel: string }>(`SELECT DISTINCT channel FROM r WHERE in_day AND channel IS NOT NULL ORDER BY 1`)).map((x) => x.channel);
    const leftScope = channels.length ? `channel IN (${channels.map(lit).join(', ')})` : 'true';
    progress('match-id', 0.3);
    await createPools(duck, leftScope);
    await matchById(duck);
    progress('match-key', 0.55);
    await matchByKey(duck, spec.tolerances, spec.autoConfirmScore);
    progress('match-sums', 0.65);
    await matchBySums(duck, spec.tolerances);
    progress('classify', 0.75);
    await classify(duck, windows, Math.max(0, spec.carryWindowMinutes) * 60_000);
    progress('checks', 0.85);
    await checkLedger(duck);
    const balances = await checkBalances(duck, spec, rereaders);
    progress('write', 0.9);
    const out = spec.dryRun ? { pairsFile: null, carriedOut: { left: null, right: null } } : await writeFiles(duck, spec.workDir, rereaders);
    const differences = [...(await fetchDifferences(duck, rereaders)), ...balances.differences];
    const proposals = await fetchProposals(duck, rereaders);
    const summary = await summarize(duck, differences, started);
    progress('write', 1);
    return { summary: { ...summary, balanceChecks: balances.checks }, differences, proposals, ...out, findings };
  } finally {
    duck.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function writeFiles(duck: Duck, workDir: string, rereaders: Rereaders): Promise<Pick<MatchResult, 'pairsFile' | 'carriedOut'>> {
  const pairsFile = join(workDir, 'pairs.parquet');
  await duck.run(
    `COPY (SELECT l.file AS left_file, l.line AS left_line, l.row_key AS left_row_key, r.file AS right_file, r.line AS right_line, r.row_key AS right_row_key,
                  m.how, m.grp AS group_id, m.score, m.reasons, mo.outcome
           FROM m JOIN pl0 l ON l.k = m.lk JOIN pr0 r ON r.k = m.rk JOIN mo ON mo.lk = m.lk AND mo.rk = m.rk ORDER BY m.lk, m.rk)
     TO ${lit(pairsFile)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  chmodSync(pairsFile, 0o600);
  const carriedOut: { left: string | null; right: string | null } = { left: null, right: null };
  for (const [side, name] of [['l', 'left'], ['r', 'right']] as const) {
    // whole records: the next day's job shows them as an import would
    const records = [...(await wholeRecords(duck, side, `SELECT k FROM carry_${side}`, rereaders)).values()];
    if (!records.length) continue;
    const file = join(workDir, `carried-${name}.parquet`);
    await duck.run(`CREATE TABLE out_${side} (${TABLE_DDL})`);
    await appendRecords(duck, `out_${side}`, records);
    await duck.run(`COPY (SELECT * FROM out_${side} ORDER BY file, line) TO ${lit(file)} (FORMAT parquet)`);
    chmodSync(file, 0o600);
    carriedOut[name] = file;
  }
  return { pairsFile, carriedOut };
}

/** The records the differences and proposals name, by side and key, as DifferenceRecords. */
async function recordsFor(duck: Duck, side: 'l' | 'r', keys: string, rereaders: Rereaders): Promise<Map<number, DifferenceRecord>> {
  const map = new Map<number, DifferenceRecord>();
  for (const [k, { rowKey: _rowKey, ...record }] of await wholeRecords(duck, side, keys, rereaders)) map.set(k, record);
  return map;
}

function pick(map: Map<number, DifferenceRecord>, keys: unknown): DifferenceRecord[] {
  return ((keys as unknown[]) ?? []).map((k) => map.get(toSafeNumber(k))!).filter(Boolean);
}

async function fetchDifferences(duck: Duck, rereaders: Rereaders): Promise<Difference[]> {
  const left = await recordsFor(duck, 'l', 'SELECT unnest(lks) FROM d', rereaders);
  const right = await recordsFor(duck, 'r', 'SELECT unnest(rks) FROM d', rereaders);
  const rows = await duck.rows(`SELECT * FROM d ORDER BY kind, txn_time NULLS LAST, lks[1], rks[1]`);
  return rows.map((d) => ({
    kind: d.kind as DifferenceKind,
    left: pick(left, d.lks),
    right: pick(right, d.rks),
    fields: ((d.fields as unknown[]) ?? []).map(String),
    deltaFen: d.delta === null ? null : toSafeNumber(d.delta),
    amountFen: d.amount === null ? 0 : toSafeNumber(d.amount),
    txnTime: d.txn_time === null ? null : toSafeNumber(d.txn_time),
    account: (d.account as string | null) ?? null,
    params: d.params ? (JSON.parse(String(d.params)) as DifferenceParams) : {},
  }));
}

async function fetchProposals(duck: Duck, rereaders: Rereaders): Promise<ProposedMatch[]> {
  const left = await recordsFor(duck, 'l', 'SELECT unnest(lk) FROM p', rereaders);
  const right = await recordsFor(duck, 'r', 'SELECT unnest(rk) FROM p', rereaders);
  const rows = await duck.rows(`SELECT * FROM p ORDER BY score DESC, lk[1], rk[1]`);
  return rows.map((p) => ({ left: pick(left, p.lk), right: pick(right, p.rk), score: Number(p.score), reasons: ((p.reasons as unknown[]) ?? []).map(String) }));
}

async function summarize(duck: Duck, differences: Difference[], started: number): Promise<MatchResult['summary']> {
  const [s] = await duck.rows<Record<string, bigint | number | null>>(
    `SELECT
       (SELECT count(*) FROM sl) AS lr, (SELECT coalesce(sum(amount_fen), 0) FROM sl) AS la, (SELECT count(*) FROM sl WHERE carried) AS lc, (SELECT count(*) FROM carry_l) AS lo,
       (SELECT count(*) FROM sr) AS rr, (SELECT coalesce(sum(amount_fen), 0) FROM sr) AS ra, (SELECT count(*) FROM sr WHERE carried) AS rc, (SELECT count(*) FROM carry_r) AS ro,
       (SELECT count(*) FROM mo WHERE outcome = 'matched' AND how = 'id') AS by_id,
       (SELECT count(*) FROM mo WHERE outcome = 'matched' AND how = 'key') AS by_key,
       (SELECT count(DISTINCT lk) FROM m WHERE how = 'many-to-one') AS mto_l, (SELECT count(DISTINCT rk) FROM m WHERE how = 'many-to-one') AS mto,
       (SELECT count(DISTINCT rk) FROM m WHERE how = 'one-to-many') AS otm_r, (SELECT count(DISTINCT lk) FROM m WHERE how = 'one-to-many') AS otm,
       (SELECT coalesce(sum(la), 0) FROM mo WHERE outcome = 'matched' AND how IN ('id', 'key')) +
         (SELECT coalesce(sum(amount_fen), 0) FROM pl0 WHERE k IN (SELECT lk FROM m WHERE how IN ('one-to-many', 'many-to-one'))) AS matched_amount,
       (SELECT count(*) FROM p) AS proposed`,
  );
  const n = (v: unknown) => toSafeNumber(v ?? 0);
  const diffs = Object.fromEntries(DIFFERENCE_KINDS.map((k) => [k, { count: 0, amountFen: 0 }])) as Record<DifferenceKind, { count: number; amountFen: number }>;
  for (const d of differences) {
    diffs[d.kind].count++;
    diffs[d.kind].amountFen += d.amountFen;
  }
  const byId = n(s!.by_id);
  const byKey = n(s!.by_key);
  const matchedRecords = 2 * (byId + byKey) + n(s!.mto_l) + n(s!.mto) + n(s!.otm_r) + n(s!.otm);
  const all = n(s!.lr) + n(s!.rr);
  return {
    left: { records: n(s!.lr), amountFen: n(s!.la), carriedIn: n(s!.lc), carriedOut: n(s!.lo) },
    right: { records: n(s!.rr), amountFen: n(s!.ra), carriedIn: n(s!.rc), carriedOut: n(s!.ro) },
    matched: { byId, byKey, manyToOne: n(s!.mto), oneToMany: n(s!.otm), amountFen: n(s!.matched_amount) },
    proposed: n(s!.proposed),
    differences: diffs,
    matchRate: all === 0 ? 1 : matchedRecords / all,
    elapsedMs: Date.now() - started,
  };
}
