/**
 * The event generator: a discrete-event simulation of the estate in virtual time. Every process (a device's
 * heartbeats, a terminal's customers, the portal's logins, the nightly backup, an injected fault) has its own seeded
 * random stream and its next firing time; a binary heap hands them out in time order, so the output is in device-time
 * order (except offline records, which arrive when the terminal gets its link back) and is the same for the same seed,
 * start, duration, rate and scenarios — ids included.
 *
 * Pull-based: `take(until, max, out)` fills a batch with what has happened up to a virtual instant, so the caller
 * decides the pace (wall clock for the demo, as fast as the sink accepts for benchmarks).
 */
import type { Envelope, EventKind } from '../modules/ingest/envelope.ts';
import type { CardAccount, Estate, EstateDevice } from './estate.ts';
import { localDay, localMidnight, localMinute, localWeekday, intensity, nextArrival, SHANGHAI_OFFSET_MS, type Profile } from './rhythm.ts';
import { streamFor, type Rng } from './random.ts';
import { inWindow, planScenarios, type EdgeEvent, type ScenarioPlan, type ScenarioSpec, type Window } from './scenarios.ts';

export interface GeneratorOptions {
  estate: Estate;
  seed: number;
  /** virtual start, epoch ms */
  startMs: number;
  /** virtual duration; Infinity to run until stopped */
  durationMs: number;
  /** multiplies the rate of transactions, access events and logins (heartbeats and metrics follow the device count) */
  rate?: number;
  scenarios?: readonly ScenarioSpec[];
}

export type KindCounts = Record<EventKind, number>;

const MINUTE = 60_000;
const HOUR = 3_600_000;

// Process kinds.
const HEARTBEAT = 0;
const METRIC = 1;
const TXN = 2;
const ACCESS = 3;
const PORTAL_LOGIN = 4;
const OPERATOR_LOGIN = 5;
const BACKUP = 6;
const SUBSIDY = 7;
const DAILY_CLOSE = 8;
const UPLOAD = 9;
const EDGES = 10;
const BRUTE = 11;
const CARD_TEST = 12;

/** Formats device time as ISO 8601 in +08:00, caching the date-hour-minute prefix. */
class TsFormatter {
  private minute = Number.NaN;
  private prefix = '';
  format(ms: number): string {
    const local = ms + SHANGHAI_OFFSET_MS;
    const minute = Math.floor(local / MINUTE);
    if (minute !== this.minute) {
      this.minute = minute;
      this.prefix = new Date(minute * MINUTE).toISOString().slice(0, 17);
    }
    const rest = local - minute * MINUTE;
    const s = Math.floor(rest / 1000);
    const milli = rest - s * 1000;
    return `${this.prefix}${s < 10 ? '0' : ''}${s}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}+08:00`;
  }
}

interface Dev {
  spec: EstateDevice;
  code: string;
  site: string;
  siteKind: string;
  labels: Record<string, string>;
  silent: Window[] | undefined;
  offline: Window[] | undefined;
  onBattery: Window[] | undefined;
  /** a terminal with a flaky link that trades offline and uploads every few minutes */
  flaky: boolean;
  buffer: Envelope[];
  cpu: number;
  mem: number;
  disk: number;
  temp: number;
  /** since the last metric */
  passes: number;
  txns: number;
  latencySum: number;
  paperPct: number;
  paperRefillAt: number;
  batteryPct: number;
  batteryAt: number;
  loadProfile: Profile;
}

class Proc {
  at = 0;
  /** pending reversal of the terminal's last sale */
  reversal: { account: number; amount: number; txnId: string } | null = null;
  step = 0;
  burstLeft = 0;
  constructor(
    readonly seq: number,
    readonly kind: number,
    readonly rng: Rng,
    readonly dev: Dev | null,
    readonly profile: Profile = 'flat',
    /** events per second at the profile's busiest minute, or the interval in ms for periodic processes */
    readonly rateOrInterval = 0,
    readonly extra: unknown = null,
  ) {}
}

/** A binary min-heap of processes by (at, seq): ties resolve the same way every run. */
class ProcHeap {
  private items: Proc[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Proc | undefined {
    return this.items[0];
  }
  private less(a: Proc, b: Proc): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(p: Proc): void {
    const items = this.items;
    items.push(p);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }
  pop(): Proc | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

const WECHAT_ERRORS = ['SYSTEMERROR', 'BANKERROR', 'NOTENOUGH', 'USERPAYING'];
const ALIPAY_ERRORS = ['ACQ.SYSTEM_ERROR', 'ACQ.BUYER_BALANCE_NOT_ENOUGH', 'ACQ.PAYMENT_AUTH_CODE_INVALID'];
const UNIONPAY_ERRORS = ['UP_SYSTEM_BUSY', 'UP_CARD_DECLINED'];
const BANK_ERRORS = ['BANK_TIMEOUT', 'BANK_DECLINED', 'DAILY_LIMIT_EXCEEDED'];
const NATURAL_PAYMENT_FAILURE = 0.006;
const SPIKE_PAYMENT_FAILURE = 0.14;

const OPERATORS: { account: string; ip: string }[] = [
  { account: 'admin', ip: '10.10.8.11' },
  { account: 'caiwu01', ip: '10.10.8.21' },
  { account: 'caiwu02', ip: '10.10.8.22' },
  { account: 'fw_zhangli', ip: '10.51.1.30' },
  { account: 'fw_wangfang', ip: '10.51.1.31' },
  { account: 'yw_liuqiang', ip: '10.10.8.40' },
  { account: 'sec_audit', ip: '10.10.8.12' },
];
const APP_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.49',
  'Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 MicroMessenger/8.0.50',
  'YiKaTong/5.3.2 (Android 13; HUAWEI NOH-AN00)',
  'YiKaTong/5.3.2 (iOS 17.4; iPhone15,2)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/125.0 Safari/537.36',
];
const MOBILE_NETS = ['223.104', '117.136', '112.97', '39.144', '111.55'];

const emptyCounts = (): KindCounts => ({ heartbeat: 0, metric: 0, event: 0, txn: 0, login: 0 });
const r1 = (x: number): number => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

export class EventGenerator {
  readonly startMs: number;
  readonly endMs: number;
  readonly plan: ScenarioPlan;
  /** events handed out so far, by kind (offline records count once uploaded) */
  readonly counts: KindCounts = emptyCounts();

