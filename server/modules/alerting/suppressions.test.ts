import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/databases.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import type { Matcher } from './matchers.ts';
import { loadSuppressions, suppressionsAt, type SilenceRecord, type SuppressibleAlert, type WindowRecord } from './suppressions.ts';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-12-01T14:30:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const silence = (id: string, matchers: Matcher[], startsAt: number, endsAt: number): SilenceRecord => ({ id, matchers: JSON.stringify(matchers), starts_at: startsAt, ends_at: endsAt });

const window = (id: string, fields: Partial<WindowRecord>): WindowRecord => ({
  id,
  site_id: null,
  device_id: null,
  starts_at: null,
  ends_at: null,
  cron: null,
  duration_ms: null,
  zone: 'Asia/Shanghai',
  enabled: 1,
  ...fields,
});

const alert = (labels: Record<string, string>, siteId: string | null = null, deviceId: string | null = null): SuppressibleAlert => ({ labels, siteId, deviceId });

describe('suppressedBy', () => {
  const pos = alert({ alertname: 'pos-silent', site: 'canteen-1', device: 'POS-1', device_type: 'pos' }, 'S1', 'D1');

  it('names an active silence whose matchers all match', () => {
    const s = suppressionsAt(NOW, [silence('A', [{ name: 'site', op: '=', value: 'canteen-1' }, { name: 'device', op: '=~', value: 'POS-.*' }], NOW - HOUR, NOW + HOUR)], []);
    expect(s.suppressedBy(pos)).toBe('silence:A');
    expect(s.suppressedBy(alert({ ...pos.labels, device: 'GATE-1' }, 'S1', 'D2'))).toBeNull();
    expect(s.suppressedBy(alert({ ...pos.labels, site: 'canteen-2' }, 'S2', 'D1'))).toBeNull();
  });

  it('holds a silence from its start (inclusive) to its end (exclusive)', () => {
    const matchers: Matcher[] = [{ name: 'alertname', op: '=', value: 'pos-silent' }];
    expect(suppressionsAt(NOW, [silence('A', matchers, NOW, NOW + HOUR)], []).suppressedBy(pos)).toBe('silence:A');
    expect(suppressionsAt(NOW, [silence('A', matchers, NOW + 1, NOW + HOUR)], []).suppressedBy(pos)).toBeNull();
    expect(suppressionsAt(NOW, [silence('A', matchers, NOW - HOUR, NOW)], []).suppressedBy(pos)).toBeNull();
  });

  it('puts silences before maintenance, and the oldest silence first', () => {
    const matchers: Matcher[] = [{ name: 'device_type', op: '=', value: 'pos' }];
    const s = suppressionsAt(
      NOW,
      [silence('B', matchers, NOW - HOUR, NOW + HOUR), silence('A', matchers, NOW - HOUR, NOW + 2 * HOUR)],
      [window('W', { site_id: 'S1', starts_at: NOW - HOUR, ends_at: NOW + HOUR })],
    );
    expect(s.suppressedBy(pos)).toBe('silence:A');
  });

  it('covers every alert of a site in a site window, and only its device in a device window', () => {
    const s = suppressionsAt(NOW, [], [
      window('WS', { site_id: 'S1', starts_at: NOW - HOUR, ends_at: NOW + HOUR }),
      window('WD', { device_id: 'D9', starts_at: NOW - HOUR, ends_at: NOW + HOUR }),
    ]);
    expect(s.suppressedBy(pos)).toBe('maintenance:WS');
    expect(s.suppressedBy(alert({ alertname: 'site-down' }, 'S1'))).toBe('maintenance:WS');
    expect(s.suppressedBy(alert({}, 'S2', 'D9'))).toBe('maintenance:WD');
    expect(s.suppressedBy(alert({}, 'S2', 'D1'))).toBeNull();
    expect(s.suppressedBy(alert({}, null, null))).toBeNull();
  });

  it('names the device window before the site window for an alert both cover', () => {
    const s = suppressionsAt(NOW, [], [
      window('A', { site_id: 'S1', starts_at: NOW - HOUR, ends_at: NOW + HOUR }),
      window('B', { device_id: 'D1', starts_at: NOW - HOUR, ends_at: NOW + HOUR }),
    ]);
    expect(s.suppressedBy(pos)).toBe('maintenance:B');
  });

  it('ignores disabled windows and windows that are off', () => {
    const s = suppressionsAt(NOW, [], [
      window('A', { site_id: 'S1', starts_at: NOW - HOUR, ends_at: NOW + HOUR, enabled: 0 }),
      window('B', { site_id: 'S1', starts_at: NOW + HOUR, ends_at: NOW + 2 * HOUR }),
      window('C', { site_id: 'S1', starts_at: NOW - 2 * HOUR, ends_at: NOW }),
    ]);
    expect(s.suppressedBy(pos)).toBeNull();
  });

  it('follows a recurring window in its own zone', () => {
    // 22:00 in Beijing is 14:00 UTC: NOW (22:30 local) is inside a 60-minute window, not inside a 20-minute one
    const nightly = (id: string, minutes: number) => window(id, { site_id: 'S1', cron: '0 22 * * *', duration_ms: minutes * MINUTE });
    expect(suppressionsAt(NOW, [], [nightly('A', 60)]).suppressedBy(pos)).toBe('maintenance:A');
    expect(suppressionsAt(NOW, [], [nightly('A', 20)]).suppressedBy(pos)).toBeNull();
  });

  it('names rows it cannot read and carries on with the rest', () => {
    const s = suppressionsAt(
      NOW,
      [{ id: 'BAD', matchers: 'not json', starts_at: NOW - HOUR, ends_at: NOW + HOUR }, silence('OK', [{ name: 'site', op: '=', value: 'canteen-1' }], NOW - HOUR, NOW + HOUR)],
      [window('W1', { site_id: 'S1', cron: 'nonsense', duration_ms: HOUR }), window('W2', { site_id: 'S1' })],
    );
    expect(s.suppressedBy(pos)).toBe('silence:OK');
    expect(s.unreadable).toEqual(['silence:BAD', 'maintenance:W1', 'maintenance:W2']);
  });
});

