/**
 * The drills console's pure logic: the calendar's month and its days on the campus clock, what a day shows (runs, and
 * the schedules' coming occurrences that have no run yet), what a step may do next, texts in the reader's language.
 */
import type { LocalText, RunState, RunSummary, Schedule, StepAction, StepStatus } from './drillsApi';

/** Drills are a campus's: the calendar reads days on Shanghai's clock (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 3_600_000;

/** YYYY-MM-DD of an instant on the campus clock. */
export const localDay = (iso: string): string => new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);

/** HH:mm of an instant on the campus clock (the calendar's cells are campus days, so their times are too). */
export const localTime = (iso: string): string => new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(11, 16);

/** The instants bounding a month (YYYY-MM) on the campus clock: [from, to). */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = Date.UTC(y, m - 1, 1) - OFFSET_MS;
  const to = Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - OFFSET_MS;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export type DayEntry = { kind: 'run'; at: string; run: RunSummary } | { kind: 'upcoming'; at: string; schedule: Schedule };

/**
 * Each day's entries, by time: the runs, and each enabled schedule's coming occurrences that no run stands for yet
 * (the worker makes the run when the occurrence comes).
 */
export function entriesByDay(runs: readonly RunSummary[], schedules: readonly Schedule[]): Map<string, DayEntry[]> {
  const made = new Set(runs.filter((r) => r.scheduleId && r.occurrenceAt).map((r) => `${r.scheduleId}@${Date.parse(r.occurrenceAt!)}`));
  const entries: DayEntry[] = runs.map((run) => ({ kind: 'run', at: run.scheduledFor, run }));
  for (const schedule of schedules) {
    if (!schedule.enabled) continue;
    for (const at of schedule.upcoming) if (!made.has(`${schedule.id}@${Date.parse(at)}`)) entries.push({ kind: 'upcoming', at, schedule });
  }
  const days = new Map<string, DayEntry[]>();
  for (const entry of entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const day = localDay(entry.at);
    days.set(day, [...(days.get(day) ?? []), entry]);
  }
  return days;
}

/** What a step of a drill in this state may do: steps move only while the drill runs. */
export function stepActions(status: StepStatus, run: RunState): StepAction[] {
  if (run !== 'running') return [];
  if (status === 'pending') return ['start', 'done', 'skip'];
  if (status === 'started') return ['done', 'skip'];
  return [];
}

/** The text in the reader's language: English when asked for and written, else the Chinese every plan has. */
export const localText = (text: LocalText | null | undefined, language: string): string => {
  if (!text) return '';
  return language.startsWith('en') && text.en?.trim() ? text.en : text.zh;
};

export const STATE_COLORS: Record<RunState, string> = { scheduled: 'blue', running: 'orange', completed: 'green', cancelled: 'default' };
export const SEVERITY_COLORS = { low: 'default', medium: 'orange', high: 'red' } as const;