  private readonly heap = new ProcHeap();
  private readonly queue: Envelope[] = [];
  private queueHead = 0;
  private readonly ts = new TsFormatter();
  private readonly devs = new Map<string, Dev>();
  private readonly accounts: readonly CardAccount[];
  private readonly balance: Int32Array;
  private readonly counter: Int32Array;
  private readonly byCanteen = new Map<string, number[]>();
  private readonly byDorm = new Map<string, number[]>();
  private readonly students: number[] = [];
  private readonly subsidised: number[] = [];
  private readonly rate: number;
  private readonly dayTotals = { day: -1, txns: 0, consumeFen: 0, rechargeFen: 0, transferFen: 0, refundFen: 0, subsidyFen: 0, ticketFen: 0 };
  private seq = 0;

  constructor(options: GeneratorOptions) {
    const { estate, seed } = options;
    this.startMs = Math.floor(options.startMs);
    this.endMs = this.startMs + options.durationMs;
    this.rate = options.rate ?? 1;
    if (!(this.rate > 0)) throw new RangeError('rate must be positive');
    this.plan = planScenarios(options.scenarios ?? [], estate, this.startMs, seed);
    this.accounts = estate.accounts;

    // Card accounts: opening balances and card counters from the seed.
    const acctRng = streamFor(seed, 'accounts');
    this.balance = new Int32Array(this.accounts.length);
    this.counter = new Int32Array(this.accounts.length);
    this.accounts.forEach((a, i) => {
      this.balance[i] = a.kind === 'staff' ? acctRng.range(10_000, 80_000) : acctRng.range(3_000, 45_000);
      this.counter[i] = acctRng.range(20, 900);
      const canteen = this.byCanteen.get(a.homeCanteen) ?? [];
      canteen.push(i);
      this.byCanteen.set(a.homeCanteen, canteen);
      if (a.dorm) {
        const dorm = this.byDorm.get(a.dorm) ?? [];
        dorm.push(i);
        this.byDorm.set(a.dorm, dorm);
      }
      if (a.kind === 'student') {
        this.students.push(i);
        if (i % 97 === 13) this.subsidised.push(i);
      }
    });

    const siteKind = new Map(estate.sites.map((s) => [s.code, s.kind]));
    for (const spec of estate.devices) {
      const rng = streamFor(seed, `dev:${spec.code}`);
      const kind = siteKind.get(spec.siteCode) ?? 'service';
      const dev: Dev = {
        spec,
        code: spec.code,
        site: spec.siteCode,
        siteKind: kind,
        labels: { subsystem: spec.subsystem, type: spec.type },
        silent: this.plan.silent.get(spec.code),
        offline: this.plan.offline.get(spec.code),
        onBattery: this.plan.onBattery.get(spec.code),
        flaky: spec.code === 'POS-C3-012' || spec.code === 'POS-C1-038',
        buffer: [],
        cpu: rng.real(4, 18),
        mem: rng.real(28, 55),
        disk: rng.real(18, 70),
        temp: rng.real(34, 46),
        passes: 0,
        txns: 0,
        latencySum: 0,
        paperPct: rng.real(15, 100),
        paperRefillAt: Infinity,
        batteryPct: 100,
        batteryAt: this.startMs,
        loadProfile: loadProfileOf(spec, kind),
      };
      if (spec.type === 'server' || spec.type === 'database') {
        dev.cpu = rng.real(8, 20);
        dev.temp = rng.real(42, 52);
      }
      this.devs.set(spec.code, dev);
      this.scheduleDeviceProcesses(dev, seed);
    }

    const portal = this.devs.get('SRV-PORTAL-01');
    const cardServer = this.devs.get('SRV-CARD-01');
    const backup = this.devs.get('DB-BACKUP-01');
    if (portal) this.add(new Proc(this.seq++, PORTAL_LOGIN, streamFor(seed, 'login:portal'), portal, 'portal', (10 / 60) * this.rate), this.startMs);
    if (cardServer) {
      this.add(new Proc(this.seq++, OPERATOR_LOGIN, streamFor(seed, 'login:operator'), cardServer, 'office', (0.6 / 60) * this.rate), this.startMs);
      this.add(new Proc(this.seq++, SUBSIDY, streamFor(seed, 'subsidy'), cardServer), this.nextLocalTime(this.startMs, 6 * 60));
      this.add(new Proc(this.seq++, DAILY_CLOSE, streamFor(seed, 'daily-close'), cardServer), this.nextLocalTime(this.startMs, 23 * 60 + 59));
    }
    if (backup) this.add(new Proc(this.seq++, BACKUP, streamFor(seed, 'backup'), backup), this.nextLocalTime(this.startMs, 2 * 60 + 30));
    if (this.plan.edges.length > 0) this.add(new Proc(this.seq++, EDGES, streamFor(seed, 'edges'), null), this.plan.edges[0]!.at);
    this.plan.bruteForce.forEach((b, i) => this.add(new Proc(this.seq++, BRUTE, streamFor(seed, `brute:${i}`), portal ?? null, 'flat', 0, b), b.from));
    this.plan.cardTesting.forEach((c, i) => {
      const dev = this.devs.get(c.terminal)!;
      this.add(new Proc(this.seq++, CARD_TEST, streamFor(seed, `card-testing:${i}`), dev, 'flat', 0, c), c.from);
    });
  }

  /** Virtual time of the next process to run (an upper bound on the next event's emission), or Infinity. */
  peekTime(): number {
    if (this.queueHead < this.queue.length) return -Infinity;
    const p = this.heap.peek();
    return p && p.at < this.endMs ? p.at : Infinity;
  }

  /** offline records still held by terminals (uploaded when their link returns) */
  get heldOffline(): number {
    let n = 0;
    for (const d of this.devs.values()) n += d.buffer.length;
    return n;
  }

  get done(): boolean {
    return this.peekTime() === Infinity;
  }

