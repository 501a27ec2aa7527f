import { describe, expect, it } from 'vitest';
import type { Envelope } from '../modules/ingest/envelope.ts';
import { demoCampus } from './estate.ts';
import { generateEvents } from './generator.ts';
import { parseScenario, parseSeconds, planScenarios, SCENARIO_NAMES, ScenarioError, type ScenarioSpec } from './scenarios.ts';

const estate = demoCampus();
const at = (local: string) => Date.parse(`${local}+08:00`);
const START = at('2026-11-18T11:30:00');
const FROM = START + 10 * 60_000;
const TO = FROM + 20 * 60_000;
const run = (scenarios: ScenarioSpec[], start = START, hours = 1) => generateEvents({ estate, seed: 1, startMs: start, durationMs: hours * 3_600_000, scenarios });
const window = (name: ScenarioSpec['name'], target?: string): ScenarioSpec => ({ name, startOffsetSec: 600, durationSec: 1200, ...(target ? { target } : {}) });
const tsOf = (e: Envelope) => Date.parse(e.ts);
const data = (e: Envelope) => e.data as Record<string, unknown>;

/** Each event with the virtual time it was emitted at: device time, except late offline uploads. */
function withEmission(events: Envelope[]): { e: Envelope; emitted: number }[] {
  let clock = 0;
  return events.map((e) => {
    clock = Math.max(clock, tsOf(e));
    return { e, emitted: clock };
  });
}

