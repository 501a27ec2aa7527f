import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../modules/ingest/envelope.ts';
import { demoEstate } from './demo.ts';
import { demoCampus } from './estate.ts';
import { EventGenerator, generateEvents } from './generator.ts';
import { SCENARIO_NAMES } from './scenarios.ts';

const estate = demoCampus();
const at = (local: string) => Date.parse(`${local}+08:00`);
const HOUR = 3_600_000;
const run = (local: string, hours: number, seed = 1, extra: Partial<Parameters<typeof generateEvents>[0]> = {}) =>
  generateEvents({ estate, seed, startMs: at(local), durationMs: hours * HOUR, ...extra });

// ---- a small checker for SPEC §5.3 -------------------------------------------------------------------------------

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ISO_SHANGHAI = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,63}$/;
const TXN_TYPES = ['consume', 'recharge', 'transfer', 'refund', 'subsidy', 'reversal', 'ticket_sale', 'ticket_check'];
const CHANNELS = ['cash', 'card', 'wechat', 'alipay', 'bank', 'unionpay'];

/** Problems with one envelope against SPEC §5.3, or [] when it is valid. */
function checkEnvelope(e: Envelope): string[] {
  const bad: string[] = [];
  const d = e.data as Record<string, unknown>;
  const is = (ok: boolean, what: string) => {
    if (!ok) bad.push(what);
  };
  const optNum = (k: string, lo = -Infinity, hi = Infinity, int = false) =>
    is(d[k] === undefined || (typeof d[k] === 'number' && Number.isFinite(d[k]) && (d[k] as number) >= lo && (d[k] as number) <= hi && (!int || Number.isSafeInteger(d[k]))), `data.${k}`);
  const optStr = (k: string) => is(d[k] === undefined || typeof d[k] === 'string', `data.${k}`);
  is(ULID.test(e.id), 'id');
  is(ISO_SHANGHAI.test(e.ts) && !Number.isNaN(Date.parse(e.ts)), 'ts');
  is(CODE.test(e.device), 'device');
  is(e.site === undefined || CODE.test(e.site), 'site');
  is(e.labels === undefined || Object.values(e.labels).every((v) => typeof v === 'string'), 'labels');
  is(typeof d === 'object' && d !== null && !Array.isArray(d), 'data');
  switch (e.kind) {
    case 'heartbeat':
      optStr('status');
      for (const k of ['cpu', 'memPct', 'diskPct']) optNum(k, 0, 100);
      optNum('tempC', -60, 150);
      is(d.link === undefined || d.link === 'wired' || d.link === '4g', 'data.link');
      is(d.onBattery === undefined || typeof d.onBattery === 'boolean', 'data.onBattery');
      break;
    case 'metric':
      is(typeof d.name === 'string' && d.name.length > 0, 'data.name');
      is(typeof d.value === 'number' && Number.isFinite(d.value), 'data.value');
      optStr('unit');
      break;
    case 'event':
      is(typeof d.type === 'string' && d.type.length > 0, 'data.type');
      is(d.severity === undefined || ['info', 'warning', 'critical'].includes(d.severity as string), 'data.severity');
      optStr('message');
      is(d.attrs === undefined || (typeof d.attrs === 'object' && d.attrs !== null && !Array.isArray(d.attrs)), 'data.attrs');
      break;
    case 'txn':
      is(typeof d.txnId === 'string' && d.txnId.length > 0 && d.txnId.length <= 64, 'data.txnId');
      is(TXN_TYPES.includes(d.type as string), 'data.type');
      is(Number.isSafeInteger(d.amountFen) && (d.amountFen as number) >= 0, 'data.amountFen');
      optStr('account');
      optStr('card');
      is(d.channel === undefined || CHANNELS.includes(d.channel as string), 'data.channel');
      is(['ok', 'failed', 'reversed'].includes(d.status as string), 'data.status');
      is(d.status === 'ok' ? d.errorCode === undefined : typeof d.errorCode === 'string', 'data.errorCode');
      optNum('cardCounter', 0, Infinity, true);
      optNum('balanceBeforeFen', -1e12, 1e12, true);
      optNum('balanceAfterFen', -1e12, 1e12, true);
      is(d.offline === undefined || typeof d.offline === 'boolean', 'data.offline');
      break;
    case 'login':
      is(typeof d.account === 'string' && d.account.length > 0, 'data.account');
      is(typeof d.ip === 'string' && isIP(d.ip) !== 0, 'data.ip');
      is(d.result === 'ok' || d.result === 'fail', 'data.result');
      optStr('reason');
      optStr('userAgent');
      optStr('deviceId');
      break;
    default:
      bad.push('kind');
  }
  return bad;
}