describe('nextChangeAt', () => {
  it('is the soonest start or end to come', () => {
    const s = suppressionsAt(
      NOW,
      [silence('A', [{ name: 'a', op: '=', value: '1' }], NOW - HOUR, NOW + 3 * HOUR), silence('B', [{ name: 'a', op: '=', value: '1' }], NOW + 2 * HOUR, NOW + 5 * HOUR)],
      [window('W', { site_id: 'S1', starts_at: NOW + 90 * MINUTE, ends_at: NOW + 4 * HOUR })],
    );
    expect(s.nextChangeAt).toBe(NOW + 90 * MINUTE);
    expect(suppressionsAt(NOW, [], [window('R', { site_id: 'S1', cron: '0 22 * * *', duration_ms: HOUR })]).nextChangeAt).toBe(at('2026-12-01T15:00:00Z'));
    expect(suppressionsAt(NOW, [], [window('R', { site_id: 'S1', cron: '0 23 * * *', duration_ms: HOUR })]).nextChangeAt).toBe(at('2026-12-01T15:00:00Z'));
  });

  it('is null when nothing is due to change', () => {
    expect(suppressionsAt(NOW, [silence('A', [{ name: 'a', op: '=', value: '1' }], NOW - 2 * HOUR, NOW - HOUR)], []).nextChangeAt).toBeNull();
  });
});