describe('scenarios', () => {
  it('parses NAME[:START[:DURATION[:TARGET]]] and refuses unknown names and bad targets', () => {
    expect(parseScenario('pos-silent')).toEqual({ name: 'pos-silent' });
    expect(parseScenario('switch-down:5m:10m:SW-DE-01')).toEqual({ name: 'switch-down', startOffsetSec: 300, durationSec: 600, target: 'SW-DE-01' });
    expect(parseSeconds('2h')).toBe(7200);
    expect(() => parseScenario('meteor-strike')).toThrow(/valid: pos-silent, switch-down/);
    expect(() => parseScenario('pos-silent:soon')).toThrow(ScenarioError);
    expect(() => planScenarios([{ name: 'switch-down', target: 'POS-C1-001' }], estate, START, 1)).toThrow(/expected switch/);
    expect(() => planScenarios([{ name: 'ups-on-battery', target: 'NOPE' }], estate, START, 1)).toThrow(/no device/);
    expect(() => planScenarios([{ name: 'payment-failure-spike', target: 'bitcoin' }], estate, START, 1)).toThrow(/unknown channel/);
    expect(SCENARIO_NAMES).toHaveLength(7);
  });

  it('pos-silent: that POS sends nothing from the start offset until the end of the window', () => {
    const events = run([window('pos-silent', 'POS-C1-017')]).filter((e) => e.device === 'POS-C1-017');
    expect(events.filter((e) => tsOf(e) < FROM).length).toBeGreaterThan(20);
    expect(events.filter((e) => tsOf(e) >= FROM && tsOf(e) < TO)).toEqual([]);
    expect(events.filter((e) => tsOf(e) >= TO).length).toBeGreaterThan(20);
    // and the baseline has it busy in that window
    expect(run([]).filter((e) => e.device === 'POS-C1-017' && tsOf(e) >= FROM && tsOf(e) < TO).length).toBeGreaterThan(40);
  });

  it('switch-down: the switch and every device behind it go silent; offline POS records arrive afterwards', () => {
    const behind = new Set(['SW-DE-01', ...estate.downstreamOf('SW-DE-01').map((d) => d.code)]);
    expect(behind.size).toBeGreaterThan(35);
    const events = withEmission(run([window('switch-down', 'SW-DE-01')], at('2026-11-18T21:00:00')));
    const from = at('2026-11-18T21:10:00');
    const to = from + 20 * 60_000;
    const during = events.filter(({ emitted }) => emitted >= from && emitted < to);
    expect(during.length).toBeGreaterThan(1000);
    expect(during.filter(({ e }) => behind.has(e.device))).toEqual([]);
    const heardBefore = new Set(events.filter(({ emitted, e }) => emitted < from && behind.has(e.device)).map(({ e }) => e.device));
    expect(heardBefore.size).toBe(behind.size);
    // shower controllers kept selling offline and uploaded after the switch came back
    const late = events.filter(({ e, emitted }) => emitted >= to && behind.has(e.device) && tsOf(e) >= from && tsOf(e) < to);
    expect(late.length).toBeGreaterThan(50);
    for (const { e } of late) {
      expect(e.kind).toBe('txn');
      expect(data(e).offline).toBe(true);
    }
    const linkDown = events.find(({ e }) => data(e).type === 'link.down');
    expect(linkDown?.e.device).toBe('CORE-SW-01');
    expect(events.find(({ e }) => data(e).type === 'link.up')).toBeDefined();
  });

  it('payment-failure-spike: WeChat/Alipay failures above 5% in the window, below 2% outside', () => {
    const events = run([window('payment-failure-spike')], START, 1.5);
    const qr = events.filter((e) => e.kind === 'txn' && (data(e).channel === 'wechat' || data(e).channel === 'alipay'));
    const rate = (list: Envelope[]) => list.filter((e) => data(e).status === 'failed').length / list.length;
    const inside = qr.filter((e) => tsOf(e) >= FROM && tsOf(e) < TO);
    const outside = qr.filter((e) => tsOf(e) < FROM || tsOf(e) >= TO);
    expect(inside.length).toBeGreaterThan(300);
    expect(outside.length).toBeGreaterThan(300);
    expect(rate(inside)).toBeGreaterThan(0.05);
    expect(rate(outside)).toBeLessThan(0.02);
    const codes = new Set(inside.filter((e) => data(e).status === 'failed').map((e) => data(e).errorCode));
    expect(codes).toContain('SYSTEMERROR');
    expect(codes).toContain('ACQ.SYSTEM_ERROR');
  });

  it('ups-on-battery: heartbeats say onBattery and the battery runs down, then recovers', () => {
    const events = run([window('ups-on-battery', 'UPS-SG-01')]).filter((e) => e.device === 'UPS-SG-01');
    const beats = events.filter((e) => e.kind === 'heartbeat');
    const onBattery = beats.filter((e) => data(e).onBattery === true);
    expect(onBattery.length).toBeGreaterThan(15);
    for (const e of onBattery) expect(tsOf(e) >= FROM && tsOf(e) < TO).toBe(true);
    expect(beats.filter((e) => tsOf(e) < FROM).every((e) => data(e).onBattery === false)).toBe(true);
    const battery = events.filter((e) => e.kind === 'metric' && data(e).name === 'ups.battery_pct').map((e) => ({ t: tsOf(e), v: data(e).value as number }));
    const last = (before: number) => battery.filter((b) => b.t < before).at(-1)!.v;
    expect(last(FROM)).toBe(100);
    expect(last(TO)).toBeLessThan(85);
    expect(battery.at(-1)!.v).toBeGreaterThan(last(TO));
    expect(events.filter((e) => e.kind === 'event').map((e) => data(e).type)).toEqual(['ups.on_battery', 'ups.on_mains']);
  });

  it('brute-force-login: many failures for one account from one IP, then several accounts from it', () => {
    const events = run([{ name: 'brute-force-login', startOffsetSec: 600, durationSec: 300 }]);
    const normal = new Set(run([]).filter((e) => e.kind === 'login').map((e) => data(e).ip));
    const logins = events.filter((e) => e.kind === 'login');
    const perIp = new Map<string, Envelope[]>();
    for (const e of logins) perIp.set(data(e).ip as string, [...(perIp.get(data(e).ip as string) ?? []), e]);
    const [ip, attack] = [...perIp].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(normal.has(ip)).toBe(false);
    expect(attack.length).toBeGreaterThan(60);
    const failures = new Map<string, number>();
    for (const e of attack) if (data(e).result === 'fail') failures.set(data(e).account as string, (failures.get(data(e).account as string) ?? 0) + 1);
    const counts = [...failures.values()].sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThan(40);
    expect(failures.size).toBeGreaterThanOrEqual(5);
    expect(attack.at(-1)!.data.result).toBe('ok');
    for (const e of attack) expect(tsOf(e) >= FROM && tsOf(e) < FROM + 300_000).toBe(true);
  });

  it('card-testing: bursts of tiny consumptions across many cards at one terminal', () => {
    const tiny = (events: Envelope[]) => events.filter((e) => e.kind === 'txn' && data(e).type === 'consume' && (data(e).amountFen as number) < 10);
    expect(tiny(run([]))).toEqual([]);
    const found = tiny(run([window('card-testing', 'KSK-SH-02')]));
    expect(found.length).toBeGreaterThan(100);
    expect(new Set(found.map((e) => e.device))).toEqual(new Set(['KSK-SH-02']));
    expect(new Set(found.map((e) => data(e).card)).size).toBeGreaterThan(100);
    expect(found.filter((e) => data(e).status === 'failed').length / found.length).toBeGreaterThan(0.5);
    for (const e of found) expect(tsOf(e) >= FROM && tsOf(e) < TO).toBe(true);
  });

  it('backup-checkin-missed: the nightly backup.checkin from DB-BACKUP-01 does not arrive', () => {
    const checkins = (events: Envelope[]) => events.filter((e) => e.kind === 'event' && data(e).type === 'backup.checkin');
    const start = at('2026-11-18T02:00:00');
    const normal = checkins(run([], start));
    expect(normal).toHaveLength(1);
    expect(normal[0]!.device).toBe('DB-BACKUP-01');
    expect(normal[0]!.data).toMatchObject({ attrs: { job: 'card-db-backup', result: 'ok' } });
    expect(checkins(run([{ name: 'backup-checkin-missed', startOffsetSec: 0 }], start))).toEqual([]);
  });

  it('changes nothing but its target: other devices keep their exact streams', () => {
    const base = run([]).filter((e) => e.device === 'POS-C1-001' || e.kind === 'heartbeat');
    const silenced = run([window('pos-silent', 'POS-C2-007')]).filter((e) => e.device === 'POS-C1-001' || e.kind === 'heartbeat');
    const strip = (list: Envelope[]) => list.filter((e) => e.device !== 'POS-C2-007').map((e) => (e.kind === 'txn' ? { id: e.id, ts: e.ts } : e));
    // heartbeats and the other terminal's sales happen at the same moments with the same ids
    expect(strip(silenced)).toEqual(strip(base));
  });
});
