import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { fastLayoutOf, importBalanceCsv, importers, runMatch, writeBalanceFile, writeRecordFile, type MatchProgress } from '../modules/recon/index.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

interface RunFlags {
  date: string;
  channel: string;
  left: string[];
  right: string[];
  balances?: string[];
  out?: string;
  leftSource?: string;
  rightSource?: string;
  leftCutoff: string;
  rightCutoff: string;
  timeZone: string;
  carryWindow: string;
  workDir?: string;
  dryRun?: boolean;
}

/** A file the engine reads as it is (record file, fast layout), or one imported to a record file first. */
async function prepare(files: string[], source: string | undefined, workDir: string, side: string): Promise<string[]> {
  const ready: string[] = [];
  for (const [i, file] of files.entries()) {
    if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
    if ((await fastLayoutOf(file)) !== null) {
      ready.push(path.resolve(file));
      continue;
    }
    const importer = source ? importers.get(source) : undefined;
    if (!importer) throw new Error(`${file}: not a layout the engine reads directly; say what it is with --${side}-source (${[...importers.keys()].join(', ')})`);
    let findings = 0;
    const target = path.join(workDir, `${side}-${i}.parquet`);
    async function* records() {
      for await (const e of importer!(fs.createReadStream(file), { fileName: path.basename(file) })) {
        if (e.type === 'record') yield e.record;
        else if (e.type === 'finding') {
          findings++;
          if (findings <= 20) process.stderr.write(`  ${e.finding.severity} ${e.finding.code} ${e.finding.file}${e.finding.line === null ? '' : `:${e.finding.line}`} ${e.finding.message}\n`);
        }
      }
    }
    const { records: n } = await writeRecordFile(records(), target);
    out(`${file}: ${n} records imported (${findings} findings)`);
    ready.push(target);
  }
  return ready;
}

/** The card system's account daily settlements (CSV), each read into a balance file for the balance checks. */
async function prepareBalances(files: string[], workDir: string, timeZone: string): Promise<string[]> {
  const ready: string[] = [];
  for (const [i, file] of files.entries()) {
    if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
    let findings = 0;
    async function* rows() {
      for await (const e of importBalanceCsv(fs.createReadStream(file), { fileName: path.basename(file), timeZone })) {
        if (e.type === 'balance') yield e.balance;
        else if (e.type === 'finding') {
          findings++;
          if (findings <= 20) process.stderr.write(`  ${e.finding.severity} ${e.finding.code} ${e.finding.file}${e.finding.line === null ? '' : `:${e.finding.line}`} ${e.finding.message}\n`);
        }
      }
    }
    const target = path.join(workDir, `balances-${i}.parquet`);
    const { rows: n } = await writeBalanceFile(rows(), target);
    out(`${file}: ${n} settlement rows imported (${findings} findings)`);
    ready.push(target);
  }
  return ready;
}

