import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemContext } from '../../auth/index.ts';
import { estateFixtures } from '../../estate/estate.fixtures.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { uid } from '../../../testing/sample.ts';
import { DEFAULT_RULES } from './default-rules.ts';

type Problem = { field: string; code: string; params?: Record<string, string | number> };

const cpu = { kind: 'threshold', metric: 'cpu', aggregate: 'avg', windowMinutes: 5, operator: '>', threshold: 80 };
const rule = (over: Record<string, unknown> = {}) => ({ key: `r-${uid()}`, name: '测试规则', level: 2, condition: cpu, ...over });

describeEachDatabase('alert rules API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  const post = (payload: unknown, caller: Caller = admin) => t.call(caller, { method: 'POST', url: '/api/v1/alert-rules', payload });
  const put = (id: string, payload: unknown, caller: Caller = admin) => t.call(caller, { method: 'PUT', url: `/api/v1/alert-rules/${id}`, payload });
  const created = async (payload: unknown) => {
    const res = await post(payload);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; key: string; version: number };
  };
  /** The problems of a 400, as field → code. */
  const refused = async (res: { statusCode: number; body: string; json: () => { error: { code: string; details: Problem[] } } }) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    return res.json().error.details.map((p) => [p.field, p.code]);
  };
  const byKey = async (key: string) => (await t.db.kysely.selectFrom('alert_rules').selectAll().where('key', '=', key).executeTakeFirst())!;

  it('ships the default rules on a new database, enabled and builtin, in Chinese and English', async () => {
    const res = await t.call(admin, { method: 'GET', url: '/api/v1/alert-rules?limit=200' });
    const rules = (res.json().items as { key: string; name: string; nameEn: string; enabled: boolean; builtin: boolean; level: number; groupBy: string[] }[]).filter((r) => r.builtin);
    expect(rules.map((r) => r.key).sort()).toEqual(DEFAULT_RULES.map((r) => r.key).sort());
    for (const r of rules) {
      expect(r.enabled).toBe(true);
      expect(r.name).toMatch(/\p{Script=Han}/u);
      expect(r.nameEn).toMatch(/^[A-Z]/);
      expect(r.groupBy).toEqual(['alertname', 'site']);
    }
    const payment = (await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules/${(await byKey('payment-failure-rate')).id}` })).json();
    expect(payment).toMatchObject({ level: 1, condition: { kind: 'ratio', thresholdPct: 5, minCount: 20, windowMinutes: 10, by: 'site', numerator: { statuses: ['failed'] } } });
    const silent = (await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules/${(await byKey('terminal-silent')).id}` })).json();
    expect(silent).toMatchObject({ level: 2, condition: { kind: 'absence', minutes: 3 }, scope: { deviceTypes: ['pos', 'kiosk', 'recharge_kiosk', 'gate'] } });
  });

  it('ensureDefaults adds only what is missing, never twice, and leaves edited defaults alone', async () => {
    const system = systemContext('test');
    expect(await t.services.alertRules.ensureDefaults(system)).toEqual([]);
    const cpuRule = await byKey('server-cpu-high');
    // The rule as the API shows it goes back in as it is: what is not part of a definition (id, version…) is dropped.
    const shown = (await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules/${cpuRule.id}` })).json() as Record<string, unknown>;
    const edited = await put(cpuRule.id, { ...shown, level: 2 });
    expect(edited.statusCode, edited.body).toBe(200);
    // A release that ships a new default: it is missing from this database.
    const ups = await byKey('ups-on-battery');
    await t.db.kysely.deleteFrom('alert_rules').where('id', '=', ups.id).execute();
    const audits = await t.auditCount();
    expect(await t.services.alertRules.ensureDefaults(system)).toEqual(['ups-on-battery']);
    expect(await t.auditCount()).toBe(audits + 1);
    expect(await t.services.alertRules.ensureDefaults(system)).toEqual([]);
    expect((await byKey('ups-on-battery')).builtin).toBe(1);
    expect((await byKey('server-cpu-high')).level).toBe(2);
  });

  it('creates, reads, lists, replaces, switches off and deletes a rule, each change a new version and one audit record', async () => {
    const audits = await t.auditCount();
    const rule1 = await created(rule({ name: '自助机温度', nameEn: 'Kiosk temperature', scope: { deviceTypes: ['kiosk'] }, forMinutes: 2, keepFiringMinutes: 0.5, labels: { team: 'kiosk' } }));
    expect(rule1).toMatchObject({ version: 1, enabled: true, builtin: false, forMinutes: 2, keepFiringMinutes: 0.5, groupBy: ['alertname', 'site'], labels: { team: 'kiosk' }, broken: null });
    expect((await byKey(rule1.key)).for_ms).toBe(120_000);
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules/${rule1.id}` })).json()).toEqual(rule1);
    const search = async (q: string) => (await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules?q=${encodeURIComponent(q)}` })).json().items.map((r: { key: string }) => r.key);
    expect(await search('KIOSK temp')).toEqual([rule1.key]);
    expect(await search('自助机')).toEqual([rule1.key]);

    const replaced = await put(rule1.id, rule({ key: rule1.key, level: 3, groupBy: ['alertname'], condition: { ...cpu, threshold: 95 } }));
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ version: 2, level: 3, groupBy: ['alertname'], labels: {}, scope: {}, forMinutes: 0, condition: { threshold: 95 } });

    const off = await t.call(admin, { method: 'PATCH', url: `/api/v1/alert-rules/${rule1.id}`, payload: { enabled: false } });
    expect(off.json()).toMatchObject({ version: 3, enabled: false });
    // enabled left out of a replacement keeps the rule switched off
    expect((await put(rule1.id, rule({ key: rule1.key }))).json()).toMatchObject({ version: 4, enabled: false });

    const disabled = (await t.call(admin, { method: 'GET', url: '/api/v1/alert-rules?enabled=false&kind=threshold' })).json().items.map((r: { key: string }) => r.key);
    expect(disabled).toContain(rule1.key);
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules?q=${rule1.key.toUpperCase()}` })).json().items.map((r: { key: string }) => r.key)).toEqual([rule1.key]);

    const deleted = await t.call(admin, { method: 'DELETE', url: `/api/v1/alert-rules/${rule1.id}` });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules/${rule1.id}` })).statusCode).toBe(404);
    expect(await t.auditCount()).toBe(audits + 5);
    const trail = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${rule1.id}&limit=10` })).json().items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(['alert_rule.delete', 'alert_rule.update', 'alert_rule.update', 'alert_rule.update', 'alert_rule.create']);
  });

  it('pages through every rule in key order', async () => {
    for (let i = 0; i < 4; i++) await created(rule());
    const total = Number((await t.db.kysely.selectFrom('alert_rules').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const keys: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules?limit=3${cursor ? `&cursor=${cursor}` : ''}` })).json() as { items: { key: string }[]; nextCursor: string | null };
      keys.push(...page.items.map((r) => r.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(keys).toHaveLength(total);
    expect(keys).toEqual([...keys].sort());
  });

  it('takes every kind of rule, a ratio and its siblings included', async () => {
    const conditions = [
      { kind: 'ratio', numerator: { statuses: ['failed'], channels: ['wechat'] }, denominator: { channels: ['wechat'] }, windowMinutes: 10, operator: '>', thresholdPct: 5, minCount: 20 },
      { kind: 'absence', minutes: 5 },
      { kind: 'event', eventTypes: ['door.forced'], severities: ['critical'], attributes: [{ name: 'door', op: '=~', value: 'north-.*' }], messagePattern: 'forced (open|entry)' },
      { kind: 'change', metric: 'ups.battery_pct', windowMinutes: 5, mode: 'percent', operator: '<', threshold: -20 },
      { kind: 'baseline', metric: 'gate.passes_per_min', windowMinutes: 10, learnWeeks: 2, direction: 'both', deviations: 2.5 },
      { kind: 'composite', rules: ['server-cpu-high', 'server-disk-full'], withinMinutes: 10, by: 'device' },
    ];
    for (const condition of conditions) {
      const res = await post(rule({ condition }));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().condition).toEqual(condition);
    }
  });

  it('names the field of each rule it refuses', async () => {
    const bad = async (over: Record<string, unknown>) => refused(await post(rule(over)));
    expect(await bad({ condition: { ...cpu, metric: 'pos.no_such_metric' } })).toEqual([['body.condition.metric', 'unknownMetric']]);
    expect(await bad({ condition: { ...cpu, windowMinutes: 0 } })).toEqual([['body.condition.windowMinutes', 'minimum']]);
    const ratio = { kind: 'ratio', numerator: { statuses: ['failed'] }, windowMinutes: 10, operator: '>', thresholdPct: 5, minCount: 20 };
    expect(await bad({ condition: ratio })).toEqual([['body.condition.denominator', 'required']]);
    expect(await bad({ condition: { ...ratio, denominator: {}, minCount: undefined } })).toEqual([['body.condition.minCount', 'required']]);
    expect(await bad({ condition: { kind: 'absence', minutes: 2 } })).toEqual([['body.condition.minutes', 'absenceBelowSilence']]);
    expect(await bad({ condition: { kind: 'sometimes' } })).toEqual([['body.condition.kind', 'enum']]);
    expect(await bad({ level: 4 })).toEqual([['body.level', 'enum']]);
    expect(await bad({ key: 'Has Spaces' })).toEqual([['body.key', 'pattern']]);

    const labels = (value: string) => ({ scope: { labels: [{ name: 'line', op: '=~', value }] } });
    const [[field, code]] = (await bad(labels('(unclosed'))) as [[string, string]];
    expect(field).toMatch(/^body\.scope\.labels[./]0[./]value$/);
    expect(code).toBe('regexInvalid');
    expect((await bad(labels('(a+)+$')))[0]![1]).toBe('regexCatastrophic');
    expect(await bad({ condition: { kind: 'event', messagePattern: '([a-z]*)*x' } })).toEqual([['body.condition.messagePattern', 'regexCatastrophic']]);
    expect((await bad({ condition: { kind: 'event', attributes: [{ name: 'door', op: '!~', value: '[' }] } }))[0]![1]).toBe('regexInvalid');

    expect(await bad({ condition: { kind: 'composite', rules: ['server-cpu-high', 'no-such-rule'], withinMinutes: 5 } })).toEqual([['body.condition.rules.1', 'unknownRule']]);
    expect(await bad({ condition: { kind: 'composite', rules: ['server-cpu-high', 'server-cpu-high'], withinMinutes: 5 } })).toEqual([['body.condition.rules.1', 'uniqueItems']]);
    expect(await bad({ key: 'self-ref', condition: { kind: 'composite', rules: ['self-ref', 'server-cpu-high'], withinMinutes: 5 } })).toEqual([['body.condition.rules.0', 'upstreamLoop']]);
    expect(await bad({ scope: { sites: ['no-such-site'] } })).toEqual([['body.scope.sites.0', 'unknownSite']]);
    expect(await bad({ overrides: [{ scope: { sites: ['nowhere'] }, threshold: 90 }] })).toEqual([['body.overrides.0.scope.sites.0', 'unknownSite']]);
    expect(await bad({ condition: { ...cpu, by: 'account' } })).toEqual([['body.condition.by', 'enum']]);
    const baseline = { kind: 'baseline', metric: 'gate.passes_per_min', windowMinutes: 10, learnWeeks: 4, direction: 'below', deviations: 3, hours: [[7, 9], [19, 17]] };
    expect(await bad({ condition: baseline })).toEqual([['body.condition.hours.1', 'timeRangeOrder']]);
    expect(await bad({ key: 'server-cpu-high' })).toEqual([['body.key', 'keyTaken']]);
    // Not a rule at all
    expect(await refused(await post([1, 2]))).toEqual([['body', 'type']]);
    expect(await refused(await t.call(admin, { method: 'POST', url: '/api/v1/alert-rules', payload: 'key: x', headers: { 'content-type': 'text/plain' } }))).toEqual([['body', 'type']]);
  });

  it('knows a metric a registered device reported in the last 30 days, and forgets it after', async () => {
    const fx = estateFixtures(t);
    const site = await fx.site(admin);
    const device = await fx.device(admin, site.id);
    const metric = `lift.wait_s_${uid()}`;
    const rollup = (minutesAgo: number) => ({ device_code: device.code, metric, minute: t.clock.now() - minutesAgo * 60_000, count: 1, sum: 3, min: 3, max: 3, last: 3 });
    await t.db.kysely.insertInto('metric_rollups').values(rollup(31 * 24 * 60)).execute();
    expect(await refused(await post(rule({ condition: { ...cpu, metric } })))).toEqual([['body.condition.metric', 'unknownMetric']]);
    await t.db.kysely.insertInto('metric_rollups').values(rollup(29 * 24 * 60)).execute();
    expect((await post(rule({ condition: { ...cpu, metric }, scope: { sites: [site.code] } }))).statusCode).toBe(200);
  });

  it('keeps builtin rules: editable and switchable, not deletable; a rule a composite combines stays too', async () => {
    const disk = await byKey('server-disk-full');
    const gone = await t.call(admin, { method: 'DELETE', url: `/api/v1/alert-rules/${disk.id}` });
    expect(gone.statusCode).toBe(409);
    expect(gone.json().error.code).toBe('RULE_BUILTIN');
    const off = await t.call(admin, { method: 'PATCH', url: `/api/v1/alert-rules/${disk.id}`, payload: { enabled: false } });
    expect(off.json()).toMatchObject({ enabled: false, builtin: true });
    await t.call(admin, { method: 'PATCH', url: `/api/v1/alert-rules/${disk.id}`, payload: { enabled: true } });

    const a = await created(rule());
    const b = await created(rule());
    const both = await created(rule({ condition: { kind: 'composite', rules: [a.key, b.key], withinMinutes: 5 } }));
    const inUse = await t.call(admin, { method: 'DELETE', url: `/api/v1/alert-rules/${a.id}` });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error).toMatchObject({ code: 'RULE_IN_USE', details: { rules: [both.key] } });
    // …and turning one of them into a composite of the first would make a loop
    const loop = await put(a.id, rule({ key: a.key, condition: { kind: 'composite', rules: [both.key, b.key], withinMinutes: 5 } }));
    expect(await refused(loop)).toEqual([['body.condition.rules', 'upstreamLoop']]);
    expect(loop.json().error.details[0].params.path).toBe(`${a.key} → ${both.key} → ${a.key}`);
    expect((await t.call(admin, { method: 'DELETE', url: `/api/v1/alert-rules/${both.id}` })).statusCode).toBe(200);
    expect((await t.call(admin, { method: 'DELETE', url: `/api/v1/alert-rules/${a.id}` })).statusCode).toBe(200);
  });

  it('keeps the key of a rule, clears a broken mark on edit and answers 404 for an unknown id', async () => {
    const r = await created(rule());
    const renamed = await put(r.id, rule({ key: `${r.key}-2` }));
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.code).toBe('RULE_KEY_FIXED');
    await t.db.kysely.updateTable('alert_rules').set({ broken: 'TypeError: boom', broken_at: t.clock.now() }).where('id', '=', r.id).execute();
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules/${r.id}` })).json().broken).toBe('TypeError: boom');
    const fixed = await put(r.id, rule({ key: r.key, condition: { ...cpu, threshold: 85 } }));
    expect(fixed.json()).toMatchObject({ broken: null, version: 2 });
    expect((await put('01NOSUCHRULE', rule())).statusCode).toBe(404);
    expect((await t.call(admin, { method: 'PATCH', url: '/api/v1/alert-rules/01NOSUCHRULE', payload: { enabled: true } })).statusCode).toBe(404);
  });

  it('lets readers read, writers write, and a user limited to some sites write only rules for their sites', async () => {
    const fx = estateFixtures(t);
    const mine = await fx.site(admin);
    const other = await fx.site(admin);
    const engineer = await t.userWith(admin, ['engineer']);
    expect((await t.call(engineer, { method: 'GET', url: '/api/v1/alert-rules' })).statusCode).toBe(200);
    expect((await t.call(engineer, { method: 'GET', url: '/api/v1/alert-rules/export' })).statusCode).toBe(200);
    expect((await post(rule(), engineer)).statusCode).toBe(403);

    const scoped = await t.userWith(admin, ['dispatcher'], [mine.id]);
    expect(await refused(await post(rule(), scoped))).toEqual([['body.scope.sites', 'required']]);
    expect(await refused(await post(rule({ scope: { sites: [mine.code, other.code] } }), scoped))).toEqual([['body.scope.sites.1', 'unknownSite']]);
    const own = await post(rule({ scope: { sites: [mine.code] } }), scoped);
    expect(own.statusCode, own.body).toBe(200);
    expect((await t.call(scoped, { method: 'PATCH', url: `/api/v1/alert-rules/${own.json().id}`, payload: { enabled: false } })).statusCode).toBe(200);

    const global = await byKey('server-cpu-high');
    const refusedEdit = await t.call(scoped, { method: 'PATCH', url: `/api/v1/alert-rules/${global.id}`, payload: { enabled: false } });
    expect(refusedEdit.statusCode).toBe(403);
    expect(refusedEdit.json().error.code).toBe('RULE_OUTSIDE_YOUR_SITES');
    expect((await byKey('server-cpu-high')).enabled).toBe(1);
  });
});
