import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { uid } from '../../../testing/sample.ts';
import { newAlertRow } from './alert-writer.ts';

const DAY = 86_400_000;

describeEachDatabase('alert retention on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_ALERT_RETENTION_DAYS: '30' });
  });
  afterAll(async () => t.close());

  const alert = async (state: 'firing' | 'resolved', resolvedDaysAgo: number | null) => {
    const now = t.clock.now();
    const row = newAlertRow(
      { fingerprint: `r-${uid()}`, rule_id: null, source: 'alertmanager', name: 'Old', state, level: 3, labels: '{}', detail: '{"code":"external","values":{}}', site_id: null, device_id: null, subsystem: null, parent_id: null, group_key: 'g', value: null, threshold: null, fires_at: null, fired_at: now - 60 * DAY },
      now - 60 * DAY,
    );
    await t.db.kysely.insertInto('alerts').values({ ...row, resolved_at: resolvedDaysAgo === null ? null : now - resolvedDaysAgo * DAY }).execute();
    await t.db.kysely.insertInto('alert_events').values({ id: uid(), alert_id: row.id, at: now - 60 * DAY, kind: 'firing', actor_id: null, detail: null }).execute();
    return row.id;
  };

  it('deletes resolved alerts past the retention with their timelines, and keeps open and recent ones', async () => {
    const old = await alert('resolved', 31);
    const recent = await alert('resolved', 29);
    const open = await alert('firing', null);
    expect(await t.services.alerts.applyRetention()).toBe(1);
    const left = (await t.db.kysely.selectFrom('alerts').select('id').execute()).map((r) => r.id);
    expect(left).not.toContain(old);
    expect(left).toEqual(expect.arrayContaining([recent, open]));
    expect(await t.db.kysely.selectFrom('alert_events').select('id').where('alert_id', '=', old).execute()).toEqual([]);
  });
});
