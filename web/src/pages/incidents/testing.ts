/**
 * For the incident pages' tests: i18next in Chinese or English with the shipped catalogues plus this folder's keys
 * while they wait in .i18n-pending (none once the lead has merged them), and sample incidents.
 */
import i18n, { type TFunction } from 'i18next';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import type { Incident, SlaTarget, TimelineItem } from './incidentsApi';

type Tree = { [key: string]: string | Tree };

const pending = import.meta.glob<{ default: Record<string, Tree> }>('../../../../.i18n-pending/console-incidents.json', { eager: true });

function merge(base: Tree, extra: Tree | undefined): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra ?? {})) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
}

const extra = Object.values(pending)[0]?.default ?? {};

/** A fresh i18next instance in `lng`, for pure functions taking a TFunction and for rendering. */
export async function testI18n(lng: 'zh-CN' | 'en' = 'zh-CN') {
  const instance = i18n.createInstance();
  await instance.init({
    lng,
    resources: { 'zh-CN': { translation: merge(zhCN as Tree, extra['zh-CN']) }, en: { translation: merge(en as Tree, extra.en) } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return { i18n: instance, t: instance.t.bind(instance) as TFunction };
}

export const target = (over: Partial<SlaTarget> = {}): SlaTarget => ({
  clock: 'respond',
  status: 'running',
  standing: 'ok',
  startedAt: '2026-12-01T01:00:00.000Z',
  dueAt: '2026-12-01T01:30:00.000Z',
  stoppedAt: null,
  elapsedMinutes: 5,
  remainingMinutes: 25,
  met: null,
  breachedAt: null,
  calendarName: null,
  ...over,
});

export const entry = (over: Partial<TimelineItem> = {}): TimelineItem => ({
  id: 'e1',
  at: '2026-12-01T01:00:00.000Z',
  kind: 'take',
  actorName: 'zhang.wei',
  actorId: 'u1',
  from: 'new',
  to: 'acknowledged',
  details: {},
  clocks: [],
  levelChange: null,
  ...over,
});

export const sampleIncident = (over: Partial<Incident> = {}): Incident => ({
  id: 'i1',
  number: 7,
  ref: 'INC-000007',
  title: '3 号消费机无法刷卡',
  description: '',
  siteId: 's1',
  deviceId: null,
  subsystem: null,
  impact: 'medium',
  urgency: 'high',
  level: 1,
  state: 'new',
  source: 'form',
  sourceRef: null,
  reporterName: null,
  reporterPhone: null,
  reporterEmail: null,
  assignee: null,
  waitingReason: null,
  fix: null,
  causeCategory: null,
  resolvedAt: null,
  confirmedAt: null,
  closedAt: null,
  closedHow: null,
  firstCheckInAt: null,
  reopenCount: 0,
  firstTimeFix: null,
  major: null,
  review: null,
  satisfaction: null,
  sla: [target(), target({ clock: 'on_site', remainingMinutes: 110 }), target({ clock: 'resolve', remainingMinutes: 230 })],
  version: 1,
  createdAt: '2026-12-01T01:00:00.000Z',
  updatedAt: '2026-12-01T01:00:00.000Z',
  ...over,
});
