/** A device's vital signs: heartbeats (status, CPU, memory, disk, temperature), UPS battery, and per-type metrics. */
import type { Rng } from '../random.ts';
import { intensity } from '../rhythm.ts';
import { inWindow } from '../scenarios.ts';
import { emit, type SimContext } from './context.ts';
import type { Dev } from './device.ts';
import type { Proc } from './processes.ts';
import { HOUR, MINUTE } from './time.ts';

const r1 = (x: number): number => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

function battery(dev: Dev, t: number): { onBattery: boolean; pct: number } {
  // Integrate from the last look: -1.1 %/min on battery, +0.6 %/min charging.
  const onBattery = inWindow(dev.onBattery, t);
  const minutes = (t - dev.batteryAt) / MINUTE;
  dev.batteryAt = t;
  dev.batteryPct = clamp(dev.batteryPct + (onBattery ? -1.1 : 0.6) * minutes, 3, 100);
  return { onBattery, pct: r1(dev.batteryPct) };
}

export function heartbeat(ctx: SimContext, p: Proc, dev: Dev): void {
  const { rng, at } = p;
  const load = intensity(dev.loadProfile, at);
  const type = dev.spec.type;
  if (type === 'ups') {
    const b = battery(dev, at);
    emit(ctx, 'heartbeat', at, dev, rng, {
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
    emit(ctx, 'event', at, dev, rng, { type: 'printer.paper_refilled', severity: 'info', message: '凭条纸已更换', attrs: {} });
  }
  emit(ctx, 'heartbeat', at, dev, rng, {
    status: dev.paperPct < 2 ? 'paper_out' : 'ok',
    cpu: r1(cpu),
    memPct: r1(clamp(dev.mem + 12 * load + rng.normal(0, 1), 1, 99)),
    diskPct: r1(clamp(dev.disk + (at - ctx.startMs) / (24 * HOUR) * 0.05, 1, 99.5)),
    tempC: r1(dev.temp + 6 * load + rng.normal(0, 0.4)),
    link: type === 'handheld' || type === 'router_4g' ? '4g' : 'wired',
  });
}

export function resetCounters(dev: Dev): void {
  dev.passes = 0;
  dev.txns = 0;
  dev.latencySum = 0;
}

function metric(ctx: SimContext, at: number, dev: Dev, rng: Rng, name: string, value: number, unit: string): void {
  emit(ctx, 'metric', at, dev, rng, { name, value, unit });
}

export function metrics(ctx: SimContext, p: Proc, dev: Dev): void {
  const { rng, at } = p;
  const load = intensity(dev.loadProfile, at);
  switch (dev.spec.type) {
    case 'pos':
      if (dev.txns > 0) metric(ctx, at, dev, rng, 'pos.txn_latency_ms', Math.round(dev.latencySum / dev.txns), 'ms');
      break;
    case 'gate':
      metric(ctx, at, dev, rng, 'gate.passes_per_min', dev.passes, 'count');
      break;
    case 'ticket_pc':
      metric(ctx, at, dev, rng, 'ticket.queue_len', Math.max(0, Math.round(load * 14 * ctx.rate ** 0.5 + rng.normal(0, 1.5))), 'people');
      break;
    case 'kiosk':
    case 'recharge_kiosk':
      metric(ctx, at, dev, rng, 'printer.paper_pct', Math.round(dev.paperPct), '%');
      break;
    case 'ups': {
      const b = battery(dev, at);
      metric(ctx, at, dev, rng, 'ups.battery_pct', b.pct, '%');
      metric(ctx, at, dev, rng, 'ups.load_pct', r1(32 + 18 * load + rng.normal(0, 1)), '%');
      metric(ctx, at, dev, rng, 'ups.runtime_min', Math.round(b.pct * (b.onBattery ? 0.55 : 0.6)), 'min');
      break;
    }
    case 'switch':
      metric(ctx, at, dev, rng, 'switch.port_errors', rng.chance(0.03) ? rng.range(1, 6) : 0, 'count');
      metric(ctx, at, dev, rng, 'switch.uplink_util_pct', r1(clamp(4 + 45 * load + rng.normal(0, 2), 0.5, 100)), '%');
      break;
    case 'router':
      metric(ctx, at, dev, rng, 'wan.latency_ms', r1((dev.site === 'scenic-south' ? 14 : 3) + 6 * load + rng.exp(1.5)), 'ms');
      metric(ctx, at, dev, rng, 'wan.loss_pct', rng.chance(0.04) ? r1(rng.real(0.1, 1.5)) : 0, '%');
      break;
    case 'router_4g':
      metric(ctx, at, dev, rng, 'lte.rsrp_dbm', Math.round(rng.normal(-88, 5)), 'dBm');
      metric(ctx, at, dev, rng, 'wan.latency_ms', r1(45 + 25 * load + rng.exp(8)), 'ms');
      break;
    case 'server':
      if (dev.code === 'SRV-FRONT-01') metric(ctx, at, dev, rng, 'front.queue_len', Math.max(0, Math.round(load * 18 * ctx.rate ** 0.5 + rng.normal(0, 2))), 'messages');
      else if (dev.code === 'SRV-CARD-01' || dev.code === 'SRV-PAY-01' || dev.code === 'SRV-TKT-01') {
        metric(ctx, at, dev, rng, 'app.txn_latency_ms', Math.round(35 + 90 * load + rng.exp(12)), 'ms');
      }
      break;
    case 'database':
      metric(ctx, at, dev, rng, 'db.active_sessions', Math.round(25 + 140 * load + rng.normal(0, 4)), 'sessions');
      metric(ctx, at, dev, rng, 'db.tablespace_pct', r1(dev.disk + (at - ctx.startMs) / (24 * HOUR) * 0.08), '%');
      break;
  }
  resetCounters(dev);
}
