/**
 * Faults the simulator can inject (SPEC C14). Each has a start offset from the beginning of the run, a duration and
 * a target; all deterministic. The generator asks the resulting plan what is happening to a device or a payment
 * channel at a given virtual instant.
 */
import type { Estate, EstateDevice } from './estate.ts';
import { streamFor } from './random.ts';

export const SCENARIO_NAMES = [
  'pos-silent',
  'switch-down',
  'payment-failure-spike',
  'ups-on-battery',
  'brute-force-login',
  'card-testing',
  'backup-checkin-missed',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

interface ScenarioInfo {
  description: string;
  defaultDurationSec: number;
  /** device code, account, or channel list, by scenario */
  defaultTarget: string;
  targetHelp: string;
}

export const SCENARIOS: Record<ScenarioName, ScenarioInfo> = {
  'pos-silent': { description: 'one POS terminal stops sending anything', defaultDurationSec: 900, defaultTarget: 'POS-C2-007', targetHelp: 'device code' },
  'switch-down': {
    description: "a site's switch fails: it and every device behind it go silent (POS and water controllers keep working offline and upload when it returns)",
    defaultDurationSec: 600,
    defaultTarget: 'SW-C2-01',
    targetHelp: 'switch or router code',
  },
  'payment-failure-spike': { description: 'WeChat Pay / Alipay failure rate jumps well above 5% (SYSTEMERROR, ACQ.SYSTEM_ERROR)', defaultDurationSec: 900, defaultTarget: 'wechat,alipay', targetHelp: 'channels, comma separated' },
  'ups-on-battery': { description: 'mains power lost: the UPS runs on battery, battery % falling', defaultDurationSec: 1200, defaultTarget: 'UPS-CC-01', targetHelp: 'UPS code' },
  'brute-force-login': { description: 'many failed logins for one account from one IP, then a few accounts from the same IP', defaultDurationSec: 300, defaultTarget: '', targetHelp: 'account (default: one chosen by the seed)' },
  'card-testing': { description: 'bursts of tiny consumptions, mostly failing, across many cards at one terminal', defaultDurationSec: 240, defaultTarget: 'POS-C3-016', targetHelp: 'terminal code' },
  'backup-checkin-missed': { description: "the card database backup's daily check-in (event backup.checkin from DB-BACKUP-01) does not arrive", defaultDurationSec: 86_400, defaultTarget: 'DB-BACKUP-01', targetHelp: '(none)' },
};

/** Start offset used when a scenario is named without one. */
export const DEFAULT_START_OFFSET_SEC = 120;

export interface ScenarioSpec {
  name: ScenarioName;
  /** seconds after the start of the run; default 120 */
  startOffsetSec?: number;
  durationSec?: number;
  target?: string;
}

export class ScenarioError extends Error {}

export const isScenarioName = (name: string): name is ScenarioName => (SCENARIO_NAMES as readonly string[]).includes(name);

/** Seconds from "90", "90s", "15m", "2h". */
export function parseSeconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
  if (!m) throw new ScenarioError(`"${text}" is not a duration (e.g. 90, 90s, 15m, 2h)`);
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

/** `NAME[:START[:DURATION[:TARGET]]]`, e.g. `switch-down:5m:10m:SW-DE-01`. */
export function parseScenario(text: string): ScenarioSpec {
  const [name = '', start, duration, ...target] = text.split(':');
  if (!isScenarioName(name)) throw new ScenarioError(`unknown scenario "${name}"; valid: ${SCENARIO_NAMES.join(', ')}`);
  const spec: ScenarioSpec = { name };
  if (start) spec.startOffsetSec = parseSeconds(start);
  if (duration) spec.durationSec = parseSeconds(duration);
  if (target.length > 0 && target.join(':')) spec.target = target.join(':');
  return spec;
}

export interface Window {
  from: number;
  to: number;
}

export interface EdgeEvent {
  at: number;
  device: string;
  type: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  attrs: Record<string, unknown>;
}

export interface BruteForcePlan extends Window {
  ip: string;
  target: string;
  /** accounts tried in the second phase; the last one succeeds */
  spray: string[];
}

export interface CardTestingPlan extends Window {
  terminal: string;
}

export interface ScenarioPlan {
  /** windows in which a device sends nothing at all */
  silent: Map<string, Window[]>;
  /** windows in which a POS or water controller keeps trading offline, uploading when the window ends */
  offline: Map<string, Window[]>;
  onBattery: Map<string, Window[]>;
  paymentSpikes: { window: Window; channels: Set<string> }[];
  bruteForce: BruteForcePlan[];
  cardTesting: CardTestingPlan[];
  backupMissed: Window[];
  /** one-off device events marking a fault's start and end (link down/up, UPS on battery/on mains) */
  edges: EdgeEvent[];
  /** the resolved scenarios, for the run summary */
  resolved: { name: ScenarioName; target: string; startMs: number; endMs: number }[];
}

const OFFLINE_CAPABLE = new Set(['pos', 'water']);

function push<K>(map: Map<K, Window[]>, key: K, w: Window): void {
  const list = map.get(key);
  if (list) list.push(w);
  else map.set(key, [w]);
}

export const inWindow = (windows: readonly Window[] | undefined, t: number): boolean => {
  if (!windows) return false;
  for (const w of windows) if (t >= w.from && t < w.to) return true;
  return false;
};

/** Checks every scenario against the estate and works out what it does; throws ScenarioError on a bad target. */
export function planScenarios(specs: readonly ScenarioSpec[], estate: Estate, startMs: number, seed: number): ScenarioPlan {
  const plan: ScenarioPlan = { silent: new Map(), offline: new Map(), onBattery: new Map(), paymentSpikes: [], bruteForce: [], cardTesting: [], backupMissed: [], edges: [], resolved: [] };
  specs.forEach((spec, index) => {
    const info = SCENARIOS[spec.name];
    if (!info) throw new ScenarioError(`unknown scenario "${String(spec.name)}"; valid: ${SCENARIO_NAMES.join(', ')}`);
    const from = startMs + Math.round((spec.startOffsetSec ?? DEFAULT_START_OFFSET_SEC) * 1000);
    const durationSec = spec.durationSec ?? info.defaultDurationSec;
    if (!(durationSec > 0)) throw new ScenarioError(`${spec.name}: duration must be positive`);
    const window: Window = { from, to: from + Math.round(durationSec * 1000) };
    const rng = streamFor(seed, `scenario:${index}:${spec.name}`);
    const device = (code: string, types: readonly string[] | null): EstateDevice => {
      const d = estate.device(code);
      if (!d) throw new ScenarioError(`${spec.name}: no device "${code}" in the estate`);
      if (types && !types.includes(d.type)) throw new ScenarioError(`${spec.name}: ${code} is a ${d.type}, expected ${types.join(' or ')}`);
      return d;
    };
    let target = spec.target ?? info.defaultTarget;

    switch (spec.name) {
      case 'pos-silent': {
        device(target, null);
        push(plan.silent, target, window);
        break;
      }
      case 'switch-down': {
        const sw = device(target, ['switch', 'router', 'router_4g']);
        push(plan.silent, sw.code, window);
        for (const d of estate.downstreamOf(sw.code)) {
          push(plan.silent, d.code, window);
          if (OFFLINE_CAPABLE.has(d.type)) push(plan.offline, d.code, window);
        }
        if (sw.upstreamCode) {
          const port = `GigabitEthernet0/0/${1 + rng.int(24)}`;
          const attrs = { interface: port, neighbor: sw.code, neighborIp: sw.ip };
          plan.edges.push({ at: window.from + 1500, device: sw.upstreamCode, type: 'link.down', severity: 'critical', message: `${port} (to ${sw.code}) changed state to down`, attrs });
          plan.edges.push({ at: window.to + 800, device: sw.upstreamCode, type: 'link.up', severity: 'info', message: `${port} (to ${sw.code}) changed state to up`, attrs });
        }
        break;
      }
      case 'payment-failure-spike': {
        const channels = target.split(',').map((c) => c.trim()).filter(Boolean);
        const valid = ['wechat', 'alipay', 'unionpay', 'bank'];
        for (const c of channels) if (!valid.includes(c)) throw new ScenarioError(`${spec.name}: unknown channel "${c}"; valid: ${valid.join(', ')}`);
        plan.paymentSpikes.push({ window, channels: new Set(channels) });
        target = channels.join(',');
        break;
      }
      case 'ups-on-battery': {
        const ups = device(target, ['ups']);
        push(plan.onBattery, ups.code, window);
        plan.edges.push({ at: window.from + 300, device: ups.code, type: 'ups.on_battery', severity: 'critical', message: 'Utility power failure: UPS on battery', attrs: { inputVoltageV: 0 } });
        plan.edges.push({ at: window.to + 300, device: ups.code, type: 'ups.on_mains', severity: 'info', message: 'Utility power restored: UPS back on mains', attrs: { inputVoltageV: 221 } });
        break;
      }
      case 'brute-force-login': {
        const students = estate.accounts.filter((a) => a.kind === 'student');
        if (target && !estate.accounts.some((a) => a.account === target)) throw new ScenarioError(`${spec.name}: no account "${target}"`);
        if (!target) target = rng.pick(students).account;
        const ip = `${rng.pick(['45.155', '103.152', '185.220', '194.165', '91.240'])}.${rng.int(256)}.${1 + rng.int(254)}`;
        const spray = Array.from({ length: 6 }, () => rng.pick(students).account);
        plan.bruteForce.push({ ...window, ip, target, spray });
        break;
      }
      case 'card-testing': {
        device(target, ['pos', 'kiosk', 'water']);
        plan.cardTesting.push({ ...window, terminal: target });
        break;
      }
      case 'backup-checkin-missed': {
        target = 'DB-BACKUP-01';
        plan.backupMissed.push(window);
        break;
      }
    }
    plan.resolved.push({ name: spec.name, target, startMs: window.from, endMs: window.to });
  });
  plan.edges.sort((a, b) => a.at - b.at);
  return plan;
}
