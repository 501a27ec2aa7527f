/** An incident's timeline entries in the reader's language: who did what, and the details that came with it. */
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../app/format';
import type { TimelineItem } from './incidentsApi';
import { STATES } from './incidentValues';

/** How the page names what entries refer to by id: people, teams and cause categories. */
export interface TimelineNames {
  /** a person's display name; `fallback` (else the id) when the page does not know them */
  person: (id: string, fallback?: string) => string;
  team: (id: string) => string;
  cause: (code: string) => string;
}

const WORKFLOW_KINDS = new Set([
  'open', 'assign', 'take', 'reassign', 'acknowledge', 'start_work', 'check_in', 'wait', 'resume', 'resolve', 'confirm', 'close',
  'auto_close', 'reopen', 'escalate', 'declare_major', 'communicate', 'record_review',
]);

/** Dot colours: opening and escalation red, the fix green, waiting orange, notes grey, the rest blue. */
export function timelineColor(kind: string): string {
  if (kind === 'open' || kind === 'escalate' || kind === 'declare_major' || kind === 'sla_breach' || kind === 'reopen') return 'red';
  if (kind === 'resolve' || kind === 'confirm' || kind === 'close' || kind === 'auto_close') return 'green';
  if (kind === 'wait' || kind === 'sla_warning') return 'orange';
  if (WORKFLOW_KINDS.has(kind)) return 'blue';
  return 'gray';
}

/** What happened, in words: a workflow move (incident.transition.*) or a note (incident.note.*). */
export function timelineWhat(t: TFunction, kind: string): string {
  return WORKFLOW_KINDS.has(kind) ? t(`incident.transition.${kind}`) : t(`incident.note.${kind}`, { defaultValue: kind });
}

/**
 * Who made the step: the person's display name when the page knows it (the entry stores the name they signed in
 * with), or opsdesk's own word when it acted by itself (auto-close, SLA notes).
 */
export function timelineWho(t: TFunction, entry: TimelineItem, names: TimelineNames): string {
  return entry.actorId ? names.person(entry.actorId, entry.actorName || undefined) : t('incident.timeline.system');
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const isState = (value: unknown): value is string => typeof value === 'string' && (STATES as readonly string[]).includes(value);

function assigneeText(value: unknown, names: TimelineNames): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const a = value as Record<string, unknown>;
  if (a.kind === 'user' && typeof a.userId === 'string') return names.person(a.userId);
  if (a.kind === 'team' && typeof a.teamId === 'string') return `${names.team(a.teamId)}`;
  return null;
}

/**
 * The entry's details, one line each: the state it moved to, the assignee, the reasons and texts people wrote, the
 * fix and its cause, what happened to the SLA clocks (stopped, paused, resumed, restarted) and a change of level.
 */
export function timelineDetails(t: TFunction, entry: TimelineItem, names: TimelineNames): string[] {
  const d = entry.details;
  const lines: string[] = [];
  if (entry.from && entry.from !== entry.to && isState(entry.to)) {
    lines.push(t('incident.timeline.stateChange', { from: t(`incident.state.${entry.from}`), to: t(`incident.state.${entry.to}`) }));
  }
  const assignee = assigneeText(d.assignee, names);
  if (assignee) lines.push(t('incident.timeline.assignee', { name: assignee }));
  if (entry.kind === 'wait' && (d.reason === 'customer' || d.reason === 'parts' || d.reason === 'third_party')) {
    lines.push(t('incident.timeline.waitingFor', { reason: t(`incident.waitingReason.${d.reason}`) }));
  } else {
    const reason = text(d.reason);
    if (reason) lines.push(t('incident.timeline.reason', { reason }));
  }
  const note = text(d.note);
  if (note) lines.push(t('incident.timeline.note', { note }));
  const fix = text(d.fix);
  if (fix) lines.push(t('incident.timeline.fix', { fix }));
  const cause = text(d.causeCategory);
  if (cause) lines.push(t('incident.timeline.cause', { cause: names.cause(cause) }));
  for (const key of ['comment', 'text', 'message', 'summary'] as const) {
    const said = text(d[key]);
    if (said) lines.push(said);
  }
  if (entry.kind === 'check_in' && typeof d.location === 'object' && d.location !== null) {
    const { latitude, longitude } = d.location as { latitude?: unknown; longitude?: unknown };
    if (typeof latitude === 'number' && typeof longitude === 'number') {
      lines.push(t('incident.timeline.location', { latitude: latitude.toFixed(5), longitude: longitude.toFixed(5) }));
    }
  }
  if ((entry.kind === 'sla_warning' || entry.kind === 'sla_breach') && typeof d.clock === 'string') {
    lines.push(t('incident.timeline.slaDue', { clock: t(`incident.clock.${d.clock}`, { defaultValue: d.clock }), at: formatDateTime(text(d.dueAt)) }));
  }
  if (entry.levelChange) {
    lines.push(t('incident.timeline.levelChange', { from: t(`incident.level.${entry.levelChange.from}`), to: t(`incident.level.${entry.levelChange.to}`) }));
  }
  for (const c of entry.clocks) {
    // Every clock starts with the incident: the opening says so once instead of three times.
    if (c.action === 'start') continue;
    lines.push(t(`incident.clockAction.${c.action}`, { clock: t(`incident.clock.${c.clock}`), defaultValue: `${c.clock} ${c.action}` }));
  }
  if (entry.kind === 'open' && entry.clocks.some((c) => c.action === 'start')) lines.push(t('incident.timeline.clocksStarted'));
  return lines;
}

/** The alert a `alert_linked` note names, for a link to its page. */
export function linkedAlertOf(entry: TimelineItem): string | null {
  return entry.kind === 'alert_linked' ? text(entry.details.alertId) : null;
}
