/** A device as the generator sees it: its place in the estate, the faults planned for it, and its running state. */
import type { Envelope } from '../../modules/ingest/index.ts';
import type { EstateDevice } from '../estate.ts';
import type { Rng } from '../random.ts';
import type { Profile } from '../rhythm.ts';
import { inWindow, type ScenarioPlan, type Window } from '../scenarios.ts';
import { loadProfileOf } from './device-profiles.ts';

/** Terminals with a flaky link: they trade offline and upload every few minutes. */
const FLAKY_LINKS = new Set(['POS-C3-012', 'POS-C1-038']);

export interface Dev {
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

/** A device's starting state; `rng` is the device's own stream, drawn in a fixed order. */
export function createDev(spec: EstateDevice, siteKind: string, plan: ScenarioPlan, startMs: number, rng: Rng): Dev {
  const dev: Dev = {
    spec,
    code: spec.code,
    site: spec.siteCode,
    siteKind,
    labels: { subsystem: spec.subsystem, type: spec.type },
    silent: plan.silent.get(spec.code),
    offline: plan.offline.get(spec.code),
    onBattery: plan.onBattery.get(spec.code),
    flaky: FLAKY_LINKS.has(spec.code),
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
    batteryAt: startMs,
    loadProfile: loadProfileOf(spec, siteKind),
  };
  if (spec.type === 'server' || spec.type === 'database') {
    dev.cpu = rng.real(8, 20);
    dev.temp = rng.real(42, 52);
  }
  return dev;
}

/** Whether a device sends nothing at all at `t` (a silent fault, or behind a failed switch). */
export function isSilent(dev: Dev | null, t: number): boolean {
  return dev !== null && dev.silent !== undefined && inWindow(dev.silent, t);
}
