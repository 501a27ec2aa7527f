import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, defaultRules } from './default-rules.ts';
import { DEVICE_METRICS } from './known-metrics.ts';
import { compositeProblems, definitionProblems, type RuleCheckContext } from './rule-checks.ts';
import { readDefinition } from './rule-input.ts';
import { definitionColumns, sameDefinition, toDefinition } from './rule-rows.ts';
import type { RuleDefinition } from './rule.schemas.ts';
import type { AlertRulesTable } from '../alerting.tables.ts';

const context = (over: Partial<RuleCheckContext> = {}): RuleCheckContext => ({
  silenceMinutes: 3,
  siteCodes: new Set(['canteen-1']),
  scoped: false,
  knownMetric: async (m) => ['cpu', 'gate.passes_per_min', 'diskPct', 'logins.failed'].includes(m),
  ...over,
});

const composite = (key: string, rules: string[]): RuleDefinition => ({ key, name: key, level: 2, condition: { kind: 'composite', rules, withinMinutes: 5 } });

describe('rule checks', () => {
  it('every shipped rule passes the schema and every check', async () => {
    for (const def of defaultRules(3)) {
      expect(readDefinition(def, '').problems, def.key).toEqual([]);
      expect(await definitionProblems(def, context()), def.key).toEqual([]);
    }
    expect(new Set(DEFAULT_RULES.map((r) => r.key)).size).toBe(DEFAULT_RULES.length);
  });

  it('waits at least as long as the estate before calling a terminal silent', () => {
    const minutes = (silence: number) => defaultRules(silence).map((r) => (r.condition.kind === 'absence' ? r.condition.minutes : null)).filter((m) => m !== null);
    expect(minutes(3)).toEqual([3]);
    expect(minutes(5)).toEqual([5]);
  });

  it('knows every metric the simulated campus sends', () => {
    const source = fs.readFileSync(path.resolve(import.meta.dirname, '../../../simulator/generator/vitals.ts'), 'utf8');
    const sent = [...source.matchAll(/metric\(ctx, at, dev, rng, '([^']+)'/g)].map((m) => m[1]);
    expect(sent.length).toBeGreaterThan(10);
    expect([...new Set(sent)].sort()).toEqual([...DEVICE_METRICS].sort());
  });

  it('finds a loop through other composites, and names its path', () => {
    const rules = new Map<string, readonly string[]>([
      ['a', []],
      ['b', ['c', 'a']],
      ['c', ['d', 'a']],
      ['d', []],
    ]);
    expect(compositeProblems(composite('d', ['a', 'b']), rules)).toEqual([expect.objectContaining({ field: 'condition.rules', code: 'upstreamLoop', params: { path: 'd → b → c → d' } })]);
    expect(compositeProblems(composite('e', ['b', 'c']), rules)).toEqual([]);
    expect(compositeProblems(composite('a', ['d', 'x']), rules)).toEqual([expect.objectContaining({ field: 'condition.rules.1', code: 'unknownRule', params: { rule: 'x' } })]);
    expect(compositeProblems({ key: 'f', name: 'f', level: 1, condition: { kind: 'absence', minutes: 5 } }, rules)).toEqual([]);
  });

  it('refuses a scoped caller\'s rule that names no site, and overrides at sites it may not name', async () => {
    const scoped = context({ scoped: true });
    const def: RuleDefinition = { key: 'x', name: 'x', level: 2, condition: { kind: 'absence', minutes: 3 }, overrides: [{ scope: { sites: ['canteen-2'] }, level: 1 }] };
    expect((await definitionProblems(def, scoped)).map((p) => `${p.field} ${p.code}`)).toEqual(['scope.sites required', 'overrides.0.scope.sites.0 unknownSite']);
    expect(await definitionProblems({ ...def, scope: { sites: ['canteen-1'] }, overrides: [] }, scoped)).toEqual([]);
  });

  it('reads a definition, dropping unknown fields, and names what is wrong however hostile the value', () => {
    const input = () => ({ key: 'k', name: 'n', level: 2, extra: true, condition: { kind: 'absence', minutes: 3, typo: 1 } });
    expect(readDefinition(input(), '').definition).toEqual({ key: 'k', name: 'n', level: 2, condition: { kind: 'absence', minutes: 3 } });
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(readDefinition({ ...input(), scope: { sites: deep } }, '').problems.map((p) => `${p.field} ${p.code}`)).toEqual(['scope.sites.0 type']);
    expect(readDefinition({ ...input(), name: 'a\u0000b' }, 'body').problems.map((p) => `${p.field} ${p.code}`)).toEqual(['body.name nulCharacter']);
    // YAML can say .inf, which JSON cannot
    const infinite = readDefinition({ ...input(), condition: { kind: 'threshold', metric: 'cpu', aggregate: 'avg', windowMinutes: 5, operator: '>', threshold: Infinity } }, '');
    expect(infinite.problems.map((p) => `${p.field} ${p.code}`)).toContain('condition.threshold finiteNumber');
    expect(readDefinition({ ...input(), nameEn: 5 }, '').problems.map((p) => `${p.field} ${p.code} ${p.params?.type}`)).toEqual(['nameEn type string, null']);
  });

  it('stores a definition so that its export reads the same when applied back', () => {
    const def: RuleDefinition = {
      key: 'k',
      name: '名',
      condition: { threshold: 90, operator: '>', windowMinutes: 5, aggregate: 'max', metric: 'diskPct', kind: 'threshold' },
      scope: { sites: [], deviceTypes: ['server'] },
      level: 2,
      forMinutes: 0.5,
    };
    const columns = definitionColumns(def);
    const row: AlertRulesTable = { id: '1', ...columns, enabled: 1, builtin: 0, broken: null, broken_at: null, version: 1, created_by: null, created_at: 0, updated_at: 0 };
    const exported = toDefinition(row);
    expect(Object.keys(exported.condition)).toEqual(['kind', 'metric', 'aggregate', 'windowMinutes', 'operator', 'threshold']);
    expect(exported.scope).toEqual({ deviceTypes: ['server'] });
    expect(sameDefinition(row, definitionColumns(exported), true)).toBe(true);
    expect(sameDefinition(row, definitionColumns({ ...exported, level: 3 }), true)).toBe(false);
    expect(sameDefinition(row, columns, false)).toBe(false);
  });
});
