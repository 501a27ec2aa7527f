/**
 * The estate's telemetry, made cheaply enough to send 10,000 events a second from the same two cores as the server:
 * envelopes are written as JSON text directly, with a counter for ids and the send time for `ts`. Every value stays
 * inside every rule (benchRules), so the background raises nothing and only the probes fire.
 *
 * The mix per 10,000 events: 1,000 heartbeats (every device once in ten seconds at 10,000/s), 5,500 metrics, 3,000
 * transactions (0.5 % failed), 300 logins, 200 device events.
 */
import type { BenchDevice, BenchEstate } from './estate.ts';

/** A small deterministic generator (mulberry32): the same run sends the same values. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METRICS_BY_TYPE: Record<string, [name: string, min: number, max: number][]> = {
  pos: [['pos.txn_latency_ms', 150, 900]],
  switch: [
    ['switch.uplink_util_pct', 5, 60],
    ['switch.port_errors', 0, 3],
  ],
  router: [['wan.latency_ms', 2, 30]],
  gate: [['gate.passes_per_min', 0, 40]],
  ups: [
    ['ups.battery_pct', 95, 100],
    ['ups.load_pct', 20, 60],
  ],
  kiosk: [['printer.paper_pct', 20, 100]],
  recharge_kiosk: [['printer.paper_pct', 20, 100]],
  server: [['app.txn_latency_ms', 40, 400]],
  database: [['db.active_sessions', 50, 300]],
  door: [['front.queue_len', 0, 5]],
  water: [['front.queue_len', 0, 3]],
  ticket_pc: [['ticket.queue_len', 0, 8]],
};
const CHANNELS = ['card', 'card', 'card', 'wechat', 'wechat', 'alipay', 'alipay', 'unionpay', 'bank', 'cash'];

export interface TelemetryMaker {
  /** `count` background envelopes as a JSON array, stamped `ts`. */
  batch(count: number, ts: string): string;
  /** One probe value for a device, as a one-item JSON array. */
  probe(device: BenchDevice, value: number, ts: string): string;
  /** Heartbeats of these devices only (the storm's background), as a JSON array. */
  heartbeats(devices: readonly BenchDevice[], ts: string): string;
}

export function createTelemetry(estate: BenchEstate, runTag: string, seed = 20261201): TelemetryMaker {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let serial = 0;
  // 8–64 characters of [A-Za-z0-9_.:-]: the run's tag and a counter, unique within a database.
  const id = () => `${runTag}${(serial++).toString(36).padStart(10, '0')}`;
  const between = (min: number, max: number) => Math.round((min + random() * (max - min)) * 10) / 10;

  const all = estate.devices;
  const payers = [...(estate.byType.get('pos') ?? []), ...(estate.byType.get('kiosk') ?? []), ...(estate.byType.get('recharge_kiosk') ?? [])];
  const servers = [...(estate.byType.get('server') ?? [])];
  const metricDevices = all.filter((d) => METRICS_BY_TYPE[d.type]);
  const eventDevices = [...(estate.byType.get('door') ?? []), ...(estate.byType.get('gate') ?? [])];
  let heartbeatAt = 0;

  const head = (kind: string, d: BenchDevice, ts: string) => `{"id":"${id()}","kind":"${kind}","ts":"${ts}","device":"${d.code}","site":"${d.site.code}","data":`;

  function heartbeat(d: BenchDevice, ts: string): string {
    return `${head('heartbeat', d, ts)}{"status":"ok","cpu":${between(3, 60)},"memPct":${between(30, 75)},"diskPct":${between(20, 70)},"tempC":${between(30, 52)}}}`;
  }

  function one(ts: string): string {
    const r = random() * 10_000;
    if (r < 1000) {
      // Round-robin over the estate: every device heard from once in each 10,000 heartbeats.
      const d = all[heartbeatAt++ % all.length]!;
      return heartbeat(d, ts);
    }
    if (r < 6500) {
      const d = pick(metricDevices);
      const [name, min, max] = pick(METRICS_BY_TYPE[d.type]!);
      return `${head('metric', d, ts)}{"name":"${name}","value":${between(min, max)}}}`;
    }
    if (r < 9500) {
      const d = pick(payers);
      const channel = pick(CHANNELS);
      const type = random() < 0.03 ? 'refund' : d.type === 'pos' ? 'consume' : 'recharge';
      const status = random() < 0.005 ? 'failed' : 'ok';
      return `${head('txn', d, ts)}{"txnId":"${id()}","type":"${type}","amountFen":${Math.floor(100 + random() * 3000)},"account":"2024${String(Math.floor(random() * 20000)).padStart(6, '0')}","channel":"${channel}","status":"${status}"}}`;
    }
    if (r < 9800) {
      const d = pick(servers);
      const result = random() < 0.02 ? 'fail' : 'ok';
      return `${head('login', d, ts)}{"account":"2024${String(Math.floor(random() * 20000)).padStart(6, '0')}","ip":"10.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}.${1 + Math.floor(random() * 250)}","result":"${result}"}}`;
    }
    const d = pick(eventDevices);
    return `${head('event', d, ts)}{"type":"${d.type}.passage","severity":"info","message":"card accepted"}}`;
  }

  return {
    batch(count, ts) {
      const parts: string[] = new Array(count);
      for (let i = 0; i < count; i++) parts[i] = one(ts);
      return `[${parts.join(',')}]`;
    },
    probe(d, value, ts) {
      return `[${head('metric', d, ts)}{"name":"bench.probe","value":${value}}}]`;
    },
    heartbeats(devices, ts) {
      return `[${devices.map((d) => heartbeat(d, ts)).join(',')}]`;
    },
  };
}