  /** Appends to `out` up to `max` events that happen at or before `untilMs`; returns how many. */
  take(untilMs: number, max: number, out: Envelope[]): number {
    let n = 0;
    while (n < max) {
      if (this.queueHead < this.queue.length) {
        const e = this.queue[this.queueHead++]!;
        this.counts[e.kind]++;
        out.push(e);
        n++;
        continue;
      }
      if (this.queueHead > 0) {
        this.queue.length = 0;
        this.queueHead = 0;
      }
      const p = this.heap.peek();
      if (!p || p.at > untilMs || p.at >= this.endMs) break;
      this.heap.pop();
      this.run(p);
      if (p.at < this.endMs) this.heap.push(p);
    }
    return n;
  }

  // ---- scheduling ----------------------------------------------------------------------------------------------

  private add(p: Proc, at: number): void {
    p.at = Math.floor(at);
    if (p.at < this.endMs) this.heap.push(p);
  }

  /** The first instant at or after `fromMs` that is `minuteOfDay` local time. */
  private nextLocalTime(fromMs: number, minuteOfDay: number): number {
    let t = localMidnight(localDay(fromMs)) + minuteOfDay * MINUTE;
    if (t < fromMs) t += 24 * HOUR;
    return t;
  }

  private scheduleDeviceProcesses(dev: Dev, seed: number): void {
    const { type } = dev.spec;
    const code = dev.code;
    const hbRng = streamFor(seed, `hb:${code}`);
    const interval = hbRng.range(30, 60) * 1000;
    this.add(new Proc(this.seq++, HEARTBEAT, hbRng, dev, 'flat', interval), this.startMs + hbRng.int(interval));

    const metricInterval = metricIntervalOf(type);
    if (metricInterval > 0) {
      const rng = streamFor(seed, `metric:${code}`);
      this.add(new Proc(this.seq++, METRIC, rng, dev, 'flat', metricInterval), this.startMs + rng.int(metricInterval));
    }

    const txn = txnProfileOf(dev);
    if (txn) {
      const rng = streamFor(seed, `txn:${code}`);
      const p = new Proc(this.seq++, TXN, rng, dev, txn.profile, txn.perMinute / 60 * this.rate);
      this.add(p, nextArrival(rng, p.profile, p.rateOrInterval, this.startMs));
    }

    const access = accessProfileOf(dev);
    if (access) {
      const rng = streamFor(seed, `access:${code}`);
      const p = new Proc(this.seq++, ACCESS, rng, dev, access.profile, access.perMinute / 60 * this.rate);
      this.add(p, nextArrival(rng, p.profile, p.rateOrInterval, this.startMs));
    }

    // Terminals with a flaky link upload what they sold offline every few minutes; any POS or water controller
    // behind a failed switch uploads when the switch comes back.
    if (dev.flaky) {
      const rng = streamFor(seed, `upload:${code}`);
      this.add(new Proc(this.seq++, UPLOAD, rng, dev, 'flat', 0, null), this.startMs + rng.range(4, 12) * MINUTE);
    }
    for (const w of dev.offline ?? []) {
      const rng = streamFor(seed, `recover:${code}:${w.to}`);
      this.add(new Proc(this.seq++, UPLOAD, rng, dev, 'flat', 0, w), w.to + rng.range(5_000, 90_000));
    }
  }

  // ---- emitting ------------------------------------------------------------------------------------------------

  private envelope(kind: EventKind, at: number, dev: Dev, rng: Rng, data: Record<string, unknown>): Envelope {
    return { id: rng.ulid(at), kind, ts: this.ts.format(at), device: dev.code, site: dev.site, labels: dev.labels, data };
  }

  private emit(kind: EventKind, at: number, dev: Dev, rng: Rng, data: Record<string, unknown>): void {
    this.queue.push(this.envelope(kind, at, dev, rng, data));
  }

  private silent(dev: Dev | null, t: number): boolean {
    return dev !== null && dev.silent !== undefined && inWindow(dev.silent, t);
  }

  private run(p: Proc): void {
    switch (p.kind) {
      case HEARTBEAT:
        if (!this.silent(p.dev, p.at)) this.heartbeat(p, p.dev!);
        p.at += p.rateOrInterval + p.rng.range(-1500, 1500);
        return;
      case METRIC:
        if (!this.silent(p.dev, p.at)) this.metrics(p, p.dev!);
        else this.resetCounters(p.dev!);
        p.at += p.rateOrInterval;
        return;
      case TXN:
        this.transaction(p, p.dev!);
        return;
      case ACCESS:
        if (!this.silent(p.dev, p.at)) this.access(p, p.dev!);
        p.at = Math.floor(nextArrival(p.rng, p.profile, p.rateOrInterval, p.at + 1));
        return;
      case PORTAL_LOGIN:
        if (!this.silent(p.dev, p.at)) this.portalLogin(p, p.dev!);
        p.at = Math.floor(nextArrival(p.rng, p.profile, p.rateOrInterval, p.at + 1));
        return;
      case OPERATOR_LOGIN:
        if (!this.silent(p.dev, p.at)) this.operatorLogin(p, p.dev!);
        p.at = Math.floor(nextArrival(p.rng, p.profile, p.rateOrInterval, p.at + 1));
        return;
      case BACKUP:
        this.backupCheckin(p, p.dev!);
        return;
      case SUBSIDY:
        this.subsidy(p, p.dev!);
        return;
      case DAILY_CLOSE:
        this.dailyClose(p, p.dev!);
        return;
      case UPLOAD:
        this.upload(p, p.dev!);
        return;
      case EDGES:
        this.edge(p);
        return;
      case BRUTE:
        this.bruteForce(p);
        return;
      case CARD_TEST:
        this.cardTesting(p, p.dev!);
        return;
    }
  }

  // ---- heartbeats and metrics ----------------------------------------------------------------------------------

  private battery(dev: Dev, t: number): { onBattery: boolean; pct: number } {
    // Integrate from the last look: -1.1 %/min on battery, +0.6 %/min charging.
    const onBattery = inWindow(dev.onBattery, t);
    const minutes = (t - dev.batteryAt) / MINUTE;
    dev.batteryAt = t;
    dev.batteryPct = clamp(dev.batteryPct + (onBattery ? -1.1 : 0.6) * minutes, 3, 100);
    return { onBattery, pct: r1(dev.batteryPct) };
  }

