import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { uid } from '../../../testing/sample.ts';
import type { AlertState } from '../alerting.tables.ts';
import type { Matcher } from '../matchers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeEachDatabase('silences on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  /** an engineer (alerts:read, alerts:ack) who sees site A only */
  let scoped: Caller;
  /** alerts:read and nothing else */
  let reader: Caller;
  const siteA = { id: '', code: `canteen-${uid()}` };
  const siteB = { id: '', code: `library-${uid()}` };

  const iso = (offsetMs: number) => new Date(t.clock.now() + offsetMs).toISOString();
  const create = (caller: Caller, payload: Record<string, unknown>) => t.call(caller, { method: 'POST', url: '/api/v1/silences', payload });
  const onSite = (code: string, ...more: Matcher[]): Matcher[] => [{ name: 'site', op: '=', value: code }, ...more];
  async function created(caller: Caller, payload: Record<string, unknown>) {
    const res = await create(caller, { endsAt: iso(HOUR), comment: '更换打印机', ...payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; state: string; startsAt: string; endsAt: string };
  }
  const problems = (res: { json(): unknown }) => (res.json() as { error: { details: { field: string; code: string }[] } }).error.details.map((d) => `${d.field} ${d.code}`);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    for (const site of [siteA, siteB]) site.id = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: site.code, name: site.code } })).json().id;
    scoped = await t.userWith(admin, ['engineer'], [siteA.id]);
    const role = `reader-${uid()}`;
    await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: role, name: '只读', permissions: ['alerts:read'] } });
    reader = await t.userWith(admin, [role]);
  });
  afterAll(async () => t.close());

  it('creates a silence, shows it with its state and creator, and audits it', async () => {
    const res = await create(admin, { matchers: onSite(siteA.code, { name: 'device', op: '=~', value: 'POS-.*' }), startsAt: iso(-HOUR), endsAt: iso(2 * HOUR), comment: '一食堂消费机升级' });
    expect(res.statusCode, res.body).toBe(200);
    const silence = res.json();
    // a start in the past starts now
    expect(silence).toMatchObject({ state: 'active', startsAt: iso(0), endsAt: iso(2 * HOUR), comment: '一食堂消费机升级', createdBy: admin.userId });
    expect(silence.createdByName).toEqual(expect.any(String));
    expect(silence.matchers).toEqual(onSite(siteA.code, { name: 'device', op: '=~', value: 'POS-.*' }));
    expect((await t.call(reader, { method: 'GET', url: `/api/v1/silences/${silence.id}` })).json()).toEqual(silence);
    const audit = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${silence.id}&action=silence.create` })).json().items;
    expect(audit).toHaveLength(1);
    expect(audit[0].after.comment).toBe('一食堂消费机升级');
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/silences/nope' })).statusCode).toBe(404);
  });

  it('refuses matchers that do not compile, could run away, or select everything, naming the field', async () => {
    const bad = (matchers: unknown) => create(admin, { matchers, endsAt: iso(HOUR), comment: 'x' });
    expect(problems(await bad(onSite(siteA.code, { name: 'device', op: '=~', value: 'POS-(' })))).toEqual(['matchers.1.value regexInvalid']);
    expect(problems(await bad([{ name: 'device', op: '=~', value: '(a+)+$' }]))).toEqual(['matchers.0.value regexCatastrophic']);
    expect(problems(await bad([]))).toEqual(['body.matchers minItems']);
    expect(problems(await bad(Array.from({ length: 21 }, () => ({ name: 'site', op: '=', value: siteA.code }))))).toEqual(['body.matchers maxItems']);
    expect(problems(await bad([{ name: '1site', op: '=', value: 'x' }]))).toEqual(['body.matchers.0.name pattern']);
    expect(problems(await bad([{ name: 'site', op: '==', value: 'x' }]))).toEqual(['body.matchers.0.op enum']);
    for (const everything of [[{ name: 'alertname', op: '=~', value: '.*' }], [{ name: 'alertname', op: '=~', value: '.+' }], [{ name: 'site', op: '!=', value: siteA.code }], [{ name: 'site', op: '=', value: '' }]]) {
      const res = await bad(everything);
      expect(res.statusCode, JSON.stringify(everything)).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'SILENCE_TOO_BROAD', details: { field: 'matchers' } });
    }
  });

  it('refuses bad times and a missing comment', async () => {
    const matchers = onSite(siteA.code);
    expect(problems(await create(admin, { matchers, startsAt: iso(2 * HOUR), endsAt: iso(HOUR), comment: 'x' }))).toEqual(['endsAt rangeOrder']);
    expect(problems(await create(admin, { matchers, endsAt: iso(-HOUR), comment: 'x' }))).toEqual(['endsAt future']);
    expect(problems(await create(admin, { matchers, endsAt: iso(367 * DAY), comment: 'x' }))).toEqual(['endsAt rangeTooLong']);
    expect(problems(await create(admin, { matchers, endsAt: 'tomorrow', comment: 'x' }))).toEqual(['body.endsAt format']);
    expect(problems(await create(admin, { matchers, endsAt: iso(HOUR) }))).toEqual(['body.comment required']);
    expect(problems(await create(admin, { matchers, endsAt: iso(HOUR), comment: '' }))).toEqual(['body.comment minLength']);
    expect(problems(await create(admin, { matchers, endsAt: iso(HOUR), comment: '   ' }))).toEqual(['comment required']);
    expect(problems(await create(admin, { matchers, comment: 'x' }))).toEqual(['body.endsAt required']);
    // a leap second, which the date-time format allows, is the instant after 23:59:59
    expect((await create(admin, { matchers, endsAt: '2026-12-31T23:59:60Z', comment: 'x' })).json().endsAt).toBe('2027-01-01T00:00:00.000Z');
    // a year is allowed
    expect((await create(admin, { matchers, endsAt: iso(365 * DAY), comment: 'x' })).statusCode).toBe(200);
  });

  it('lets a user limited to some sites silence only their sites, and see only those silences', async () => {
    const refused = async (matchers: Matcher[]) => {
      const res = await create(scoped, { matchers, endsAt: iso(HOUR), comment: 'x' });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'SILENCE_OUTSIDE_SCOPE', details: { field: 'matchers', siteCodes: [siteA.code] } });
    };
    await refused([{ name: 'device', op: '=', value: 'POS-1' }]);
    await refused(onSite(siteB.code));
    await refused([{ name: 'site', op: '=~', value: siteA.code }]);
    const own = await created(scoped, { matchers: onSite(siteA.code, { name: 'device', op: '=', value: 'POS-1' }) });
    const theirs = await created(admin, { matchers: onSite(siteB.code) });
    const everywhere = await created(admin, { matchers: [{ name: 'alertname', op: '=', value: 'ups-on-battery' }] });

    const listed: string[] = (await t.call(scoped, { method: 'GET', url: '/api/v1/silences?limit=200' })).json().items.map((s: { id: string }) => s.id);
    expect(listed).toContain(own.id);
    expect(listed).not.toContain(theirs.id);
    expect(listed).not.toContain(everywhere.id);
    const all: string[] = (await t.call(admin, { method: 'GET', url: '/api/v1/silences?limit=200' })).json().items.map((s: { id: string }) => s.id);
    expect(all).toEqual(expect.arrayContaining([own.id, theirs.id, everywhere.id]));

    for (const id of [theirs.id, everywhere.id]) {
      expect((await t.call(scoped, { method: 'GET', url: `/api/v1/silences/${id}` })).statusCode).toBe(404);
      expect((await t.call(scoped, { method: 'POST', url: `/api/v1/silences/${id}/expire` })).statusCode).toBe(404);
      expect((await t.call(scoped, { method: 'PATCH', url: `/api/v1/silences/${id}`, payload: { comment: 'mine now' } })).statusCode).toBe(404);
    }
    // nor can they widen their own beyond their sites
    const widened = await t.call(scoped, { method: 'PATCH', url: `/api/v1/silences/${own.id}`, payload: { matchers: [{ name: 'device', op: '=', value: 'POS-1' }] } });
    expect(widened.statusCode).toBe(403);
    expect((await t.call(scoped, { method: 'POST', url: `/api/v1/silences/${own.id}/expire` })).statusCode).toBe(200);
  });

  it('lets a user with alerts:read look but not silence', async () => {
    const res = await create(reader, { matchers: onSite(siteA.code), endsAt: iso(HOUR), comment: 'x' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toEqual({ permission: 'alerts:ack' });
    const id = (await created(admin, { matchers: onSite(siteA.code) })).id;
    expect((await t.call(reader, { method: 'POST', url: `/api/v1/silences/${id}/expire` })).statusCode).toBe(403);
    expect((await t.call(reader, { method: 'PATCH', url: `/api/v1/silences/${id}`, payload: { comment: 'y' } })).statusCode).toBe(403);
    expect((await t.call(reader, { method: 'GET', url: '/api/v1/silences' })).statusCode).toBe(200);
    expect((await t.call(reader, { method: 'POST', url: '/api/v1/silences/preview', payload: { matchers: onSite(siteA.code) } })).statusCode).toBe(200);
  });

  it('expires a silence now, once', async () => {
    const active = await created(admin, { matchers: onSite(siteA.code) });
    t.clock.advance(60_000);
    const res = await t.call(admin, { method: 'POST', url: `/api/v1/silences/${active.id}/expire` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'expired', startsAt: active.startsAt, endsAt: iso(0) });
    const again = await t.call(admin, { method: 'POST', url: `/api/v1/silences/${active.id}/expire` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SILENCE_EXPIRED');
    const changed = await t.call(admin, { method: 'PATCH', url: `/api/v1/silences/${active.id}`, payload: { endsAt: iso(HOUR) } });
    expect(changed.json().error.code).toBe('SILENCE_EXPIRED');

    // one that had not started ends before it began
    const pending = await created(admin, { matchers: onSite(siteA.code), startsAt: iso(HOUR), endsAt: iso(2 * HOUR) });
    expect(pending.state).toBe('pending');
    expect((await t.call(admin, { method: 'POST', url: `/api/v1/silences/${pending.id}/expire` })).json()).toMatchObject({ state: 'expired', startsAt: iso(0), endsAt: iso(0) });
    const audit = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${active.id}&action=silence.expire` })).json().items;
    expect(audit).toHaveLength(1);
    expect(audit[0].before.state).toBe('active');
    expect(audit[0].after.state).toBe('expired');
  });

  it('extends and changes a silence; its start moves only before it starts', async () => {
    const active = await created(admin, { matchers: onSite(siteA.code) });
    const extended = await t.call(admin, { method: 'PATCH', url: `/api/v1/silences/${active.id}`, payload: { endsAt: iso(5 * HOUR), comment: '延长到晚上' } });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json()).toMatchObject({ state: 'active', endsAt: iso(5 * HOUR), comment: '延长到晚上' });
    const moved = await t.call(admin, { method: 'PATCH', url: `/api/v1/silences/${active.id}`, payload: { startsAt: iso(HOUR) } });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().error).toMatchObject({ code: 'SILENCE_STARTED', details: { field: 'startsAt' } });
    expect(problems(await t.call(admin, { method: 'PATCH', url: `/api/v1/silences/${active.id}`, payload: { endsAt: iso(-1000) } }))).toEqual(['endsAt future']);
    expect(problems(await t.call(admin, { method: 'PATCH', url: `/api/v1/silences/${active.id}`, payload: { matchers: [{ name: 'x', op: '=~', value: '(a+)+$' }] } }))).toEqual(['matchers.0.value regexCatastrophic']);
    expect(problems(await t.call(admin, { method: 'PATCH', url: `/api/v1/silences/${active.id}`, payload: {} }))).toEqual(['body minProperties']);

    const pending = await created(admin, { matchers: onSite(siteA.code), startsAt: iso(HOUR), endsAt: iso(2 * HOUR) });
    const later = await t.call(admin, { method: 'PATCH', url: `/api/v1/silences/${pending.id}`, payload: { startsAt: iso(90 * 60_000) } });
    expect(later.json()).toMatchObject({ state: 'pending', startsAt: iso(90 * 60_000) });
    expect(problems(await t.call(admin, { method: 'PATCH', url: `/api/v1/silences/${pending.id}`, payload: { startsAt: iso(3 * HOUR) } }))).toEqual(['endsAt rangeOrder']);

    const audit = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${active.id}&action=silence.update` })).json().items;
    expect(audit).toHaveLength(1);
    expect(audit[0].before.endsAt).toBe(active.endsAt);
    expect(audit[0].after.endsAt).toBe(iso(5 * HOUR));
  });

  it('lists by state, latest end first, a page at a time', async () => {
    const marker = `filter-${uid()}`;
    const matchers = onSite(siteA.code, { name: 'batch', op: '=', value: marker });
    const pending = await created(admin, { matchers, startsAt: iso(HOUR), endsAt: iso(3 * HOUR) });
    const active = await created(admin, { matchers, endsAt: iso(2 * HOUR) });
    const expired = await created(admin, { matchers, endsAt: iso(HOUR) });
    await t.call(admin, { method: 'POST', url: `/api/v1/silences/${expired.id}/expire` });
    const ours = async (query: string) => {
      const res = await t.call(admin, { method: 'GET', url: `/api/v1/silences?limit=200${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: string; matchers: Matcher[] }[]).filter((s) => s.matchers.some((m) => m.value === marker)).map((s) => s.id);
    };
    expect(await ours('')).toEqual([pending.id, active.id, expired.id]);
    expect(await ours('&state=active')).toEqual([active.id]);
    expect(await ours('&state=pending,expired')).toEqual([pending.id, expired.id]);
    expect(problems(await t.call(admin, { method: 'GET', url: '/api/v1/silences?state=active,over' }))).toEqual(['querystring.state pattern']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await t.call(admin, { method: 'GET', url: `/api/v1/silences?limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining([pending.id, active.id, expired.id]));
    expect(new Set(seen).size).toBe(seen.length);
    expect(problems(await t.call(admin, { method: 'GET', url: '/api/v1/silences?cursor=abc' }))).toEqual(['querystring.cursor cursor']);

    // a scoped user's pages skip what they may not see and still fill up
    const scopedPage = (await t.call(scoped, { method: 'GET', url: '/api/v1/silences?limit=1' })).json();
    expect(scopedPage.items).toHaveLength(1);
    expect(scopedPage.items[0].matchers).toContainEqual({ name: 'site', op: '=', value: siteA.code });
  });

  it('previews how many open alerts some matchers select, among those the caller may see', async () => {
    const batch = `preview-${uid()}`;
    async function alert(site: { id: string; code: string }, device: string, state: AlertState = 'firing'): Promise<string> {
      const id = newId();
      const now = t.clock.now();
      const labels = { alertname: 'pos-silent', level: '2', source: 'rule', site: site.code, device, device_type: 'pos', batch };
      await t.db.kysely
        .insertInto('alerts')
        .values({
          id, fingerprint: `${batch}-${id}`, rule_id: null, source: 'rule', name: 'pos-silent', state, level: 2, rule_level: 2, level_reason: null,
          labels: JSON.stringify(labels), annotations: '{}', detail: '{"code":"absence","values":{}}', site_id: site.id, device_id: null,
          subsystem: 'consumption', parent_id: null, group_key: '{}', value: null, threshold: null, active_at: now, fires_at: null, fired_at: now,
          acknowledged_at: null, acknowledged_by: null, resolved_at: state === 'resolved' ? now : null, resolved_by: null, clear_since: null,
          flapping: 0, suppressed_by: null, external_id: null, external_url: null, created_at: now, updated_at: now,
        })
        .execute();
      return id;
    }
    const a1 = await alert(siteA, 'POS-1');
    const a2 = await alert(siteA, 'POS-2', 'acknowledged');
    const a3 = await alert(siteA, 'POS-3', 'pending');
    await alert(siteA, 'POS-4', 'resolved');
    await alert(siteA, 'GATE-1');
    const b1 = await alert(siteB, 'POS-9');

    const preview = (caller: Caller, matchers: Matcher[]) => t.call(caller, { method: 'POST', url: '/api/v1/silences/preview', payload: { matchers } });
    const pos = (...more: Matcher[]): Matcher[] => [{ name: 'batch', op: '=', value: batch }, { name: 'device', op: '=~', value: 'POS-.*' }, ...more];
    const res = await preview(admin, pos({ name: 'site', op: '=', value: siteA.code }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ matched: 3, alertIds: [a3, a2, a1] });
    expect((await preview(admin, pos())).json()).toEqual({ matched: 4, alertIds: [b1, a3, a2, a1] });
    expect((await preview(scoped, pos())).json()).toEqual({ matched: 3, alertIds: [a3, a2, a1] });
    expect((await preview(admin, [{ name: 'batch', op: '=', value: 'no-such-batch' }])).json()).toEqual({ matched: 0, alertIds: [] });
    expect(problems(await preview(admin, pos({ name: 'device', op: '=~', value: '(a+)+$' })))).toEqual(['matchers.2.value regexCatastrophic']);
    // it writes nothing
    const before = await t.auditCount();
    await preview(admin, pos());
    expect(await t.auditCount()).toBe(before);
  });
});
