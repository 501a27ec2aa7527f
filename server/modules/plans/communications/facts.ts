import type { Executor } from '../../../db/types.ts';
import { alertBriefs } from '../../alerting/index.ts';
import type { Actor } from '../../auth/index.ts';
import { DEFAULT_ZONE } from '../../calendar/index.ts';
import { visibleDevice } from '../../estate/index.ts';
import type { IncidentFacts } from '../../incidents/index.ts';
import { siteRecords } from '../../sites/index.ts';
import type { LocalText, PlanDocument } from '../plan-document.ts';
import { plansRepository } from '../plans.repository.ts';
import type { IncidentPlanStepsTable } from '../plans.tables.ts';
import { joinWords, LANGUAGES, localTime, subsystemWord, type FilledFacts, type Language } from './fill.ts';
import { planMessagesRepository } from './messages.repository.ts';

/** The plan role whose holder {{commander}} names (the shipped plans' 应急负责人). */
export const COMMANDER_ROLE = 'commander';

/** INC-000123: incidents' formatIncidentNumber, which is not on its public surface (fill.test.ts holds them equal). */
export const incidentNumber = (n: number): string => `INC-${String(n).padStart(6, '0')}`;

const textIn = (text: LocalText, language: Language): string => (language === 'en' ? (text.en ?? text.zh) : text.zh);

/**
 * The facts of an incident a plan's messages may name, in zh and en (plan-document.ts PLACEHOLDERS), as the reader
 * sees them: times in the site's time zone, the device by name and code. What the incident does not know is null
 * and stays a visible {{placeholder}}: `expectedRecovery` always (only a person can promise a time), the hotline
 * when no roster has one, the commander until the checklist gives the role to someone, the device and subsystem
 * when the incident names none.
 */
export async function incidentMessageFacts(
  db: Executor,
  actor: Actor,
  incident: IncidentFacts,
  document: PlanDocument,
  steps: readonly IncidentPlanStepsTable[],
  now: number,
): Promise<Record<Language, FilledFacts>> {
  const [site, device, alerts, openedAt, hotline] = await Promise.all([
    siteRecords.findById(db, incident.siteId),
    incident.deviceId ? visibleDevice(db, actor, incident.deviceId).catch(() => null) : null,
    alertBriefs(db, incident.alertIds),
    planMessagesRepository.incidentOpenedAt(db, incident.id),
    planMessagesRepository.hotline(db),
  ]);
  const zone = site?.timezone ?? DEFAULT_ZONE;
  // When the fault began: the first linked alert's firing, else the incident's opening.
  const firings = alerts.map((a) => a.firedAt ?? a.activeAt);
  const startedAt = firings.length > 0 ? Math.min(...firings) : openedAt;
  const commanderId = steps.find((s) => s.role === COMMANDER_ROLE && s.assignee_user_id !== null)?.assignee_user_id ?? null;
  const commander = commanderId ? ((await plansRepository.userNames(db, [commanderId])).get(commanderId) ?? null) : null;

  const factsIn = (language: Language): FilledFacts => ({
    incidentNumber: incidentNumber(incident.number),
    incidentTitle: incident.title,
    level: String(incident.level),
    site: site?.name ?? null,
    device: device ? (language === 'zh' ? `${device.name}（${device.code}）` : `${device.name} (${device.code})`) : null,
    subsystem: subsystemWord(incident.subsystem, language),
    startedAt: startedAt === null ? null : localTime(startedAt, zone),
    impact: textIn(document.impact, language),
    // The fallbacks the plan calls for; the sender strikes the ones not in use.
    workaround: joinWords(document.fallbacks.map((f) => textIn(f.title, language)), language),
    expectedRecovery: null,
    hotline,
    commander,
    updatedAt: localTime(now, zone),
    planTitle: textIn(document.title, language),
  });
  return Object.fromEntries(LANGUAGES.map((l) => [l, factsIn(l)])) as Record<Language, FilledFacts>;
}
