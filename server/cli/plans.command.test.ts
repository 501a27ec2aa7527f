import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabase, opsdesk, type CliDatabase } from '../testing/cli.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

// Each step starts the real command (a few seconds each on a busy two-core machine).
describeEachDatabase('opsdesk plans on %s', (dialect) => {
  let cli: CliDatabase;
  beforeAll(async () => {
    cli = await cliDatabase(dialect, 'opsdesk-plans-cli-');
  });
  afterAll(() => cli.destroy());

  it('exports the plans, applies an edited file (dry run first, then with --publish) and refuses a bad plan while applying the rest', { timeout: 180_000 }, async () => {
    const file = path.join(cli.dir, 'plans.yaml');
    // A database never started: migrated, and given the shipped rules and plans, by the command itself.
    const exported = await opsdesk(['plans', 'export', file, ...cli.dbArgs], cli.env);
    expect(exported.code, exported.stderr).toBe(0);
    const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ apiVersion: 'opsdesk/v1', kind: 'Plans' });
    const gate = doc.plans.find((p: { key: string }) => p.key === 'gate-failure');
    expect(gate).toMatchObject({ state: 'active', publishedVersion: 1, draftChanged: false, document: { key: 'gate-failure' } });

    const unchanged = await opsdesk(['plans', 'apply', file, ...cli.dbArgs], cli.env);
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(unchanged.stdout).toContain(`0 created, 0 updated, ${doc.plans.length} unchanged, 0 published, 0 rejected`);

    gate.document.steps[0].expectedMinutes = 9;
    const added = structuredClone(gate);
    added.key = added.document.key = 'gate-failure-north';
    added.document.title = { zh: '北门闸机故障', en: 'North gate failure' };
    const bad = structuredClone(gate);
    bad.key = bad.document.key = 'typo-plan';
    bad.document.steps[1].role = 'janitor';
    doc.plans.push(added, bad);
    fs.writeFileSync(file, YAML.stringify(doc));

    const dry = await opsdesk(['plans', 'apply', file, '--dry-run', '--publish', ...cli.dbArgs], cli.env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('would be updated    gate-failure');
    expect(dry.stdout).toContain('would be created    gate-failure-north');
    expect(dry.stdout).toContain('would be published  gate-failure-north');
    expect(dry.stdout).toMatch(/rejected {3}typo-plan\n {2}plans\.\d+\.document\.steps\.1\.role no role janitor/);
    expect(dry.stdout).toContain('(dry run: nothing written)');

    const applied = await opsdesk(['plans', 'apply', file, '--publish', ...cli.dbArgs], cli.env);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('1 created, 1 updated');
    expect(applied.stdout).toContain('2 published, 1 rejected');

    const json = await opsdesk(['plans', 'export', '--format', 'json', ...cli.dbArgs], cli.env);
    expect(json.code, json.stderr).toBe(0);
    const after = JSON.parse(json.stdout) as { plans: { key: string; publishedVersion: number | null; draftChanged: boolean; document: { steps: { expectedMinutes: number }[] } }[] };
    const byKey = new Map(after.plans.map((p) => [p.key, p]));
    expect(byKey.get('gate-failure')).toMatchObject({ publishedVersion: 2, draftChanged: false });
    expect(byKey.get('gate-failure')!.document.steps[0]!.expectedMinutes).toBe(9);
    expect(byKey.get('gate-failure-north')).toMatchObject({ publishedVersion: 1, draftChanged: false });
    expect(byKey.has('typo-plan')).toBe(false);

    // Audited as the CLI's system actor, and the chain still holds.
    const verified = await opsdesk(['audit', 'verify', ...cli.dbArgs], cli.env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });
});

// Reading the file fails the same way whatever the database: once, on SQLite.
describe('opsdesk plans on a file it cannot read', () => {
  let cli: CliDatabase;
  beforeAll(async () => {
    cli = await cliDatabase('sqlite', 'opsdesk-plans-cli-');
  });
  afterAll(() => cli.destroy());

  it('says in one line why it cannot read a file', { timeout: 120_000 }, async () => {
    const file = path.join(cli.dir, 'broken.yaml');
    fs.writeFileSync(file, 'apiVersion: opsdesk/v1\nkind: Plans\nplans: [unclosed\n');
    const result = await opsdesk(['plans', 'apply', file, ...cli.dbArgs], cli.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^DOCUMENT_UNREADABLE: The plan file cannot be read: not valid YAML or JSON: .*line \d+/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    fs.writeFileSync(file, Buffer.from('apiVersion: opsdesk/v1\nkind: Plans\nplans: []\n# \0\n'));
    const nul = await opsdesk(['plans', 'apply', file, ...cli.dbArgs], cli.env);
    expect(nul.code).toBe(1);
    expect(nul.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^DOCUMENT_UNREADABLE: .*NUL.*line 4/)]);
    const missing = await opsdesk(['plans', 'apply', path.join(cli.dir, 'no-such.yaml'), ...cli.dbArgs], cli.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('no-such.yaml')]);
  });
});