  private heartbeat(p: Proc, dev: Dev): void {
    const { rng, at } = p;
    const load = intensity(dev.loadProfile, at);
    const type = dev.spec.type;
    if (type === 'ups') {
      const b = this.battery(dev, at);
      this.emit('heartbeat', at, dev, rng, {
        status: b.onBattery ? 'on_battery' : 'ok',
        onBattery: b.onBattery,
        batteryPct: b.pct,
        tempC: r1(dev.temp + rng.real(-0.5, 0.5) + (b.onBattery ? 3 : 0)),
        link: 'wired',
      });
      return;
    }
    const heavy = type === 'server' || type === 'database';
    const cpu = clamp(dev.cpu + (heavy ? 55 : 25) * load + rng.normal(0, 2.5), 0.5, 100);
    const paperOut = dev.paperPct < 2;
    if (paperOut && at >= dev.paperRefillAt) {
      dev.paperPct = 100;
      dev.paperRefillAt = Infinity;
      this.emit('event', at, dev, rng, { type: 'printer.paper_refilled', severity: 'info', message: '凭条纸已更换', attrs: {} });
    }
    this.emit('heartbeat', at, dev, rng, {
      status: dev.paperPct < 2 ? 'paper_out' : 'ok',
      cpu: r1(cpu),
      memPct: r1(clamp(dev.mem + 12 * load + rng.normal(0, 1), 1, 99)),
      diskPct: r1(clamp(dev.disk + (at - this.startMs) / (24 * HOUR) * 0.05, 1, 99.5)),
      tempC: r1(dev.temp + 6 * load + rng.normal(0, 0.4)),
      link: type === 'handheld' || type === 'router_4g' ? '4g' : 'wired',
    });
  }

  private resetCounters(dev: Dev): void {
    dev.passes = 0;
    dev.txns = 0;
    dev.latencySum = 0;
  }

  private metric(at: number, dev: Dev, rng: Rng, name: string, value: number, unit: string): void {
    this.emit('metric', at, dev, rng, { name, value, unit });
  }

  private metrics(p: Proc, dev: Dev): void {
    const { rng, at } = p;
    const load = intensity(dev.loadProfile, at);
    switch (dev.spec.type) {
      case 'pos':
        if (dev.txns > 0) this.metric(at, dev, rng, 'pos.txn_latency_ms', Math.round(dev.latencySum / dev.txns), 'ms');
        break;
      case 'gate':
        this.metric(at, dev, rng, 'gate.passes_per_min', dev.passes, 'count');
        break;
      case 'ticket_pc':
        this.metric(at, dev, rng, 'ticket.queue_len', Math.max(0, Math.round(load * 14 * this.rate ** 0.5 + rng.normal(0, 1.5))), 'people');
        break;
      case 'kiosk':
      case 'recharge_kiosk':
        this.metric(at, dev, rng, 'printer.paper_pct', Math.round(dev.paperPct), '%');
        break;
      case 'ups': {
        const b = this.battery(dev, at);
        this.metric(at, dev, rng, 'ups.battery_pct', b.pct, '%');
        this.metric(at, dev, rng, 'ups.load_pct', r1(32 + 18 * load + rng.normal(0, 1)), '%');
        this.metric(at, dev, rng, 'ups.runtime_min', Math.round(b.pct * (b.onBattery ? 0.55 : 0.6)), 'min');
        break;
      }
      case 'switch':
        this.metric(at, dev, rng, 'switch.port_errors', rng.chance(0.03) ? rng.range(1, 6) : 0, 'count');
        this.metric(at, dev, rng, 'switch.uplink_util_pct', r1(clamp(4 + 45 * load + rng.normal(0, 2), 0.5, 100)), '%');
        break;
      case 'router':
        this.metric(at, dev, rng, 'wan.latency_ms', r1((dev.site === 'scenic-south' ? 14 : 3) + 6 * load + rng.exp(1.5)), 'ms');
        this.metric(at, dev, rng, 'wan.loss_pct', rng.chance(0.04) ? r1(rng.real(0.1, 1.5)) : 0, '%');
        break;
      case 'router_4g':
        this.metric(at, dev, rng, 'lte.rsrp_dbm', Math.round(rng.normal(-88, 5)), 'dBm');
        this.metric(at, dev, rng, 'wan.latency_ms', r1(45 + 25 * load + rng.exp(8)), 'ms');
        break;
      case 'server':
        if (dev.code === 'SRV-FRONT-01') this.metric(at, dev, rng, 'front.queue_len', Math.max(0, Math.round(load * 18 * this.rate ** 0.5 + rng.normal(0, 2))), 'messages');
        else if (dev.code === 'SRV-CARD-01' || dev.code === 'SRV-PAY-01' || dev.code === 'SRV-TKT-01') {
          this.metric(at, dev, rng, 'app.txn_latency_ms', Math.round(35 + 90 * load + rng.exp(12)), 'ms');
        }
        break;
      case 'database':
        this.metric(at, dev, rng, 'db.active_sessions', Math.round(25 + 140 * load + rng.normal(0, 4)), 'sessions');
        this.metric(at, dev, rng, 'db.tablespace_pct', r1(dev.disk + (at - this.startMs) / (24 * HOUR) * 0.08), '%');
        break;
    }
    this.resetCounters(dev);
  }

  // ---- card accounts -------------------------------------------------------------------------------------------

  private pickFrom(rng: Rng, list: readonly number[] | undefined): number {
    if (!list || list.length === 0) return rng.int(this.accounts.length);
    return list[rng.int(list.length)]!;
  }

  /** Of k random candidates, the one with the lowest balance: people recharge when they run low. */
  private pickLowest(rng: Rng, list: readonly number[] | undefined, k: number): number {
    let best = this.pickFrom(rng, list);
    for (let i = 1; i < k; i++) {
      const c = this.pickFrom(rng, list);
      if (this.balance[c]! < this.balance[best]!) best = c;
    }
    return best;
  }

  private countDay(at: number, type: string, amount: number): void {
    const day = localDay(at);
    const d = this.dayTotals;
    if (day !== d.day) {
      d.day = day;
      d.txns = d.consumeFen = d.rechargeFen = d.transferFen = d.refundFen = d.subsidyFen = d.ticketFen = 0;
    }
    d.txns++;
    if (type === 'consume') d.consumeFen += amount;
    else if (type === 'recharge') d.rechargeFen += amount;
    else if (type === 'transfer') d.transferFen += amount;
    else if (type === 'refund' || type === 'reversal') d.refundFen += amount;
    else if (type === 'subsidy') d.subsidyFen += amount;
    else if (type === 'ticket_sale') d.ticketFen += amount;
  }

