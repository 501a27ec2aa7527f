import YAML from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { estateFixtures } from '../../estate/estate.fixtures.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { uid } from '../../../testing/sample.ts';

const cpu = { kind: 'threshold', metric: 'cpu', aggregate: 'avg', windowMinutes: 5, operator: '>', threshold: 80 };
const rule = (over: Record<string, unknown> = {}) => ({ key: `d-${uid()}`, name: '文档规则', level: 2, condition: cpu, ...over });
const doc = (rules: unknown[]) => ({ apiVersion: 'opsdesk/v1', kind: 'AlertRules', rules });

describeEachDatabase('alert rule documents on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  const apply = (payload: unknown, options: { dryRun?: boolean; type?: string; caller?: Caller } = {}) =>
    t.call(options.caller ?? admin, {
      method: 'POST',
      url: `/api/v1/alert-rules/apply${options.dryRun ? '?dryRun=true' : ''}`,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers: { 'content-type': options.type ?? 'application/json' },
    });
  const exported = async (format: 'yaml' | 'json') => {
    const res = await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules/export?format=${format}` });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const ruleCount = async () => Number((await t.db.kysely.selectFrom('alert_rules').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const versions = async () => (await t.db.kysely.selectFrom('alert_rules').select(['key', 'version']).orderBy('key').execute()).map((r) => `${r.key}@${r.version}`);

  it('exports every rule as YAML or JSON, and applying the export back changes nothing', async () => {
    const fx = estateFixtures(t);
    const site = await fx.site(admin);
    await t.call(admin, {
      method: 'POST',
      url: '/api/v1/alert-rules',
      payload: rule({ nameEn: 'Doc rule', description: '说明', scope: { sites: [site.code], labels: [{ name: 'line', op: '=~', value: 'A|B' }] }, overrides: [{ scope: { sites: [site.code] }, threshold: 90, level: 1 }], labels: { team: 'ops' }, forMinutes: 1.5 }),
    });
    const yaml = await exported('yaml');
    expect(yaml.headers['content-type']).toContain('application/yaml');
    expect(yaml.headers['content-disposition']).toContain('alert-rules.yaml');
    const parsed = YAML.parse(yaml.body);
    expect(parsed).toMatchObject({ apiVersion: 'opsdesk/v1', kind: 'AlertRules' });
    expect(parsed.rules).toHaveLength(await ruleCount());
    expect(parsed.rules[0]).not.toHaveProperty('id');
    expect(parsed.rules[0]).not.toHaveProperty('builtin');

    const before = await versions();
    const audits = await t.auditCount();
    for (const [body, type] of [
      [yaml.body, 'application/yaml'],
      [yaml.body, 'text/yaml'],
      [(await exported('json')).body, 'application/json'],
    ] as const) {
      const res = await apply(body, { type });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ dryRun: false, created: [], updated: [], rejected: [] });
      expect(res.json().unchanged).toHaveLength(before.length);
    }
    expect(await versions()).toEqual(before);
    expect(await t.auditCount()).toBe(audits + 3);
  });

  it('applies the good rules of a document and rejects a bad one with its reasons', async () => {
    const good = rule();
    const bad = rule({ condition: { ...cpu, metric: 'no.such_metric' } });
    const alsoBad = rule({ condition: { ...cpu, windowMinutes: 0 } });
    // A composite may come before the rules it combines; one that combines a rejected rule is rejected too.
    const pair = rule({ condition: { kind: 'composite', rules: [good.key, 'server-cpu-high'], withinMinutes: 5 } });
    const orphan = rule({ condition: { kind: 'composite', rules: [bad.key, 'server-cpu-high'], withinMinutes: 5 } });
    const res = await apply(doc([pair, good, bad, orphan, alsoBad, 'not a rule', good]));
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result.created).toEqual([pair.key, good.key]);
    const rejected = Object.fromEntries(result.rejected.map((r: { index: number; key: string | null; problems: { field: string; code: string }[] }) => [r.index, [r.key, r.problems.map((p) => `${p.field} ${p.code}`)]]));
    expect(rejected).toEqual({
      2: [bad.key, ['condition.metric unknownMetric']],
      3: [orphan.key, ['condition.rules.0 unknownRule']],
      4: [alsoBad.key, ['condition.windowMinutes minimum']],
      5: [null, ['rule type']],
      6: [good.key, ['key keyTaken']],
    });
    const stored = await t.db.kysely.selectFrom('alert_rules').select(['key', 'builtin', 'version']).where('key', 'in', [pair.key, good.key, bad.key]).execute();
    expect(stored.map((r) => r.key).sort()).toEqual([pair.key, good.key].sort());
    expect(stored.every((r) => r.builtin === 0 && r.version === 1)).toBe(true);
  });

  it('updates a rule whose definition changed, with a new version; a dry run says so and writes nothing', async () => {
    const parsed = YAML.parse((await exported('yaml')).body);
    const disk = parsed.rules.find((r: { key: string }) => r.key === 'server-disk-full');
    disk.condition.threshold = 95;
    disk.enabled = false;
    const text = YAML.stringify(parsed);
    const before = await versions();
    const audits = await t.auditCount();
    const dry = await apply(text, { type: 'application/yaml', dryRun: true });
    expect(dry.json()).toMatchObject({ dryRun: true, updated: ['server-disk-full'], created: [], rejected: [] });
    expect(await versions()).toEqual(before);
    expect(await t.auditCount()).toBe(audits + 1);

    await t.db.kysely.updateTable('alert_rules').set({ broken: 'RangeError', broken_at: 1 }).where('key', '=', 'server-disk-full').execute();
    const real = await apply(text, { type: 'application/yaml' });
    expect(real.json()).toMatchObject({ dryRun: false, updated: ['server-disk-full'] });
    const row = (await t.db.kysely.selectFrom('alert_rules').selectAll().where('key', '=', 'server-disk-full').executeTakeFirst())!;
    expect(row).toMatchObject({ enabled: 0, builtin: 1, broken: null });
    expect(row.version).toBe(Number(before.find((v) => v.startsWith('server-disk-full@'))!.split('@')[1]) + 1);
    expect(JSON.parse(row.condition).threshold).toBe(95);
    const record = (await t.call(admin, { method: 'GET', url: '/api/v1/audit?action=alert_rule.apply&limit=1' })).json().items[0];
    expect(record.before['server-disk-full'].condition.threshold).toBe(90);
    expect(record.after.rules['server-disk-full'].condition.threshold).toBe(95);
  });

  it('refuses a document it cannot read, naming why', async () => {
    const code = async (res: { statusCode: number; json: () => { error: { code: string; details?: { field: string }[] } } }) => [res.statusCode, res.json().error.code, res.json().error.details?.map((d) => d.field)];
    expect(await code(await apply('rules: [unclosed', { type: 'application/yaml' }))).toEqual([400, 'DOCUMENT_UNREADABLE', ['body']]);
    expect(await code(await apply('a: 1\na: 2\n', { type: 'application/yaml' }))).toEqual([400, 'DOCUMENT_UNREADABLE', ['body']]);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(await code(await apply(bomb, { type: 'application/yaml' }))).toEqual([400, 'DOCUMENT_UNREADABLE', ['body']]);
    expect(await code(await apply('['.repeat(50_000), { type: 'application/yaml' }))).toEqual([400, 'DOCUMENT_UNREADABLE', ['body']]);
    expect(await code(await apply({ apiVersion: 'opsdesk/v2', kind: 'Rules', rules: {} }))).toEqual([400, 'VALIDATION_FAILED', ['apiVersion', 'kind', 'rules']]);
    expect(await code(await apply(doc(Array.from({ length: 501 }, () => rule()))))).toEqual([400, 'VALIDATION_FAILED', ['rules']]);
    expect((await apply(`rules: [${'x'.repeat(3 * 1_048_576)}]`, { type: 'application/yaml' })).statusCode).toBe(413);
    expect((await apply('<rules/>', { type: 'application/xml' })).statusCode).toBe(415);
  });

  it('lets a user limited to some sites apply only rules for their sites', async () => {
    const fx = estateFixtures(t);
    const mine = await fx.site(admin);
    const scoped = await t.userWith(admin, ['dispatcher'], [mine.id]);
    const own = rule({ scope: { sites: [mine.code] } });
    const global = rule();
    const parsed = YAML.parse((await exported('yaml')).body);
    const cpuHigh = parsed.rules.find((r: { key: string }) => r.key === 'server-cpu-high');
    const res = await apply(doc([own, global, { ...cpuHigh, level: 1 }]), { caller: scoped });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toEqual([own.key]);
    expect(res.json().rejected).toEqual([
      { index: 1, key: global.key, problems: [expect.objectContaining({ field: 'scope.sites', code: 'required' })] },
      { index: 2, key: 'server-cpu-high', problems: [], error: expect.objectContaining({ code: 'RULE_OUTSIDE_YOUR_SITES' }) },
    ]);
    const engineer = await t.userWith(admin, ['engineer']);
    expect((await apply(doc([rule()]), { caller: engineer })).statusCode).toBe(403);
  });
});
