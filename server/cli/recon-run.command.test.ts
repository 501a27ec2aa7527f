import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generate, type Generated } from '../../bench/recon/generate.ts';
import { opsdesk } from '../testing/cli.ts';

/** `opsdesk recon run` matches a day from files alone (no server, no database), as the real command runs. */
let dir: string;
let files: Generated;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-recon-run-'));
  files = generate({ dir, rows: 1_000, day: '2026-11-10', seed: 7 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('finds every planted difference of a ledger and a WeChat bill, prints the summary and writes the result', { timeout: 120_000 }, async () => {
  const out = path.join(dir, 'result.json');
  const run = await opsdesk(['recon', 'run', '--date', '2026-11-10', '--channel', 'wechat', '--left', files.ledgerPath, '--right', files.channelPath, '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^day 2026-11-10, wechat: ours \d+ records, theirs \d+; match rate \d+\.\d+ %/);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { summary: { differences: Record<string, { count: number }> }; differences: { kind: string }[]; pairsFile: string };
  const planted = new Map<string, number>();
  for (const d of files.truth.differences) planted.set(d.kind, (planted.get(d.kind) ?? 0) + 1);
  const found = new Map<string, number>();
  for (const d of result.differences) found.set(d.kind, (found.get(d.kind) ?? 0) + 1);
  expect(Object.fromEntries(found)).toEqual(Object.fromEntries(planted));
  expect(fs.existsSync(result.pairsFile)).toBe(true);
  expect(fs.statSync(out).mode & 0o077).toBe(0);
});

it('says what to do with a file it cannot read directly, and writes nothing on a dry run', { timeout: 120_000 }, async () => {
  const bill = path.join(dir, 'statement.txt');
  fs.writeFileSync(bill, ':20:STATEMENT\n');
  const refused = await opsdesk(['recon', 'run', '--date', '2026-11-10', '--channel', 'bank', '--left', files.ledgerPath, '--right', bill]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/--right-source/);
  const work = path.join(dir, 'dry');
  const dry = await opsdesk(['recon', 'run', '--date', '2026-11-10', '--channel', 'wechat', '--left', files.ledgerPath, '--right', files.channelPath, '--work-dir', work, '--dry-run']);
  expect(dry.code, dry.stderr).toBe(0);
  expect(fs.readdirSync(work)).toEqual([]);
});
