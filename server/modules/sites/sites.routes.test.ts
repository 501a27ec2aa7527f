import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { uid } from '../../testing/sample.ts';

describeEachDatabase('site opening hours and description on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  it('stores a weekly schedule with every day, sorted; null means always open', async () => {
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/sites',
      payload: { code: `canteen-${uid()}`, name: '一食堂', description: '学生一食堂，三层', openingHours: { mon: [['17:00', '19:30'], ['06:30', '09:00']], sat: [['07:00', '24:00']] } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const site = res.json();
    expect(site.description).toBe('学生一食堂，三层');
    expect(site.openingHours).toEqual({ mon: [['06:30', '09:00'], ['17:00', '19:30']], tue: [], wed: [], thu: [], fri: [], sat: [['07:00', '24:00']], sun: [] });
    const cleared = await t.call(admin, { method: 'PATCH', url: `/api/v1/sites/${site.id}`, payload: { openingHours: null, description: '' } });
    expect(cleared.json()).toMatchObject({ openingHours: null, description: '' });
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/sites/${site.id}` })).json().openingHours).toBeNull();
    const plain = await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: `gate-${uid()}`, name: '西门' } });
    expect(plain.json()).toMatchObject({ openingHours: null, description: '' });
    const audit = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${site.id}&action=site.update` })).json().items[0];
    expect(audit.before.openingHours.mon).toHaveLength(2);
  });

  it('names the day and range of a bad schedule', async () => {
    const bad = async (openingHours: unknown) => {
      const res = await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: `bad-${uid()}`, name: 'x', openingHours } });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().error.details.map((d: { field: string }) => d.field);
    };
    expect(await bad({ mon: [['09:00', '08:00']] })).toEqual(['openingHours.mon[0]']);
    expect(await bad({ monday: [['08:00', '09:00']] })).toEqual(['openingHours.monday']);
    expect(await bad({ tue: [['8:00', '09:00']], wed: [['08:00', '12:00'], ['11:30', '13:00']] })).toEqual(['openingHours.tue[0]', 'openingHours.wed']);
    expect(await bad({ thu: 'always' })).toContain('body.openingHours.thu');
  });
});
