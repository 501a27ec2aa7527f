import type { Logger } from 'pino';
import { randomSecret } from './ids.ts';
import { toCsv } from './lib/csv.ts';
import type { RequestContext } from './modules/auth/index.ts';
import type { Services } from './services.ts';
import { demoEstate } from './simulator/demo.ts';
import { runSimulation } from './simulator/run.ts';
import type { ScenarioSpec } from './simulator/scenarios.ts';

/** The service account the in-process simulator sends telemetry as; its presence marks a database as a demo. */
export const DEMO_USER = 'simulator';
const DEMO_ROLE = 'telemetry-sender';
const DEMO_TOKEN = 'demo-simulator';
/** History generated at start-up (a few seconds of work) so the charts are not empty in the first minutes. */
const BACKFILL_SECONDS = 30 * 60;

/**
 * What goes wrong on the demo campus, again every two hours for a day, so that a new console shows alerts being raised
 * and resolved by themselves within minutes: a POS terminal falls silent, WeChat Pay and Alipay start failing, the card
 * centre's UPS runs on battery, and a dormitory's switch goes down.
 */
export function demoScenarios(cycles = 12): ScenarioSpec[] {
  const cycle: ScenarioSpec[] = [
    { name: 'pos-silent', startOffsetSec: 60, durationSec: 8 * 60 },
    { name: 'payment-failure-spike', startOffsetSec: 12 * 60, durationSec: 12 * 60 },
    { name: 'ups-on-battery', startOffsetSec: 35 * 60, durationSec: 10 * 60 },
    { name: 'switch-down', startOffsetSec: 60 * 60, durationSec: 10 * 60 },
  ];
  return Array.from({ length: cycles }, (_, i) => cycle.map((s) => ({ ...s, startOffsetSec: s.startOffsetSec! + i * 2 * 3600 }))).flat();
}

/**
 * Loads the demo campus into a new database through opsdesk's own services (so it is validated and audited like any
 * import): its sites and devices, a role that may only send telemetry, and the account the simulator uses.
 */
export async function loadDemoEstate(services: Services, ctx: RequestContext): Promise<void> {
  const csv = demoEstateCsv();
  await services.imports.importSites(ctx, { format: 'csv', bytes: Buffer.from(csv.sites) }, { dryRun: false });
  await services.imports.importDevices(ctx, { format: 'csv', bytes: Buffer.from(csv.devices) }, { dryRun: false });
  await services.roles.create(ctx, { id: DEMO_ROLE, name: '遥测发送', description: 'May only send telemetry (POST /api/v1/ingest): for collectors and simulators', permissions: ['ingest:write'] });
  await services.users.create(ctx, { username: DEMO_USER, displayName: '演示模拟器', password: `Sim-${randomSecret(18)}`, roleIds: [DEMO_ROLE], siteIds: null });
}

/** The demo campus as the two import files a person would upload (also used by the ingest benchmark). */
export function demoEstateCsv(): { sites: string; devices: string } {
  const { sites, devices } = demoEstate();
  return {
    sites: toCsv(['code', 'name', 'timezone', 'description'], sites.map((s) => [s.code, s.name, s.timezone, s.description])),
    devices: toCsv(
      ['code', 'name', 'site', 'type', 'subsystem', 'model', 'serial', 'ip', 'firmware', 'upstream', 'installDate', 'warrantyEnd'],
      devices.map((d) => [d.code, d.name, d.siteCode, d.type, d.subsystem, d.model, d.serial, d.ip, d.firmware, d.upstreamCode ?? '', d.installDate, d.warrantyEnd]),
    ),
  };
}

/** A fresh token for the demo's simulator, or null when this database is not a demo. */
export async function demoToken(services: Services, ctx: RequestContext): Promise<string | null> {
  const user = await services.users.findByUsername(DEMO_USER);
  if (!user || user.status !== 'active') return null;
  return services.tokens.issueForService(ctx, user.id, { name: DEMO_TOKEN, permissions: ['ingest:write'] });
}

/**
 * Runs the simulator against this node's own HTTP API: half an hour of history as fast as it is taken, then the live
 * campus in real time, with its faults (demoScenarios), until `signal` aborts. It talks to opsdesk only through the public ingest API, like any device.
 */
export async function runDemoSimulation(options: { url: string; token: string; log: Logger; signal: AbortSignal; seed?: number }): Promise<void> {
  const { url, token, log, signal } = options;
  const seed = options.seed ?? Math.floor(Date.now() / 86_400_000);
  try {
    const history = await runSimulation({ target: url, token, durationSeconds: BACKFILL_SECONDS, seed, realTime: false, signal });
    log.info({ sent: history.sent }, 'demo: half an hour of campus history loaded');
    if (signal.aborted) return;
    await runSimulation({ target: url, token, durationSeconds: Infinity, seed: seed + 1, realTime: true, signal, progressEveryMs: 60_000, scenarios: demoScenarios() });
  } catch (error) {
    if (!signal.aborted) log.error({ err: error }, 'demo: the simulator stopped');
  }
}
