import type { Executor } from '../../db/types.ts';
import type { ModuleContext } from '../../module.ts';
import { DEFAULT_ZONE, localPartsOf } from '../calendar/index.ts';
import { createNotifyOutbox, createWrittenNotices, type NoticeOrder } from '../notify/index.ts';
import type { PublishedPlan } from '../plans/index.ts';
import { siteRecords } from '../sites/index.ts';
import type { DrillRunsTable } from './drills.tables.ts';

/** The level a drill's notice is read at: minor (三级), so people's preferences and quiet hours for minor things hold. */
const DRILL_LEVEL = 3;

/** Whom a drill tells when it starts: its participants and its owner, each once — nobody else (drill mode). */
export function toldOf(run: Pick<DrillRunsTable, 'participants' | 'owner_id'>): string[] {
  return [...new Set([...(JSON.parse(run.participants) as string[]), ...(run.owner_id ? [run.owner_id] : [])])];
}

/**
 * When a run's notice went out: a run the worker made is due as it is made (its occurrence came); one made by hand
 * tells when it starts. Null when nobody has been told (not started, or nobody to tell).
 */
export function noticeSentAt(run: Pick<DrillRunsTable, 'participants' | 'owner_id' | 'occurrence_at' | 'created_at' | 'started_at'>): number | null {
  if (toldOf(run).length === 0) return null;
  return run.occurrence_at !== null ? run.created_at : run.started_at;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-12-01 10:00" in the zone. */
function localTime(at: number, zone: string): string {
  const p = localPartsOf(at, zone);
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/**
 * Telling a drill's people that it starts (issue 12 item 5, drill mode): a written notice through notify's outbox to the
 * participants and the owner only, on the channels that reach a person (the console, e-mail, SMS: each person's
 * preferences at level 3 decide), never a group robot or webhook, which the whole team reads. One notice per run
 * (its key is the run's): the worker making the run for its occurrence and someone starting it later tell once; a
 * retry or a second node adds nothing. Written in the caller's transaction, so it goes out if and only if the run
 * was made or started.
 */
export function createDrillNotice(ctx: ModuleContext) {
  const { outbox } = createNotifyOutbox(ctx);
  const notices = createWrittenNotices(ctx);

  return async function tell(trx: Executor, run: DrillRunsTable, siteIds: readonly string[], plan: PublishedPlan, startsAt: number, now: number): Promise<number> {
    const userIds = toldOf(run);
    if (userIds.length === 0) return 0;
    const channelIds = (await outbox.enabledChannels(trx)).filter((c) => c.addresses !== 'none').map((c) => c.id);
    const site = siteIds[0] ? await siteRecords.findById(trx, siteIds[0]) : undefined;
    const zone = site?.timezone ?? DEFAULT_ZONE;
    const at = `${localTime(startsAt, zone)}（${zone}）`;
    const doc = plan.document;
    const order: NoticeOrder = {
      key: `drill-run-start:${run.id}`,
      groupKey: `drill-run:${run.id}`,
      level: DRILL_LEVEL,
      siteId: site?.id ?? null,
      siteName: site?.name ?? null,
      subject: { zh: `【演练】${run.title} 开始`, en: `[Drill] ${run.title} starts` },
      body: {
        zh: [`预案：${doc.title.zh}（${plan.key} v${plan.number}）`, `场景：${doc.scope.zh}`, `开始时间：${at}`, '这是演练：只通知参演人员，不呼叫值班、不向客户或公告发送消息。'].join('\n'),
        en: [
          `Plan: ${doc.title.en ?? doc.title.zh} (${plan.key} v${plan.number})`,
          `Scenario: ${doc.scope.en ?? doc.scope.zh}`,
          `Starts: ${at}`,
          'This is a drill: only its participants are told; nobody on call is paged, no client or notice board hears of it.',
        ].join('\n'),
      },
      path: `/drills/runs/${encodeURIComponent(run.id)}`,
      userIds,
      channelIds,
    };
    return (await notices.enqueueNotice(trx, order, now)).length;
  };
}