function bar(p: MatchProgress): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const done = Math.round(p.fraction * width);
  process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${String(Math.round(p.fraction * 100)).padStart(3)}% ${p.phase.padEnd(10)}`);
  if (p.fraction >= 1) process.stderr.write('\n');
}

/**
 * `opsdesk recon run --date D --channel C --left FILE… --right FILE… [--out result.json]`: one business day matched by
 * the engine without a server or a database. Record files and the fast loader's CSV layouts are read as they are;
 * other files are imported first (`--left-source`/`--right-source` name the importer); `--balances` takes the card
 * system's account daily settlements for the balance checks. Prints the summary; the
 * result (summary, differences, proposals, findings) goes to `--out` as JSON; pairs and carried records stay in the
 * work directory.
 */
export function reconRunCommand(): Command {
  return new Command('run')
    .description('match one business day of two sides without a server or database; prints the summary and writes the result as JSON')
    .requiredOption('--date <day>', 'business day YYYY-MM-DD')
    .requiredOption('--channel <channel>', 'the channel the right side is (wechat, alipay, bank …)')
    .requiredOption('--left <files...>', 'our side: ledger CSV (opsdesk-ledger/v1), record files, or files for --left-source')
    .requiredOption('--right <files...>', 'their side: WeChat trade bill, record files, or files for --right-source')
    .option('--balances <files...>', "the card system's account daily settlement CSVs (opsdesk-balances/v1 or a recognised header): card vs database balance, consumption and recharges are checked against the newest")
    .option('--out <file>', 'write the result as JSON here')
    .addOption(new Option('--left-source <importer>', 'importer for left files the engine does not read directly').choices([...importers.keys()]))
    .addOption(new Option('--right-source <importer>', 'importer for right files the engine does not read directly').choices([...importers.keys()]))
    .option('--left-cutoff <HH:mm>', 'our business day ends at', '23:00')
    .option('--right-cutoff <HH:mm>', 'their business day ends at', '00:00')
    .option('--time-zone <zone>', 'IANA zone of both cut-offs', 'Asia/Shanghai')
    .option('--carry-window <minutes>', 'records this close to a cut-off are carried to the next day', '60')
    .option('--work-dir <dir>', 'where pairs.parquet and carried records go (default: a directory beside --out, or ./recon-<date>-<channel>)')
    .option('--dry-run', 'find everything, write nothing but the result JSON')
    .action(async (o: RunFlags) => {
      const workDir = path.resolve(o.workDir ?? (o.out ? `${o.out}.work` : `recon-${o.date}-${o.channel}`));
      fs.mkdirSync(workDir, { recursive: true, mode: 0o700 });
      const left = await prepare(o.left, o.leftSource, workDir, 'left');
      const right = await prepare(o.right, o.rightSource, workDir, 'right');
      const balances = o.balances ? await prepareBalances(o.balances, workDir, o.timeZone) : null;
      const result = await runMatch({
        day: o.date,
        left: { label: 'ours', files: left, cutoff: { time: o.leftCutoff, timeZone: o.timeZone } },
        right: { label: o.channel, files: right, cutoff: { time: o.rightCutoff, timeZone: o.timeZone } },
        carryWindowMinutes: Number(o.carryWindow),
        carriedIn: { left: null, right: null },
        tolerances: { amountAbsFen: 0, amountPct: 0, timeWindowMs: 120_000, timeDirection: 'either' },
        autoConfirmScore: 0.8,
        workDir,
        dryRun: Boolean(o.dryRun),
        balances,
        onProgress: bar,
      });
      const s = result.summary;
      out(`day ${o.date}, ${o.channel}: ours ${s.left.records} records, theirs ${s.right.records}; match rate ${(s.matchRate * 100).toFixed(2)} %`);
      out(`  matched by id ${s.matched.byId}, by key ${s.matched.byKey}, one-to-many ${s.matched.oneToMany}, many-to-one ${s.matched.manyToOne}; proposed ${s.proposed}`);
      for (const [kind, v] of Object.entries(s.differences)) if (v.count) out(`  ${kind.padEnd(16)} ${String(v.count).padStart(7)}  ${(v.amountFen / 100).toFixed(2)} yuan`);
      out(`  carried out: ours ${s.left.carriedOut}, theirs ${s.right.carriedOut}; ${result.findings.length} findings; ${s.elapsedMs} ms`);
      const checks = s.balanceChecks;
      out(checks?.status === 'checked' ? `  balances checked: ${checks.rows} settlement rows, ${checks.accounts} accounts` : '  balances not checked: no account daily settlement (--balances)');
      if (o.out) {
        fs.writeFileSync(o.out, JSON.stringify({ summary: s, differences: result.differences, proposals: result.proposals, findings: result.findings, pairsFile: result.pairsFile, carriedOut: result.carriedOut }, null, 1), { mode: 0o600 });
        out(`result: ${o.out}`);
      }
    });
}