  /**
   * A transaction against a card account: debits (consume) or credits (everything else) the balance when it
   * succeeds, and then the card's counter moves on; a failure leaves both as they were.
   */
  private cardTxn(
    at: number,
    dev: Dev,
    rng: Rng,
    type: 'consume' | 'recharge' | 'transfer' | 'refund' | 'subsidy' | 'reversal',
    account: number,
    amount: number,
    channel: string,
    failure: string | null,
    offline: boolean,
  ): Envelope {
    const before = this.balance[account]!;
    const debit = type === 'consume';
    let errorCode = failure;
    if (!errorCode && debit && before < amount) errorCode = 'INSUFFICIENT_BALANCE';
    const a = this.accounts[account]!;
    const id = rng.ulid(at);
    const data: Record<string, unknown> = {
      txnId: `T${id}`,
      type,
      amountFen: amount,
      account: a.account,
      card: a.card,
      channel,
      status: errorCode ? 'failed' : 'ok',
      balanceBeforeFen: before,
      balanceAfterFen: before,
    };
    if (errorCode) data.errorCode = errorCode;
    else {
      const after = debit ? before - amount : before + amount;
      this.balance[account] = after;
      data.balanceAfterFen = after;
      data.cardCounter = ++this.counter[account]!;
      this.countDay(at, type, amount);
    }
    if (offline) data.offline = true;
    return { id, kind: 'txn', ts: this.ts.format(at), device: dev.code, site: dev.site, labels: dev.labels, data };
  }

  /** A payment over a channel that is not the card wallet (QR code, ticket sale): no balance, maybe a channel failure. */
  private channelTxn(at: number, dev: Dev, rng: Rng, type: string, amount: number, channel: string, account: number | null, extra?: Record<string, unknown>): Envelope {
    const id = rng.ulid(at);
    const errorCode = this.channelFailure(rng, channel, at);
    const data: Record<string, unknown> = { txnId: `T${id}`, type, amountFen: amount, channel, status: errorCode ? 'failed' : 'ok' };
    if (account !== null) data.account = this.accounts[account]!.account;
    if (errorCode) data.errorCode = errorCode;
    else this.countDay(at, type, amount);
    if (extra) Object.assign(data, extra);
    return { id, kind: 'txn', ts: this.ts.format(at), device: dev.code, site: dev.site, labels: dev.labels, data };
  }

  private channelFailure(rng: Rng, channel: string, at: number): string | null {
    let p = channel === 'cash' ? 0.003 : channel === 'bank' ? 0.01 : NATURAL_PAYMENT_FAILURE;
    let spike = false;
    for (const s of this.plan.paymentSpikes) {
      if (s.channels.has(channel) && at >= s.window.from && at < s.window.to) {
        p = SPIKE_PAYMENT_FAILURE;
        spike = true;
      }
    }
    if (!rng.chance(p)) return null;
    switch (channel) {
      case 'wechat':
        return spike ? (rng.chance(0.85) ? 'SYSTEMERROR' : 'BANKERROR') : rng.pick(WECHAT_ERRORS);
      case 'alipay':
        return spike ? 'ACQ.SYSTEM_ERROR' : rng.pick(ALIPAY_ERRORS);
      case 'unionpay':
        return rng.pick(UNIONPAY_ERRORS);
      case 'bank':
        return rng.pick(BANK_ERRORS);
      case 'cash':
        return 'NOTE_REJECTED';
      default:
        return 'DECLINED';
    }
  }

  // ---- transactions --------------------------------------------------------------------------------------------

  private transaction(p: Proc, dev: Dev): void {
    const { rng } = p;
    const at = p.at;
    const dead = this.silent(dev, at);
    const offlineMode = dev.flaky || inWindow(dev.offline, at);
    if (!dead || offlineMode) {
      const env = this.terminalTxn(p, dev, at, offlineMode);
      if (env) {
        if (offlineMode) dev.buffer.push(env);
        else this.queue.push(env);
      }
    }
    if (p.reversal) {
      p.at = at + rng.range(4_000, 40_000);
    } else {
      p.at = Math.floor(nextArrival(rng, p.profile, p.rateOrInterval, at + 1));
    }
  }