const txns = (events: Envelope[]) => events.filter((e) => e.kind === 'txn').map((e) => ({ e, d: e.data as Record<string, unknown> }));

describe('the event generator', () => {
  it('gives the same events byte for byte for the same seed, start and duration, and others for another seed', () => {
    const a = run('2026-11-18T11:00:00', 1, 7);
    const b = run('2026-11-18T11:00:00', 1, 7);
    const c = run('2026-11-18T11:00:00', 1, 8);
    expect(a.length).toBeGreaterThan(5_000);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    const ids = new Set(a.map((e) => e.id));
    expect(c.filter((e) => ids.has(e.id))).toEqual([]);
  });

  it('does not depend on how the stream is pulled', () => {
    const whole = run('2026-11-18T11:00:00', 0.5, 3);
    const gen = new EventGenerator({ estate, seed: 3, startMs: at('2026-11-18T11:00:00'), durationMs: 0.5 * HOUR });
    const pieces: Envelope[] = [];
    let t = gen.startMs;
    while (!gen.done) {
      t += 7_000;
      while (gen.take(t, 37, pieces) > 0) {
        /* small batches, paced by virtual time */
      }
    }
    expect(JSON.stringify(pieces)).toBe(JSON.stringify(whole));
  });

  it('emits valid, unique envelopes (SPEC §5.3) whose ULID time is the device time', () => {
    const scenarios = SCENARIO_NAMES.map((name) => ({ name, startOffsetSec: 600, durationSec: 1200 }));
    const events = run('2026-11-18T01:50:00', 2, 5, { scenarios }).concat(run('2026-11-21T11:30:00', 1, 5, { scenarios }));
    const problems = events.map((e) => ({ e, bad: checkEnvelope(e) })).filter((x) => x.bad.length > 0);
    expect(problems.slice(0, 3)).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const txnIds = txns(events).map((t) => t.d.txnId);
    expect(new Set(txnIds).size).toBe(txnIds.length);
    const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (const e of events.slice(0, 2000)) {
      const time = [...e.id.slice(0, 10)].reduce((acc, ch) => acc * 32 + CROCKFORD.indexOf(ch), 0);
      expect(time).toBe(Date.parse(e.ts));
    }
    const kinds = new Set(events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['event', 'heartbeat', 'login', 'metric', 'txn']);
  });

  it('only uses devices and sites of the demo estate, and every device is heard from', () => {
    const { sites, devices } = demoEstate();
    const events = run('2026-11-18T11:00:00', 0.25);
    const siteCodes = new Set(sites.map((s) => s.code));
    const byCode = new Map(devices.map((d) => [d.code, d]));
    for (const e of events) {
      expect(byCode.get(e.device)?.siteCode, e.device).toBe(e.site);
      expect(siteCodes.has(e.site!)).toBe(true);
    }
    expect(new Set(events.map((e) => e.device)).size).toBe(devices.length);
  });

  it('follows the daily rhythm: canteen POS at noon ≫ at 03:00', () => {
    const canteenPos = (events: Envelope[]) => txns(events).filter(({ e }) => e.device.startsWith('POS-C')).length;
    const noon = canteenPos(run('2026-11-18T12:00:00', 1));
    const night = canteenPos(run('2026-11-18T03:00:00', 1));
    expect(noon).toBeGreaterThan(5_000);
    expect(noon).toBeGreaterThan(50 * Math.max(1, night));
  });

  it('follows the weekly rhythm: more ticketing at the weekend, less canteen', () => {
    const tickets = (events: Envelope[]) => txns(events).filter(({ d }) => d.type === 'ticket_sale').length;
    const canteen = (events: Envelope[]) => txns(events).filter(({ e }) => e.site?.startsWith('canteen')).length;
    const wednesday = run('2026-11-18T09:00:00', 3);
    const saturday = run('2026-11-21T09:00:00', 3);
    expect(tickets(saturday)).toBeGreaterThan(1.8 * tickets(wednesday));
    expect(canteen(saturday)).toBeLessThan(0.8 * canteen(wednesday));
  });

  it('keeps balances and card counters consistent per account', () => {
    const events = run('2026-11-18T05:30:00', 8, 11, { scenarios: [{ name: 'switch-down', startOffsetSec: 3 * 3600, durationSec: 1800 }, { name: 'card-testing', startOffsetSec: 3600 }] });
    const byAccount = new Map<string, Record<string, unknown>[]>();
    let failed = 0;
    const types = new Set<string>();
    for (const { d } of txns(events)) {
      if (d.balanceBeforeFen === undefined) continue;
      types.add(d.type as string);
      if (d.status !== 'ok') {
        failed++;
        expect(d.balanceAfterFen).toBe(d.balanceBeforeFen);
        expect(d.cardCounter).toBeUndefined();
        continue;
      }
      const delta = (d.balanceAfterFen as number) - (d.balanceBeforeFen as number);
      expect(delta).toBe(d.type === 'consume' ? -(d.amountFen as number) : (d.amountFen as number));
      expect(d.balanceAfterFen as number).toBeGreaterThanOrEqual(0);
      const list = byAccount.get(d.account as string) ?? [];
      list.push(d);
      byAccount.set(d.account as string, list);
    }
    expect([...types].sort()).toEqual(['consume', 'recharge', 'refund', 'reversal', 'subsidy', 'transfer']);
    expect(failed).toBeGreaterThan(0);
    let chained = 0;
    for (const list of byAccount.values()) {
      list.sort((x, y) => (x.cardCounter as number) - (y.cardCounter as number));
      for (let i = 1; i < list.length; i++) {
        expect(list[i]!.cardCounter).toBe((list[i - 1]!.cardCounter as number) + 1);
        expect(list[i]!.balanceBeforeFen).toBe(list[i - 1]!.balanceAfterFen);
        chained++;
      }
    }
    expect(chained).toBeGreaterThan(1_000);
  });

  it('marks offline POS records and delivers them late, with their own device time', () => {
    const events = run('2026-11-18T11:00:00', 1);
    let latest = 0;
    let late = 0;
    for (const e of events) {
      const t = Date.parse(e.ts);
      if ((e.data as { offline?: boolean }).offline) {
        expect(['POS-C3-012', 'POS-C1-038']).toContain(e.device);
        if (t < latest - 60_000) late++;
      }
      latest = Math.max(latest, t);
    }
    expect(late).toBeGreaterThan(10);
  });

  it('has a small natural failure rate with channel error codes', () => {
    const list = txns(run('2026-11-18T11:00:00', 2, 2)).filter(({ d }) => d.channel === 'wechat' || d.channel === 'alipay');
    const failed = list.filter(({ d }) => d.status === 'failed');
    expect(list.length).toBeGreaterThan(1_000);
    expect(failed.length / list.length).toBeLessThan(0.02);
    for (const { d } of failed) expect(d.errorCode).toMatch(d.channel === 'wechat' ? /^[A-Z_]+$/ : /^ACQ\./);
  });

  it('sends heartbeats every 30–60 s per device, with the right link and UPS fields', () => {
    const events = run('2026-11-18T10:00:00', 0.5).filter((e) => e.kind === 'heartbeat');
    const perDevice = new Map<string, number>();
    for (const e of events) perDevice.set(e.device, (perDevice.get(e.device) ?? 0) + 1);
    for (const [device, count] of perDevice) {
      expect(count, device).toBeGreaterThanOrEqual(29);
      expect(count, device).toBeLessThanOrEqual(61);
    }
    const ups = events.find((e) => e.device === 'UPS-CC-01')!;
    expect(ups.data).toMatchObject({ onBattery: false, batteryPct: 100 });
    expect(events.find((e) => e.device === 'HH-SG-01')!.data.link).toBe('4g');
  });

  it('scales transactions with the rate, not heartbeats', () => {
    const one = run('2026-11-18T12:00:00', 0.25);
    const ten = run('2026-11-18T12:00:00', 0.25, 1, { rate: 10 });
    const count = (events: Envelope[], kind: string) => events.filter((e) => e.kind === kind).length;
    expect(count(ten, 'txn')).toBeGreaterThan(8 * count(one, 'txn'));
    expect(count(ten, 'heartbeat')).toBe(count(one, 'heartbeat'));
  });
});
