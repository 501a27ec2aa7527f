import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/databases.ts';
import { describeEachDatabase } from '../testing/each-database.ts';
import { migrateTo } from './migrator.ts';

/** The sentences health reasons were stored as before migration 003, and what each becomes. */
const CONVERSIONS: [string, unknown][] = [
  ['on battery power', { code: 'onBattery', values: {} }],
  ['reports status paper_out', { code: 'status', values: { status: 'paper_out' } }],
  ['degraded', { code: 'degraded', values: {} }],
  ['recovered', { code: 'recovered', values: {} }],
  ['first report', { code: 'firstReport', values: {} }],
  ['reporting again', { code: 'reportingAgain', values: {} }],
  ['silent for 17 min', { code: 'silent', values: { minutes: 17 } }],
  // An operator's note, with what JSON must escape.
  ['换读卡器 "A\\B"\n第二行', { code: 'operator', values: { note: '换读卡器 "A\\B"\n第二行' } }],
];

describeEachDatabase('migration 003 (health reasons as codes) on %s', (dialect) => {
  let t: TestDb;
  afterEach(async () => t?.destroy());

  it('converts every stored sentence and note to a code with values, and back down', async () => {
    t = await createTestDb(dialect, { migrate: false });
    await migrateTo(t.db, '2026-11-29-002-estate-telemetry');
    const k = t.db.kysely;
    await sql`insert into sites (id, code, name, timezone, created_at, updated_at) values ('s1', 'c1', 'n', 'Asia/Shanghai', 1, 1)`.execute(k);
    for (const [i, [sentence]] of CONVERSIONS.entries()) {
      await sql`insert into devices (id, code, name, type, site_id, subsystem, health, health_since, health_reason, created_at, updated_at)
        values (${`d${i}`}, ${`D-${i}`}, 'n', 'pos', 's1', 'consumption', 'online', 1, ${sentence}, 1, 1)`.execute(k);
      await sql`insert into device_health_history (id, device_id, at, health, reason) values (${`h${i}`}, ${`d${i}`}, 1, 'online', ${sentence})`.execute(k);
    }
    await sql`insert into devices (id, code, name, type, site_id, subsystem, health, health_since, health_reason, created_at, updated_at)
      values ('dn', 'D-NULL', 'n', 'pos', 's1', 'consumption', 'unknown', 1, null, 1, 1)`.execute(k);

    await migrateTo(t.db, '2026-11-30-003-health-reasons');
    const devices = await sql<{ id: string; health_reason: string | null }>`select id, health_reason from devices order by id`.execute(k);
    const history = await sql<{ id: string; reason: string | null }>`select id, reason from device_health_history order by id`.execute(k);
    for (const [i, [sentence, reason]] of CONVERSIONS.entries()) {
      expect(JSON.parse(devices.rows.find((r) => r.id === `d${i}`)!.health_reason!), sentence).toEqual(reason);
      expect(JSON.parse(history.rows.find((r) => r.id === `h${i}`)!.reason!), sentence).toEqual(reason);
    }
    expect(devices.rows.find((r) => r.id === 'dn')!.health_reason).toBeNull();

    await migrateTo(t.db, '2026-11-29-002-estate-telemetry');
    const back = await sql<{ id: string; health_reason: string | null }>`select id, health_reason from devices order by id`.execute(k);
    for (const [i, [sentence]] of CONVERSIONS.entries()) expect(back.rows.find((r) => r.id === `d${i}`)!.health_reason).toBe(sentence);
  });
});