  private terminalTxn(p: Proc, dev: Dev, at: number, offline: boolean): Envelope | null {
    const { rng } = p;
    const latency = 90 + rng.exp(70) + 120 * intensity(dev.loadProfile, at);
    dev.txns++;
    dev.latencySum += latency;
    const hour = localMinute(at) / 60;
    const type = dev.spec.type;

    if (p.reversal) {
      // 冲正: the operator reverses the previous sale (wrong amount keyed), refunding the card.
      const r = p.reversal;
      p.reversal = null;
      const env = this.cardTxn(at, dev, rng, 'reversal', r.account, r.amount, 'card', null, offline);
      (env.data as Record<string, unknown>).origTxnId = r.txnId;
      return env;
    }

    if (type === 'pos' && dev.siteKind === 'canteen') {
      const account = rng.chance(0.8) ? this.pickFrom(rng, this.byCanteen.get(dev.site)) : rng.int(this.accounts.length);
      const breakfast = hour < 10;
      const amount = breakfast ? 10 * rng.range(30, 90) : 10 * Math.round((800 + 1700 * (rng.next() + rng.next()) / 2) / 10);
      // Some pay by scanning a WeChat/Alipay code at the terminal; that needs the network, so not while offline.
      const qr = rng.next();
      if (!offline && qr < 0.09) return this.channelTxn(at, dev, rng, 'consume', amount, 'wechat', null);
      if (!offline && qr < 0.15) return this.channelTxn(at, dev, rng, 'consume', amount, 'alipay', null);
      const env = this.cardTxn(at, dev, rng, 'consume', account, amount, 'card', rng.chance(0.0015) ? 'CARD_READ_ERROR' : null, offline);
      if ((env.data as { status: string }).status === 'ok' && rng.chance(0.004)) p.reversal = { account, amount, txnId: (env.data as { txnId: string }).txnId };
      return env;
    }
    if (type === 'pos') {
      // Service-hall counters: refunds of disputed meals and card replacement fees (补卡).
      const account = rng.int(this.accounts.length);
      if (rng.chance(0.55)) return this.cardTxn(at, dev, rng, 'refund', account, 10 * rng.range(30, 500), 'card', null, offline);
      return this.cardTxn(at, dev, rng, 'consume', account, 2000, 'card', null, offline);
    }
    if (type === 'water') {
      const account = this.pickFrom(rng, this.byDorm.get(dev.site));
      return this.cardTxn(at, dev, rng, 'consume', account, rng.range(40, 420), 'card', rng.chance(0.001) ? 'CARD_READ_ERROR' : null, offline);
    }
    if (type === 'recharge_kiosk') {
      this.usePaper(dev, at, rng);
      const pool = dev.siteKind === 'dorm' ? this.byDorm.get(dev.site) : dev.siteKind === 'canteen' ? this.byCanteen.get(dev.site) : undefined;
      const account = this.pickLowest(rng, pool, 4);
      if (rng.chance(0.7)) {
        // 圈存: from the holder's bound bank card to the card wallet.
        const amount = rng.pick([5_000, 10_000, 10_000, 20_000, 20_000, 30_000, 50_000]);
        return this.cardTxn(at, dev, rng, 'transfer', account, amount, 'bank', this.channelFailure(rng, 'bank', at), offline);
      }
      const amount = 1_000 * rng.pick([10, 20, 50, 50, 100, 100, 150, 200]) / 10;
      return this.cardTxn(at, dev, rng, 'recharge', account, amount, 'cash', this.channelFailure(rng, 'cash', at), offline);
    }
    if (type === 'kiosk' && dev.spec.subsystem === 'ticketing') {
      this.usePaper(dev, at, rng);
      return this.ticketSale(at, dev, rng, rng.chance(0.6) ? 'wechat' : 'alipay');
    }
    if (type === 'kiosk') {
      this.usePaper(dev, at, rng);
      const channel = rng.weighted(['wechat', 'alipay', 'unionpay'], [0.55, 0.35, 0.1]);
      if (rng.chance(0.55)) {
        const account = this.pickLowest(rng, undefined, 4);
        const amount = rng.pick([5_000, 10_000, 10_000, 20_000, 30_000]);
        return this.cardTxn(at, dev, rng, 'recharge', account, amount, channel, this.channelFailure(rng, channel, at), offline);
      }
      // Fees paid at the kiosk (electricity, network, printing, library fines): straight to the channel.
      const item = dev.site === 'library' ? rng.pick(['printing', 'fine']) : rng.pick(['electricity', 'electricity', 'network', 'tuition']);
      const amount = item === 'printing' ? 10 * rng.range(5, 200) : item === 'fine' ? 10 * rng.range(10, 300) : item === 'tuition' ? rng.pick([50_000, 120_000, 250_000]) : rng.pick([2_000, 5_000, 10_000, 20_000]);
      return this.channelTxn(at, dev, rng, 'consume', amount, channel, this.pickFrom(rng, this.students), { item });
    }
    if (type === 'server' && dev.code === 'SRV-PAY-01') {
      // Online recharge from the app or the WeChat official account.
      const channel = rng.chance(0.62) ? 'wechat' : 'alipay';
      const account = this.pickLowest(rng, undefined, 5);
      const amount = rng.pick([5_000, 10_000, 10_000, 20_000, 20_000, 30_000, 50_000]);
      return this.cardTxn(at, dev, rng, 'recharge', account, amount, channel, this.channelFailure(rng, channel, at), false);
    }
    if (type === 'ticket_pc') {
      this.usePaper(dev, at, rng);
      const channel = rng.weighted(['wechat', 'alipay', 'cash', 'unionpay'], [0.45, 0.3, 0.15, 0.1]);
      if (rng.chance(0.03)) return this.channelTxn(at, dev, rng, 'refund', rng.pick([6_000, 12_000, 24_000]), channel, null, { reason: 'visitor_request' });
      return this.ticketSale(at, dev, rng, channel);
    }
    if (type === 'gate' || type === 'handheld') {
      const ok = !rng.chance(0.015);
      if (ok) dev.passes++;
      const id = rng.ulid(at);
      const data: Record<string, unknown> = { txnId: `T${id}`, type: 'ticket_check', amountFen: 0, status: ok ? 'ok' : 'failed', ticketNo: this.ticketNo(at, rng) };
      if (!ok) data.errorCode = rng.pick(['TICKET_ALREADY_USED', 'TICKET_NOT_FOUND', 'QR_EXPIRED']);
        return { id, kind: 'txn', ts: this.ts.format(at), device: dev.code, site: dev.site, labels: dev.labels, data };
    }
    return null;
  }

  private ticketSale(at: number, dev: Dev, rng: Rng, channel: string): Envelope {
    const adults = rng.weighted([1, 2, 3, 4], [0.35, 0.4, 0.15, 0.1]);
    const reduced = rng.chance(0.3) ? rng.range(1, 2) : 0;
    return this.channelTxn(at, dev, rng, 'ticket_sale', adults * 12_000 + reduced * 6_000, channel, null, { tickets: adults + reduced, ticketNo: this.ticketNo(at, rng) });
  }

  private ticketNo(at: number, rng: Rng): string {
    return `TK${this.ts.format(at).slice(2, 10).replaceAll('-', '')}${String(rng.int(1_000_000)).padStart(6, '0')}`;
  }

  private usePaper(dev: Dev, at: number, rng: Rng): void {
    if (dev.paperPct < 2) return;
    dev.paperPct -= 0.35;
    if (dev.paperPct < 2 && !this.silent(dev, at)) {
      dev.paperRefillAt = at + rng.range(40, 150) * MINUTE;
      this.emit('event', at, dev, rng, { type: 'printer.paper_out', severity: 'warning', message: '凭条打印机缺纸', attrs: {} });
    }
  }

  private upload(p: Proc, dev: Dev): void {
    const recovery = p.extra !== null;
    const blocked = this.silent(dev, p.at) || inWindow(dev.offline, p.at);
    if (!blocked) {
      for (const env of dev.buffer) this.queue.push(env);
      dev.buffer.length = 0;
    }
    if (recovery) p.at = blocked ? p.at + MINUTE : Infinity;
    else p.at += p.rng.range(4, 15) * MINUTE;
  }