describe('against a plain model', () => {
  const SITES = ['S1', 'S2', null] as const;
  const DEVICES = ['D1', 'D2', null] as const;
  const values = fc.constantFrom('a', 'b', 'c', '');
  const arbMatcher: fc.Arbitrary<Matcher> = fc.record({
    name: fc.constantFrom('x', 'y'),
    op: fc.constantFrom('=', '!=', '=~', '!~'),
    value: fc.constantFrom('a', 'b', '', 'a|b', '[bc]', '.*'),
  });
  const instant = fc.integer({ min: -6 * HOUR, max: 6 * HOUR }).map((d) => NOW + d);
  type SilenceModel = { matchers: Matcher[]; start: number; end: number };
  type WindowModel = {
    target: { site: string } | { device: string };
    timing: { kind: 'once'; start: number; end: number } | { kind: 'hourly'; minutes: number };
    enabled: boolean;
  };
  const arbSilence: fc.Arbitrary<SilenceModel> = fc
    .tuple(fc.array(arbMatcher, { minLength: 1, maxLength: 3 }), instant, fc.integer({ min: 1, max: 6 * HOUR }))
    .map(([matchers, start, length]) => ({ matchers, start, end: start + length }));
  // hourly windows in UTC: on for the first `minutes` of every hour, easy to model
  const arbWindow: fc.Arbitrary<WindowModel> = fc.record({
    target: fc.oneof(fc.record({ site: fc.constantFrom('S1', 'S2') }), fc.record({ device: fc.constantFrom('D1', 'D2') })),
    timing: fc.oneof(
      fc.tuple(instant, fc.integer({ min: 1, max: 6 * HOUR })).map(([start, length]) => ({ kind: 'once' as const, start, end: start + length })),
      fc.integer({ min: 1, max: 59 }).map((minutes) => ({ kind: 'hourly' as const, minutes })),
    ),
    enabled: fc.boolean(),
  });
  const arbAlert = fc.record({ x: values, y: values, siteId: fc.constantFrom(...SITES), deviceId: fc.constantFrom(...DEVICES) });

  type Model = { silences: SilenceModel[]; windows: WindowModel[] };

  const rows = (m: Model) => ({
    silences: m.silences.map((s, i) => silence(`s${String(i).padStart(2, '0')}`, s.matchers, s.start, s.end)),
    windows: m.windows.map((w, i) =>
      window(`w${String(i).padStart(2, '0')}`, {
        site_id: 'site' in w.target ? w.target.site : null,
        device_id: 'device' in w.target ? w.target.device : null,
        enabled: w.enabled ? 1 : 0,
        zone: 'UTC',
        ...(w.timing.kind === 'once' ? { starts_at: w.timing.start, ends_at: w.timing.end } : { cron: '0 * * * *', duration_ms: w.timing.minutes * MINUTE }),
      }),
    ),
  });

  const matches = (m: Matcher, labels: Record<string, string>) => {
    const v = labels[m.name] ?? '';
    const re = new RegExp(`^(?:${m.value})$`, 'u');
    return m.op === '=' ? v === m.value : m.op === '!=' ? v !== m.value : m.op === '=~' ? re.test(v) : !re.test(v);
  };

  function expected(m: Model, now: number, a: { x: string; y: string; siteId: string | null; deviceId: string | null }): string | null {
    const labels = { x: a.x, y: a.y };
    const s = m.silences.findIndex((s) => s.start <= now && now < s.end && s.matchers.every((mt) => matches(mt, labels)));
    if (s >= 0) return `silence:s${String(s).padStart(2, '0')}`;
    const on = (w: WindowModel) =>
      w.enabled && (w.timing.kind === 'once' ? w.timing.start <= now && now < w.timing.end : (((now % HOUR) + HOUR) % HOUR) < w.timing.minutes * MINUTE);
    const device = m.windows.findIndex((w) => on(w) && 'device' in w.target && w.target.device === a.deviceId);
    if (device >= 0) return `maintenance:w${String(device).padStart(2, '0')}`;
    const site = m.windows.findIndex((w) => on(w) && 'site' in w.target && w.target.site === a.siteId);
    return site >= 0 ? `maintenance:w${String(site).padStart(2, '0')}` : null;
  }

  const arbModel = fc.record({ silences: fc.array(arbSilence, { maxLength: 6 }), windows: fc.array(arbWindow, { maxLength: 5 }) });

  it('suppresses exactly what the model says', () => {
    fc.assert(
      fc.property(arbModel, fc.array(arbAlert, { minLength: 1, maxLength: 10 }), (m, alerts) => {
        const { silences, windows } = rows(m);
        const s = suppressionsAt(NOW, silences, windows);
        for (const a of alerts) expect(s.suppressedBy(alert({ x: a.x, y: a.y }, a.siteId, a.deviceId))).toBe(expected(m, NOW, a));
      }),
      { numRuns: 300 },
    );
  });

  it('changes nothing before nextChangeAt', () => {
    fc.assert(
      fc.property(arbModel, fc.array(arbAlert, { minLength: 1, maxLength: 10 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (m, alerts, fraction) => {
        const { silences, windows } = rows(m);
        const now = suppressionsAt(NOW, silences, windows);
        const horizon = now.nextChangeAt ?? NOW + 24 * HOUR;
        expect(horizon).toBeGreaterThan(NOW);
        const later = NOW + Math.floor((horizon - NOW) * fraction);
        const then = suppressionsAt(later, silences, windows);
        for (const a of alerts) {
          const one = alert({ x: a.x, y: a.y }, a.siteId, a.deviceId);
          expect(then.suppressedBy(one)).toBe(now.suppressedBy(one));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describeEachDatabase('loadSuppressions on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    const common = { comment: 'test', created_by: 'u1', created_at: NOW - 3 * HOUR, updated_at: NOW - 3 * HOUR };
    const site: Matcher[] = [{ name: 'site', op: '=', value: 'canteen-1' }];
    await t.db.kysely
      .insertInto('silences')
      .values([
        { id: 'S-EXPIRED', matchers: JSON.stringify(site), starts_at: NOW - 2 * HOUR, ends_at: NOW - HOUR, ...common },
        { id: 'S-ACTIVE', matchers: JSON.stringify([{ name: 'device', op: '=~', value: 'POS-.*' }]), starts_at: NOW - HOUR, ends_at: NOW + HOUR, ...common },
        { id: 'S-PENDING', matchers: JSON.stringify(site), starts_at: NOW + 30 * MINUTE, ends_at: NOW + 2 * HOUR, ...common },
      ])
      .execute();
    const none = { site_id: null, device_id: null, starts_at: null, ends_at: null, cron: null, duration_ms: null, zone: 'Asia/Shanghai', name: 'w', enabled: 1 };
    await t.db.kysely
      .insertInto('maintenance_windows')
      .values([
        { ...none, ...common, id: 'W-ONCE', site_id: 'SITE-1', starts_at: NOW - HOUR, ends_at: NOW + 45 * MINUTE },
        { ...none, ...common, id: 'W-NIGHTLY', device_id: 'DEV-2', cron: '0 22 * * *', duration_ms: HOUR },
        { ...none, ...common, id: 'W-OFF', site_id: 'SITE-3', starts_at: NOW - HOUR, ends_at: NOW + HOUR, enabled: 0 },
      ])
      .execute();
  });
  afterAll(async () => t.destroy());

  it('reads the silences in force and the windows that are on', async () => {
    const s = await loadSuppressions(t.db.kysely, NOW);
    expect(s.suppressedBy(alert({ site: 'canteen-1', device: 'POS-7' }, 'SITE-9', 'DEV-9'))).toBe('silence:S-ACTIVE');
    expect(s.suppressedBy(alert({ site: 'canteen-1', device: 'GATE-1' }, 'SITE-9', 'DEV-9'))).toBeNull(); // S-EXPIRED is over, S-PENDING not yet
    expect(s.suppressedBy(alert({}, 'SITE-1', null))).toBe('maintenance:W-ONCE');
    expect(s.suppressedBy(alert({}, 'SITE-9', 'DEV-2'))).toBe('maintenance:W-NIGHTLY'); // 22:30 in Beijing
    expect(s.suppressedBy(alert({}, 'SITE-3', null))).toBeNull(); // disabled
    expect(s.nextChangeAt).toBe(NOW + 30 * MINUTE);
    expect(s.unreadable).toEqual([]);
  });

  it('sees the pending silence once it starts, inside a transaction too', async () => {
    const s = await t.db.kysely.transaction().execute((trx) => loadSuppressions(trx, NOW + 30 * MINUTE));
    expect(s.suppressedBy(alert({ site: 'canteen-1', device: 'GATE-1' }, 'SITE-9', null))).toBe('silence:S-PENDING');
    expect(s.nextChangeAt).toBe(NOW + 45 * MINUTE); // W-ONCE ends
  });
});
