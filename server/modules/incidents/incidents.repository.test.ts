import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keysOf } from '../../db/keyset.ts';
import { createTestDb, type TestDb } from '../../testing/databases.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { incidentRow } from '../../testing/incidents.ts';
import { INCIDENTS_ORDER, incidentsRepository, type IncidentFilter } from './incidents.repository.ts';
import type { IncidentsTable } from './incidents.tables.ts';
import { INCIDENT_STATES, OPEN_STATES, type IncidentState, type Level } from './workflow/model.ts';

const T0 = Date.parse('2026-11-01T00:00:00Z');

const incident = (i: number, state: IncidentState, level: Level, createdAt: number, siteId: string): IncidentsTable =>
  incidentRow({ id: `01J${String(i).padStart(23, '0')}`, number: i + 1, title: `故障 ${i}`, site_id: siteId, impact: 'high', urgency: 'high', level, state, clocks: '{}', created_at: createdAt });

const newestFirst = (a: IncidentsTable, b: IncidentsTable) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The list reads several states one state at a time and merges them (incidents.repository.ts): paged through with its
 * cursor, it must give exactly the rows one query over all of them would, in the same order — with many incidents
 * opened in the same millisecond, so the id decides between them.
 */
describeEachDatabase('the incident list over several states on %s', (dialect) => {
  let t: TestDb;
  let rows: IncidentsTable[];

  beforeAll(async () => {
    t = await createTestDb(dialect);
    const states = [...INCIDENT_STATES];
    rows = Array.from({ length: 240 }, (_, i) => incident(i, states[(i * 7) % states.length]!, (((i * 5) % 3) + 1) as Level, T0 + ((i * 37) % 60) * 1000, i % 3 === 0 ? 'site-a' : 'site-b'));
    await t.db.kysely.insertInto('incidents').values(rows).execute();
  });
  afterAll(async () => {
    await t.destroy();
  });

  async function pageThrough(filter: IncidentFilter, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let after: ReturnType<typeof keysOf> | undefined;
    for (;;) {
      const page = await incidentsRepository.list(t.db.kysely, filter, { limit, ...(after && { after }) });
      seen.push(...page.map((r) => r.id));
      if (page.length < limit) return seen;
      after = keysOf(INCIDENTS_ORDER, page.at(-1)!);
    }
  }

  it('pages the open queue exactly as one sorted query would', async () => {
    const expected = rows.filter((r) => (OPEN_STATES as readonly string[]).includes(r.state)).sort(newestFirst).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(100);
    expect(await pageThrough({ onlySiteIds: null, states: [...OPEN_STATES] }, 7)).toEqual(expected);
  });

  it('keeps the other filters and the page size for any set of states', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...INCIDENT_STATES], { minLength: 2 }),
        fc.subarray([1, 2, 3] as Level[]),
        fc.option(fc.constantFrom('site-a', 'site-b'), { nil: undefined }),
        fc.integer({ min: 1, max: 60 }),
        async (states, levels, siteId, limit) => {
          const filter: IncidentFilter = { onlySiteIds: null, states, levels, ...(siteId && { siteId }) };
          const expected = rows
            .filter((r) => states.includes(r.state) && (levels.length === 0 || levels.includes(r.level)) && (!siteId || r.site_id === siteId))
            .sort(newestFirst)
            .map((r) => r.id);
          expect(await pageThrough(filter, limit)).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