  // ---- access --------------------------------------------------------------------------------------------------

  private access(p: Proc, dev: Dev): void {
    const { rng, at } = p;
    const account = dev.siteKind === 'dorm' ? this.pickFrom(rng, this.byDorm.get(dev.site)) : rng.chance(0.88) ? this.pickFrom(rng, this.students) : rng.int(this.accounts.length);
    const granted = !rng.chance(0.015);
    if (granted) dev.passes++;
    const attrs: Record<string, unknown> = {
      account: this.accounts[account]!.account,
      method: rng.chance(0.86) ? 'face' : 'card',
      direction: rng.chance(0.5) ? 'in' : 'out',
      result: granted ? 'granted' : 'denied',
    };
    if (!granted) attrs.reason = rng.pick(['NO_PERMISSION', 'FACE_NOT_MATCHED', 'CARD_LOST', 'OUT_OF_HOURS']);
    this.emit('event', at, dev, rng, { type: granted ? 'access.granted' : 'access.denied', severity: 'info', attrs });
  }

  // ---- logins --------------------------------------------------------------------------------------------------

  private clientIp(rng: Rng): string {
    return rng.chance(0.6) ? `10.200.${rng.int(64)}.${1 + rng.int(254)}` : `${rng.pick(MOBILE_NETS)}.${rng.int(256)}.${1 + rng.int(254)}`;
  }

  private portalLogin(p: Proc, dev: Dev): void {
    const { rng, at } = p;
    const i = rng.int(this.accounts.length);
    const r = rng.next();
    const data: Record<string, unknown> = {
      account: this.accounts[i]!.account,
      ip: this.clientIp(rng),
      deviceId: `app-${((i * 2_654_435_761) >>> 0).toString(16)}`,
      userAgent: APP_AGENTS[i % APP_AGENTS.length],
      result: r < 0.97 ? 'ok' : 'fail',
    };
    if (r >= 0.97) data.reason = r < 0.995 ? 'bad_password' : 'captcha_failed';
    this.emit('login', at, dev, rng, data);
  }

  private operatorLogin(p: Proc, dev: Dev): void {
    const { rng, at } = p;
    const op = rng.pick(OPERATORS);
    const ok = !rng.chance(0.03);
    const data: Record<string, unknown> = { account: op.account, ip: op.ip, userAgent: 'YKT-Admin/5.2.7 (Windows 10)', result: ok ? 'ok' : 'fail' };
    if (!ok) data.reason = 'bad_password';
    this.emit('login', at, dev, rng, data);
  }

  // ---- daily jobs ----------------------------------------------------------------------------------------------

  private backupCheckin(p: Proc, dev: Dev): void {
    const { rng } = p;
    if (p.step === 0) {
      // The job starts at 02:30 and checks in when it finishes, a few minutes later.
      p.step = 1;
      p.at += rng.range(3, 12) * MINUTE + rng.int(MINUTE);
      return;
    }
    const at = p.at;
    const missed = this.plan.backupMissed.some((w) => at >= w.from && at < w.to);
    if (!missed && !this.silent(dev, at)) {
      const full = localWeekday(at) === 0;
      this.emit('event', at, dev, rng, {
        type: 'backup.checkin',
        severity: 'info',
        message: full ? '一卡通数据库全量备份完成' : '一卡通数据库增量备份完成',
        attrs: {
          job: 'card-db-backup',
          mode: full ? 'full' : 'incremental',
          result: 'ok',
          sizeBytes: full ? rng.range(38, 42) * 1_073_741_824 : rng.range(900, 2_400) * 1_048_576,
          durationSec: full ? rng.range(2_400, 3_600) : rng.range(120, 600),
        },
      });
    }
    p.step = 0;
    p.at = this.nextLocalTime(at + HOUR, 2 * 60 + 30);
  }

  private subsidy(p: Proc, dev: Dev): void {
    const { rng, at } = p;
    const day = localDay(at);
    const monthly = new Date(day * 24 * HOUR).getUTCDate() === 1;
    // Monthly living subsidy for every subsidised student on the 1st, a daily meal subsidy for a few otherwise.
    const batch = monthly ? this.subsidised.length : Math.min(this.subsidised.length, Math.max(1, Math.round(20 * this.rate)));
    if (p.step < batch && !this.silent(dev, at)) {
      const account = monthly ? this.subsidised[p.step]! : this.subsidised[(day * 20 + p.step) % this.subsidised.length]!;
      this.queue.push(this.cardTxn(at, dev, rng, 'subsidy', account, monthly ? 30_000 : 800, 'card', null, false));
    }
    p.step++;
    if (p.step < batch) p.at = at + rng.range(50, 400);
    else {
      p.step = 0;
      p.at = this.nextLocalTime(at + HOUR, 6 * 60);
    }
  }

  private dailyClose(p: Proc, dev: Dev): void {
    const { rng, at } = p;
    const d = this.dayTotals;
    if (!this.silent(dev, at)) {
      const day = localDay(at);
      const same = d.day === day;
      this.emit('event', at, dev, rng, {
        type: 'ledger.daily_close',
        severity: 'info',
        message: '一卡通日结完成',
        attrs: {
          businessDate: new Date(day * 24 * HOUR).toISOString().slice(0, 10),
          txnCount: same ? d.txns : 0,
          consumeFen: same ? d.consumeFen : 0,
          rechargeFen: same ? d.rechargeFen : 0,
          transferFen: same ? d.transferFen : 0,
          refundFen: same ? d.refundFen : 0,
          subsidyFen: same ? d.subsidyFen : 0,
          ticketFen: same ? d.ticketFen : 0,
          /** the simulator saw only part of the day */
          partial: localMidnight(day) < this.startMs,
        },
      });
    }
    p.at = this.nextLocalTime(at + HOUR, 23 * 60 + 59);
  }

  // ---- scenarios -----------------------------------------------------------------------------------------------

