import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { uid } from '../../../testing/sample.ts';
import { parseRule, toRuleView } from './rule-rows.ts';
import { clearBroken, enabledRules, markBroken, rulesStamp } from './rules.repository.ts';

const cpu = { kind: 'threshold', metric: 'cpu', aggregate: 'avg', windowMinutes: 5, operator: '>', threshold: 80 };

/** What the evaluator reads the rules through (issue 9 item 3): the enabled rules, a change stamp, the broken mark. */
describeEachDatabase('alert rules for the evaluator on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  const k = () => t.db.kysely;
  const create = async (over: Record<string, unknown> = {}) => {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/alert-rules', payload: { key: `e-${uid()}`, name: '规则', level: 3, condition: cpu, ...over } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; key: string };
  };

  it('loads the enabled rules, parsed with their typed condition, scope and overrides', async () => {
    const off = await create({ enabled: false });
    const on = await create({ scope: { deviceTypes: ['server'] }, overrides: [{ scope: { deviceTypes: ['database'] }, threshold: 95, level: 2 }], forMinutes: 2, keepFiringMinutes: 1 });
    const rows = await enabledRules(k());
    expect(rows.map((r) => r.key)).toContain(on.key);
    expect(rows.map((r) => r.key)).not.toContain(off.key);
    const parsed = parseRule(rows.find((r) => r.key === on.key)!);
    expect(parsed).toMatchObject({ kind: 'threshold', level: 3, forMs: 120_000, keepFiringMs: 60_000, enabled: true, builtin: false, scope: { deviceTypes: ['server'] }, groupBy: ['alertname', 'site'] });
    expect(parsed.condition.kind === 'threshold' && parsed.condition.metric).toBe('cpu');
    expect(parsed.overrides).toEqual([{ scope: { deviceTypes: ['database'] }, threshold: 95, level: 2 }]);
    const payment = parseRule((await k().selectFrom('alert_rules').selectAll().where('key', '=', 'payment-failure-rate').executeTakeFirstOrThrow()));
    expect(payment.condition.kind === 'ratio' && payment.condition.minCount).toBe(20);
  });

  it('changes its stamp with every change to the rules, and only then', async () => {
    // Each step must differ from the one before it; clearing a broken mark may well return to an earlier stamp, since
    // the rules are then as they were.
    const stamps = [await rulesStamp(k())];
    const next = async () => {
      const stamp = await rulesStamp(k());
      expect(stamp).not.toBe(stamps.at(-1));
      stamps.push(stamp);
    };
    expect(await rulesStamp(k())).toBe(stamps[0]);
    const r = await create();
    await next();
    await t.call(admin, { method: 'PATCH', url: `/api/v1/alert-rules/${r.id}`, payload: { enabled: false } });
    await next();
    await markBroken(k(), r.id, 'TypeError: cannot read x', t.clock.now());
    await next();
    await clearBroken(k(), r.id);
    await next();
    // The clock stands still: a delete and a create in the same millisecond still change it.
    await t.call(admin, { method: 'DELETE', url: `/api/v1/alert-rules/${r.id}` });
    await create();
    await next();
    expect(await rulesStamp(k())).toBe(stamps.at(-1));
  });

  it('marks a rule broken without making it a new version, and the API shows why', async () => {
    const r = await create();
    const before = await k().selectFrom('alert_rules').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    await markBroken(k(), r.id, `RangeError: ${'x'.repeat(5000)}`, t.clock.now() + 1000);
    const after = await k().selectFrom('alert_rules').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ version: before.version, updated_at: before.updated_at, broken_at: t.clock.now() + 1000 });
    expect(after.broken).toHaveLength(2000);
    expect(toRuleView(after).broken).toMatch(/^RangeError: x+$/);
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules/${r.id}` })).json().broken).toBe(after.broken);
    await clearBroken(k(), r.id);
    expect((await k().selectFrom('alert_rules').select(['broken', 'broken_at']).where('id', '=', r.id).executeTakeFirstOrThrow())).toEqual({ broken: null, broken_at: null });
  });
});
