import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

/** Rosters and escalation policies through the API: bad input refused by field with nothing half-saved, the calendar, .ics. */
const NOW = Date.parse('2026-09-28T02:00:00Z'); // Monday before the 2026 National Day holiday, 10:00 in Shanghai

describeEachDatabase('oncall API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let a: Caller & { username: string };
  let b: Caller & { username: string };
  let consoleId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(NOW);
    admin = await t.loginAdmin();
    consoleId = await t.services.channels.ensureBuiltin();
    a = await t.userWith(admin, ['engineer']);
    b = await t.userWith(admin, ['engineer']);
  });
  afterAll(async () => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => t.call(admin, { method, url, payload });
  const rosters = async () => Number((await t.db.kysely.selectFrom('rosters').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const fields = (res: { json(): { error: { details: { field: string; code: string }[] } } }) => res.json().error.details.map((d) => `${d.field}:${d.code}`).sort();

  it('refuses a roster with bad times, zones, dates or people, naming each field, and saves nothing', async () => {
    const before = await rosters();
    const res = await call('POST', '/api/v1/rosters', {
      name: '坏的值班表',
      zone: 'Asia/Beijing',
      layers: [{ name: 'x', rotation: { kind: 'custom', handover: '25:00', startDate: '2026-02-30', participants: ['nobody'] } }],
    });
    expect(res.statusCode, res.body).toBe(400);
    const named = fields(res);
    expect(named).toEqual(expect.arrayContaining(['zone:timeZone', 'layers.0.rotation.handover:hhmm', 'layers.0.rotation.startDate:calendarDate', 'layers.0.rotation.participants.0:unknownUser']));
    expect(named.some((f) => f.startsWith('layers.0.rotation.shiftHours'))).toBe(true);
    expect(await rosters()).toBe(before);
  });

  it('answers who is on duty now and next, the calendar across the National Day holiday with its leader, and an .ics feed', async () => {
    const created = await call('POST', '/api/v1/rosters', {
      name: '国庆值班',
      hotline: '0571-88886666',
      layers: [{ name: '工程师', rotation: { kind: 'daily', handover: '08:30', startDate: '2026-09-28', participants: [a.userId, b.userId] } }],
      holidays: [{ date: '2026-10-01', leaderUserId: admin.userId, userIds: null }],
    });
    expect(created.statusCode, created.body).toBe(200);
    const roster = created.json();
    expect(roster.duty.now).toMatchObject({ userIds: [a.userId], source: 'rotation' });
    expect(roster.duty.next).toMatchObject({ userIds: [b.userId] });
    // Holidays of the week without a leader are warned about, not refused.
    expect(roster.warnings.filter((w: { code: string }) => w.code === 'holidayWithoutLeader').length).toBeGreaterThan(0);

    const at = await call('GET', `/api/v1/rosters/${roster.id}/on-duty?at=2026-10-01T04:00:00Z`);
    expect(at.json().now).toMatchObject({ leaderUserId: admin.userId, holiday: { date: '2026-10-01', name: expect.any(String) } });

    const shifts = await call('GET', `/api/v1/rosters/${roster.id}/shifts?from=2026-09-28T00:00:00Z&to=2026-10-08T00:00:00Z`);
    expect(shifts.statusCode).toBe(200);
    expect(shifts.json().items.some((s: { leaderUserId: string | null }) => s.leaderUserId === admin.userId)).toBe(true);
    const tooLong = await call('GET', `/api/v1/rosters/${roster.id}/shifts?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z`);
    expect(tooLong.statusCode).toBe(400);
    expect(fields(tooLong)).toEqual(['querystring.to:rangeTooLong']);

    const ics = await call('GET', `/api/v1/rosters/${roster.id}/calendar.ics?userId=${a.userId}`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics.body).toContain('BEGIN:VEVENT');
  });

  it('takes an override, refuses one overlapping it for the same person, and deletes it', async () => {
    const roster = (await call('POST', '/api/v1/rosters', { name: '替班测试', layers: [{ name: 'x', rotation: { kind: 'weekly', handover: '08:30', startDate: '2026-09-28', participants: [a.userId] } }] })).json();
    const cover = { userId: b.userId, replacesUserId: a.userId, startAt: '2026-09-29T00:00:00Z', endAt: '2026-09-30T00:00:00Z', reason: '调休' };
    const first = await call('POST', `/api/v1/rosters/${roster.id}/overrides`, cover);
    expect(first.statusCode, first.body).toBe(200);
    const overlap = await call('POST', `/api/v1/rosters/${roster.id}/overrides`, { ...cover, startAt: '2026-09-29T12:00:00Z', endAt: '2026-09-30T12:00:00Z' });
    expect(overlap.statusCode).toBe(400);
    expect(fields(overlap).some((f) => f.endsWith(':overrideOverlap'))).toBe(true);
    const backwards = await call('POST', `/api/v1/rosters/${roster.id}/overrides`, { ...cover, startAt: '2026-10-09T00:00:00Z', endAt: '2026-10-08T00:00:00Z' });
    expect(backwards.statusCode).toBe(400);
    expect((await call('GET', `/api/v1/rosters/${roster.id}/on-duty?at=2026-09-29T04:00:00Z`)).json().now).toMatchObject({ userIds: [b.userId], source: 'override' });
    expect((await call('DELETE', `/api/v1/rosters/${roster.id}/overrides/${first.json().id}`)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/rosters/${roster.id}/overrides`)).json().items).toEqual([]);
  });

  it('refuses a policy naming channels, people, rosters or roles that do not exist, and a roster in use cannot be deleted', async () => {
    const bad = await call('POST', '/api/v1/escalation-policies', {
      name: '坏策略',
      levels: [1],
      steps: [{ targets: [{ kind: 'user', userId: 'ghost' }, { kind: 'roster', rosterId: 'ghost' }, { kind: 'role', roleId: 'ghost' }], channelIds: ['ghost'], waitMinutes: 5 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['steps.0.channelIds.0:unknownChannel', 'steps.0.targets.0.userId:unknownUser', 'steps.0.targets.1.rosterId:unknownRoster', 'steps.0.targets.2.roleId:unknownRole']);
    const shape = await call('POST', '/api/v1/escalation-policies', { name: 'x', levels: [4], steps: [{ targets: [{ kind: 'pager', id: 1 }], channelIds: [consoleId], waitMinutes: 0 }] });
    expect(shape.statusCode).toBe(400);

    const roster = (await call('POST', '/api/v1/rosters', { name: '被使用', layers: [{ name: 'x', rotation: { kind: 'daily', handover: '08:30', startDate: '2026-09-28', participants: [a.userId] } }] })).json();
    const policy = await call('POST', '/api/v1/escalation-policies', { name: '使用值班表', levels: [1, 2], steps: [{ targets: [{ kind: 'roster', rosterId: roster.id, include: 'both' }], channelIds: [consoleId], waitMinutes: 5 }] });
    expect(policy.statusCode, policy.body).toBe(200);
    expect(policy.json().steps[0].targets[0]).toEqual({ kind: 'roster', rosterId: roster.id, include: 'both' });
    const inUse = await call('DELETE', `/api/v1/rosters/${roster.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('ROSTER_IN_USE');
    // Engineers read rosters but do not change them.
    expect((await t.call(a, { method: 'GET', url: '/api/v1/rosters' })).statusCode).toBe(200);
    expect((await t.call(a, { method: 'PATCH', url: `/api/v1/rosters/${roster.id}`, payload: { hotline: '110' } })).statusCode).toBe(403);
  });
});