  private edge(p: Proc): void {
    const edges = this.plan.edges;
    const e: EdgeEvent = edges[p.step]!;
    const dev = this.devs.get(e.device);
    if (dev && !this.silent(dev, e.at)) this.emit('event', p.at, dev, p.rng, { type: e.type, severity: e.severity, message: e.message, attrs: e.attrs });
    p.step++;
    p.at = p.step < edges.length ? Math.max(p.at, edges[p.step]!.at) : Infinity;
  }

  private bruteForce(p: Proc): void {
    const plan = p.extra as { from: number; to: number; ip: string; target: string; spray: string[] };
    const dev = p.dev;
    const { rng, at } = p;
    if (!dev || at >= plan.to) {
      p.at = Infinity;
      return;
    }
    const sprayFrom = plan.from + (plan.to - plan.from) * 0.6;
    const base = { ip: plan.ip, userAgent: 'python-requests/2.31.0', deviceId: 'unknown' };
    if (at < sprayFrom) {
      // Phase 1: one account hammered from one address.
      if (!this.silent(dev, at)) this.emit('login', at, dev, rng, { account: plan.target, ...base, result: 'fail', reason: 'bad_password' });
      p.at = at + rng.range(1_500, 4_000);
      return;
    }
    // Phase 2: the same address sprays a few accounts, five tries each; the last one gets in.
    const tries = 5;
    const index = Math.floor(p.step / tries);
    if (index >= plan.spray.length) {
      p.at = Infinity;
      return;
    }
    const last = index === plan.spray.length - 1 && p.step % tries === tries - 1;
    if (!this.silent(dev, at)) {
      this.emit('login', at, dev, rng, last ? { account: plan.spray[index], ...base, result: 'ok' } : { account: plan.spray[index], ...base, result: 'fail', reason: 'bad_password' });
    }
    p.step++;
    p.at = at + rng.range(800, 3_000);
  }

  private cardTesting(p: Proc, dev: Dev): void {
    const plan = p.extra as { from: number; to: number };
    const { rng, at } = p;
    if (at >= plan.to) {
      p.at = Infinity;
      return;
    }
    if (p.burstLeft === 0) p.burstLeft = rng.range(8, 16);
    if (!this.silent(dev, at)) {
      // Tiny amounts across many cards: most fail verification; the ones that go through are real debits.
      const account = rng.int(this.accounts.length);
      const failure = rng.chance(0.7) ? rng.pick(['CARD_VERIFY_FAILED', 'CARD_BLACKLISTED', 'PIN_ERROR']) : null;
      this.queue.push(this.cardTxn(at, dev, rng, 'consume', account, rng.range(1, 9), 'card', failure, false));
    }
    p.burstLeft--;
    p.at = p.burstLeft > 0 ? at + rng.range(250, 1_500) : at + rng.range(15_000, 60_000);
  }
}

function metricIntervalOf(type: string): number {
  switch (type) {
    case 'pos':
    case 'gate':
    case 'ticket_pc':
    case 'ups':
    case 'switch':
    case 'router':
    case 'router_4g':
    case 'server':
    case 'database':
      return MINUTE;
    case 'kiosk':
    case 'recharge_kiosk':
      return 5 * MINUTE;
    default:
      return 0;
  }
}

function loadProfileOf(spec: EstateDevice, siteKind: string): Profile {
  switch (siteKind) {
    case 'canteen':
      return spec.type === 'recharge_kiosk' ? 'kiosk' : 'canteen';
    case 'dorm':
      return spec.type === 'water' ? 'shower' : spec.type === 'door' ? 'dorm_door' : 'kiosk';
    case 'library':
      return spec.type === 'kiosk' || spec.type === 'recharge_kiosk' ? 'kiosk' : 'library';
    case 'teaching':
      return spec.type === 'kiosk' ? 'kiosk' : 'teaching';
    case 'service':
      return spec.type === 'pos' ? 'office' : 'kiosk';
    case 'scenic':
      return spec.type === 'ticket_pc' || spec.type === 'kiosk' ? 'ticket_office' : 'scenic_gate';
    default:
      if (spec.code === 'SRV-PORTAL-01' || spec.code === 'SRV-PAY-01') return 'portal';
      return 'canteen';
  }
}

/** Peak customers per minute at a transacting device, and the rhythm they follow. */
function txnProfileOf(dev: Dev): { profile: Profile; perMinute: number } | null {
  const { type, code } = dev.spec;
  switch (type) {
    case 'pos':
      return dev.siteKind === 'canteen' ? { profile: 'canteen', perMinute: 2 } : { profile: 'office', perMinute: 0.4 };
    case 'water':
      return { profile: 'shower', perMinute: 1 };
    case 'recharge_kiosk':
      return { profile: 'kiosk', perMinute: 0.4 };
    case 'kiosk':
      return dev.spec.subsystem === 'ticketing' ? { profile: 'ticket_office', perMinute: 1.2 } : { profile: 'kiosk', perMinute: 0.5 };
    case 'ticket_pc':
      return { profile: 'ticket_office', perMinute: 2 };
    case 'gate':
      return dev.siteKind === 'scenic' ? { profile: 'scenic_gate', perMinute: 8 } : null;
    case 'handheld':
      return { profile: 'scenic_gate', perMinute: 2 };
    case 'server':
      return code === 'SRV-PAY-01' ? { profile: 'portal', perMinute: 2 } : null;
    default:
      return null;
  }
}

/** Door and library-gate passes per minute at the busiest minute. */
function accessProfileOf(dev: Dev): { profile: Profile; perMinute: number } | null {
  const { type } = dev.spec;
  if (type === 'door') {
    if (dev.siteKind === 'dorm') return { profile: 'dorm_door', perMinute: 3 };
    if (dev.siteKind === 'library') return { profile: 'library', perMinute: 3 };
    return { profile: 'teaching', perMinute: 2 };
  }
  if (type === 'gate' && dev.siteKind === 'library') return { profile: 'library', perMinute: 5 };
  return null;
}

/** Runs a generator to the end and returns every event (tests and small runs). */
export function generateEvents(options: GeneratorOptions): Envelope[] {
  if (!Number.isFinite(options.durationMs)) throw new RangeError('generateEvents needs a finite duration');
  const gen = new EventGenerator(options);
  const out: Envelope[] = [];
  while (gen.take(Infinity, 10_000, out) > 0) {
    /* keep pulling */
  }
  return out;
}
