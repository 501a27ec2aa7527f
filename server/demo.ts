import type { Logger } from 'pino';
import { randomSecret } from './ids.ts';
import { toCsv } from './lib/csv.ts';
import type { RequestContext } from './modules/auth/index.ts';
import { DEMO_ARTICLES } from './modules/kb/index.ts';
import { addDays, DEFAULT_ZONE, describeDate, localDateOf, ROUND_THE_CLOCK } from './modules/calendar/index.ts';
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

/** The demo's engineers on the duty roster (accounts with unknown passwords: an administrator resets one to try it). */
const DEMO_ENGINEERS = [
  { username: 'zhang.wei', displayName: '张伟（驻场工程师）', phone: '13800138001' },
  { username: 'li.na', displayName: '李娜（驻场工程师）', phone: '13800138002' },
  { username: 'wang.qiang', displayName: '王强（驻场工程师）', phone: '13800138003' },
];

/**
 * Paging on the demo campus, so that an alert reaches somebody out of the box: three engineers on a weekly roster
 * (hand-over 08:30, the administrator as leader on duty on every public holiday of the coming year) and two
 * escalation policies over the in-console channel — level 1 pages the engineer on duty and the administrator (the
 * technical lead) together; levels 2 and 3 page the engineer on duty, then the administrator after 15 minutes.
 */
export async function loadDemoPaging(services: Services, ctx: RequestContext, adminId: string, now: number): Promise<void> {
  const engineers: string[] = [];
  for (const e of DEMO_ENGINEERS) {
    const user = await services.users.create(ctx, { username: e.username, displayName: e.displayName, phone: e.phone, password: `Demo-${randomSecret(18)}`, roleIds: ['engineer'], siteIds: null });
    engineers.push(user.id);
  }
  const zone = DEFAULT_ZONE;
  const today = localDateOf(now, zone);
  const holidays = upcomingPublicHolidays(today, 366).map((date) => ({ date, leaderUserId: adminId, userIds: null }));
  const roster = await services.rosters.create(ctx, {
    name: '运维值班表',
    description: '驻场工程师 7×24 轮值，每周一 08:30 交接；法定节假日由技术负责人带班。',
    zone,
    hotline: '0571-8888 6666',
    chinaHolidays: true,
    holidayHandover: '08:30',
    layers: [{ name: '驻场工程师', rotation: { kind: 'weekly', handover: '08:30', startDate: today, participants: engineers } }],
    holidays,
  });
  const console = (await services.channels.list(ctx)).items.find((c) => c.kind === 'console')!;
  await services.escalationPolicies.create(ctx, {
    name: '一级告警',
    description: '一级告警同时通知值班工程师和技术负责人；10 分钟无人确认再次通知。',
    levels: [1],
    steps: [{ targets: [{ kind: 'roster', rosterId: roster.id, include: 'both' }, { kind: 'user', userId: adminId }], channelIds: [console.id], waitMinutes: 10 }],
    repeat: 2,
  });
  await services.escalationPolicies.create(ctx, {
    name: '二级、三级告警',
    description: '先通知值班工程师，15 分钟无人确认升级到技术负责人。',
    levels: [2, 3],
    steps: [
      { targets: [{ kind: 'roster', rosterId: roster.id }], channelIds: [console.id], waitMinutes: 15 },
      { targets: [{ kind: 'user', userId: adminId }], channelIds: [console.id], waitMinutes: 30 },
    ],
  });
}

/** The public holidays (dates) among the next `days` days, from chinese-days through the calendar module. */
function upcomingPublicHolidays(from: string, days: number): string[] {
  const calendar = { ...ROUND_THE_CLOCK, zone: DEFAULT_ZONE, chinaHolidays: true };
  const dates: string[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    if (describeDate(calendar, date).source === 'holiday') dates.push(date);
  }
  return dates;
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

/** The demo campus's knowledge base: articles drawn from the seed plans, published. */
export async function loadDemoKnowledge(services: Services, ctx: RequestContext): Promise<void> {
  await services.kb.loadShipped(ctx, DEMO_ARTICLES);
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
