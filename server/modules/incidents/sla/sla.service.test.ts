import { afterAll, beforeAll, expect, it } from 'vitest';
import { DomainError } from '../../../errors.ts';
import { createTestApp, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { systemContext, type RequestContext } from '../../auth/index.ts';
import { ROUND_THE_CLOCK } from '../../calendar/index.ts';
import { DEFAULT_SLA_CALENDARS, DEFAULT_SLA_POLICY_NAME } from './sla-policy.ts';
import { createSlaService, type SlaService } from './sla.service.ts';

/**
 * The SLA service on a real database: issue 11's defaults seeded once, the policy an incident's site runs on, the
 * preview's due instants around National Day 2026, optimistic concurrency, and calendars in use.
 */
const system = systemContext('test');
const scoped: RequestContext = { ...system, actor: { ...system.actor, siteIds: ['somewhere'] } };

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describeEachDatabase('SLA service on %s', (dialect) => {
  let t: TestApp;
  let sla: SlaService;
  let defaultPolicyId: string;
  let ids: { workingDays: string; roundTheClock: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(Date.parse('2026-11-16T02:00:00Z'));
    sla = createSlaService({ db: t.db, clock: t.clock, config: t.config, audit: t.services.audit, signer: t.signer, events: t.services.events });
    await sla.ensureDefaults(system);
    const calendars = (await sla.listCalendars(system)).items;
    ids = {
      workingDays: calendars.find((c) => c.name === DEFAULT_SLA_CALENDARS.workingDays.name)!.id,
      roundTheClock: calendars.find((c) => c.name === DEFAULT_SLA_CALENDARS.roundTheClock.name)!.id,
    };
    defaultPolicyId = (await sla.listPolicies(system)).items.find((p) => p.name === DEFAULT_SLA_POLICY_NAME)!.id;
  });
  afterAll(async () => t.close());

  it("seeds issue 11's calendars and policy on a new database, once", async () => {
    const calendars = (await sla.listCalendars(system)).items;
    expect(calendars.map((c) => c.name).sort()).toEqual(['7×24', '工作日']);
    expect(calendars.find((c) => c.id === ids.roundTheClock)!.calendar).toEqual({ ...ROUND_THE_CLOCK, weekly: { ...ROUND_THE_CLOCK.weekly } });
    expect(calendars.find((c) => c.id === ids.workingDays)!.calendar).toMatchObject({ zone: 'Asia/Shanghai', chinaHolidays: true, weekly: { mon: [['09:00', '18:00']], sat: [] } });
    expect(calendars.find((c) => c.id === ids.workingDays)!.usedBy).toEqual([{ id: defaultPolicyId, name: DEFAULT_SLA_POLICY_NAME }]);

    const policy = await sla.getPolicy(system, defaultPolicyId);
    expect(policy).toMatchObject({ warnShare: 0.75, siteIds: null, version: 1 });
    expect(policy.targets['3'].on_site).toEqual({ target: { businessDays: 1 }, calendarId: ids.workingDays });
    expect(policy.targets['1'].resolve).toEqual({ target: { minutes: 240 }, calendarId: ids.roundTheClock });

    const audits = await t.auditCount();
    expect(await sla.ensureDefaults(system)).toBeNull();
    expect((await sla.listCalendars(system)).items).toHaveLength(2);
    expect((await sla.listPolicies(system)).items).toHaveLength(1);
    expect(await t.auditCount()).toBe(audits);
  });

  it('previews the default targets for an incident opened at 16:30 on Friday 2026-10-09: the make-up Saturday counts', async () => {
    const preview = await sla.preview(system, defaultPolicyId, '2026-10-09T08:30:00Z');
    const due = Object.fromEntries(preview.levels.flatMap((l) => l.targets.map((x) => [`${l.level}.${x.clock}`, x.dueAt])));
    expect(due).toEqual({
      '1.respond': '2026-10-09T09:00:00.000Z', // 17:00
      '1.on_site': '2026-10-09T09:30:00.000Z',
      '1.resolve': '2026-10-09T12:30:00.000Z',
      '2.respond': '2026-10-09T09:00:00.000Z',
      '2.on_site': '2026-10-09T12:30:00.000Z',
      '2.resolve': '2026-10-10T07:30:00.000Z', // 8 business hours: 1.5 on Friday, 6.5 on the make-up Saturday → 15:30
      '3.respond': '2026-10-10T01:30:00.000Z', // 09:30 Saturday, not Monday
      '3.on_site': '2026-10-10T10:00:00.000Z', // close of the next business day: 18:00 Saturday
      '3.resolve': '2026-10-13T10:00:00.000Z', // Saturday, Monday, Tuesday → 18:00 Tuesday
    });
    // 75 % of 2 business hours is 90 minutes: Friday's close
    expect(preview.levels[2]!.targets[0]).toMatchObject({ calendarName: '工作日', warnAt: '2026-10-09T10:00:00.000Z' });

    const one = await sla.preview(system, defaultPolicyId, '2026-09-30T09:00:00Z', '3');
    expect(one.levels.map((l) => l.level)).toEqual(['3']);
    // 17:00 on the eve of National Day: one business day is 18:00 on Thursday 10-08
    expect(one.levels[0]!.targets.find((x) => x.clock === 'on_site')!.dueAt).toBe('2026-10-08T10:00:00.000Z');

    expect(await refusal(sla.preview(system, defaultPolicyId, '1900-01-01T00:00:00Z'))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await refusal(sla.preview(system, 'nope', '2026-10-09T08:30:00Z'))).toMatchObject({ status: 404 });
  });

  it('picks the first policy by position that covers the site', async () => {
    const site = (await t.services.sites.create(system, { code: `sla-${dialect}`, name: 'SLA 站点' })).id;
    const other = (await t.services.sites.create(system, { code: `sla-other-${dialect}`, name: '其他站点' })).id;
    const base = await sla.getPolicy(system, defaultPolicyId);
    const vip = await sla.createPolicy(system, { name: `VIP-${dialect}`, targets: base.targets, siteIds: [site], position: 1, warnShare: 0.5 });
    expect((await sla.policyFor(t.db.kysely, site))?.id).toBe(vip.id);
    expect((await sla.policyFor(t.db.kysely, other))?.id).toBe(defaultPolicyId);
    // placed after the default, the site-specific one is never reached
    await sla.updatePolicy(system, vip.id, { name: vip.name, targets: base.targets, siteIds: [site], position: 50, version: vip.version });
    expect((await sla.policyFor(t.db.kysely, site))?.id).toBe(defaultPolicyId);
    await sla.removePolicy(system, vip.id);
  });

  it('writes at the version read only, and refuses unknown sites and calendars by field', async () => {
    const base = await sla.getPolicy(system, defaultPolicyId);
    const created = await sla.createPolicy(system, { name: `版本-${dialect}`, targets: base.targets });
    expect(created.position).toBeGreaterThan(base.position);
    const updated = await sla.updatePolicy(system, created.id, { name: created.name, targets: base.targets, warnShare: 0.8, version: 1 });
    expect(updated).toMatchObject({ version: 2, warnShare: 0.8, position: created.position });
    expect(await refusal(sla.updatePolicy(system, created.id, { name: created.name, targets: base.targets, version: 1 }))).toMatchObject({ status: 409, code: 'SLA_POLICY_CHANGED', details: { version: 2 } });
    expect(await refusal(sla.removePolicy(system, created.id, 1))).toMatchObject({ status: 409, code: 'SLA_POLICY_CHANGED' });

    const bad = await refusal(
      sla.createPolicy(system, { name: `坏-${dialect}`, siteIds: ['no-such-site'], targets: { ...base.targets, '2': { ...base.targets['2'], resolve: { target: { minutes: 480 }, calendarId: 'no-such-calendar' } } } }),
    );
    expect(bad.status).toBe(400);
    expect((bad.details as { field: string; code: string }[]).map((p) => `${p.field}:${p.code}`).sort()).toEqual(['siteIds.0:unknownSite', 'targets.2.resolve.calendarId:enum']);
    expect(await refusal(sla.createPolicy(system, { name: DEFAULT_SLA_POLICY_NAME, targets: base.targets }))).toMatchObject({ status: 400, details: [{ field: 'name', code: 'nameTaken' }] });
    await sla.removePolicy(system, created.id, 2);
  });

  it('keeps a calendar in use, and lets only a user who sees every site change calendars and policies', async () => {
    const inUse = await refusal(sla.removeCalendar(system, ids.workingDays));
    expect(inUse).toMatchObject({ status: 409, code: 'SLA_CALENDAR_IN_USE', details: { policies: [{ id: defaultPolicyId, name: DEFAULT_SLA_POLICY_NAME }] } });

    const spare = await sla.createCalendar(system, { name: `校历-${dialect}`, calendar: { zone: 'Asia/Shanghai', weekly: { mon: [['08:30', '17:30']] }, chinaHolidays: true, customDates: { '2026-07-15': { working: false } } } });
    const edited = await sla.updateCalendar(system, spare.id, { name: spare.name, calendar: { ...spare.calendar, chinaHolidays: false }, version: spare.version });
    expect(edited).toMatchObject({ version: 2, calendar: { chinaHolidays: false, customDates: { '2026-07-15': { working: false } } } });
    expect(await refusal(sla.updateCalendar(system, spare.id, { name: spare.name, calendar: spare.calendar, version: 1 }))).toMatchObject({ status: 409, code: 'SLA_CALENDAR_CHANGED' });

    expect(await refusal(sla.createCalendar(scoped, { name: 'x', calendar: ROUND_THE_CLOCK }))).toMatchObject({ status: 409, code: 'SCOPE_TOO_NARROW' });
    expect(await refusal(sla.removeCalendar(scoped, spare.id))).toMatchObject({ status: 409, code: 'SCOPE_TOO_NARROW' });
    expect((await sla.listCalendars(scoped)).items.length).toBeGreaterThan(0);

    await sla.removeCalendar(system, spare.id, 2);
    expect(await refusal(sla.getCalendar(system, spare.id))).toMatchObject({ status: 404 });
  });
});
