import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabase, opsdesk, type CliDatabase } from '../testing/cli.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

// Each step starts the real command (a few seconds each on a busy two-core machine).
describeEachDatabase('opsdesk rules on %s', (dialect) => {
  let cli: CliDatabase;
  beforeAll(async () => {
    cli = await cliDatabase(dialect, 'opsdesk-rules-cli-');
  });
  afterAll(() => cli.destroy());

  it('exports the rules, applies an edited document (dry run first) and refuses a bad rule while applying the rest', { timeout: 120_000 }, async () => {
    const file = path.join(cli.dir, 'rules.yaml');
    // A database never started: migrated, and given the shipped rules, by the command itself.
    const exported = await opsdesk(['rules', 'export', file, ...cli.dbArgs], cli.env);
    expect(exported.code, exported.stderr).toBe(0);
    const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
    expect(doc.rules.map((r: { key: string }) => r.key)).toContain('server-disk-full');

    const unchanged = await opsdesk(['rules', 'apply', file, ...cli.dbArgs], cli.env);
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(unchanged.stdout).toContain(`0 created, 0 updated, ${doc.rules.length} unchanged, 0 rejected`);

    doc.rules.find((r: { key: string }) => r.key === 'server-disk-full').condition.threshold = 95;
    doc.rules.push({ key: 'kiosk-paper-low', name: '自助机缺纸', level: 3, condition: { kind: 'threshold', metric: 'printer.paper_pct', aggregate: 'last', windowMinutes: 5, operator: '<', threshold: 10 } });
    doc.rules.push({ key: 'typo-rule', name: '拼错的指标', level: 3, condition: { kind: 'threshold', metric: 'cpuu', aggregate: 'avg', windowMinutes: 5, operator: '>', threshold: 90 } });
    fs.writeFileSync(file, YAML.stringify(doc));

    const dry = await opsdesk(['rules', 'apply', file, '--dry-run', ...cli.dbArgs], cli.env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('would be updated    server-disk-full');
    expect(dry.stdout).toContain('would be created    kiosk-paper-low');
    expect(dry.stdout).toMatch(/rejected {3}typo-rule\n {2}condition\.metric cpuu is not a metric/);
    expect(dry.stdout).toContain('(dry run: nothing written)');

    const applied = await opsdesk(['rules', 'apply', file, ...cli.dbArgs], cli.env);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('1 created, 1 updated');
    expect(applied.stdout).toContain('1 rejected');

    const json = await opsdesk(['rules', 'export', '--format', 'json', ...cli.dbArgs], cli.env);
    expect(json.code, json.stderr).toBe(0);
    const after = JSON.parse(json.stdout) as { rules: { key: string; condition: { threshold?: number } }[] };
    expect(after.rules.find((r) => r.key === 'server-disk-full')!.condition.threshold).toBe(95);
    expect(after.rules.map((r) => r.key)).toContain('kiosk-paper-low');
    expect(after.rules.map((r) => r.key)).not.toContain('typo-rule');

    // Audited as the CLI's system actor, and the chain still holds.
    const verified = await opsdesk(['audit', 'verify', ...cli.dbArgs], cli.env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });
});

// Reading the file fails the same way whatever the database: once, on SQLite.
describe('opsdesk rules on a document it cannot read', () => {
  let cli: CliDatabase;
  beforeAll(async () => {
    cli = await cliDatabase('sqlite', 'opsdesk-rules-cli-');
  });
  afterAll(() => cli.destroy());

  it('says in one line why it cannot read a document', { timeout: 60_000 }, async () => {
    const file = path.join(cli.dir, 'broken.yaml');
    fs.writeFileSync(file, 'apiVersion: opsdesk/v1\nkind: AlertRules\nrules: [unclosed\n');
    const result = await opsdesk(['rules', 'apply', file, ...cli.dbArgs], cli.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^DOCUMENT_UNREADABLE: The rule document cannot be read: not valid YAML or JSON: .*line \d+/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    const missing = await opsdesk(['rules', 'apply', path.join(cli.dir, 'no-such.yaml'), ...cli.dbArgs], cli.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('no-such.yaml')]);
  });
});
