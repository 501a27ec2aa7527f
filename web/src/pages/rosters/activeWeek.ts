/**
 * A layer's weekly active ranges as the editor shows them: rows of days and a from–to time, where a time "to" not
 * after "from" runs over midnight (a night layer Mon–Fri 18:00–08:00) and "to" 00:00 is the end of the day. The API
 * keeps a week as each day's ranges within the day ({ mon: [["18:00", "24:00"]], tue: [["00:00", "08:00"], …] }), so
 * rows are split at midnight when sent and joined again when read.
 */
import type { NamePath } from '../../app/fieldPaths';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type TimeRange = [string, string];
export type WeeklyRanges = Partial<Record<Weekday, TimeRange[]>>;

export interface ActiveRangeRow {
  days: Weekday[];
  from: string;
  to: string;
}

/** A new row: the working week, all day. */
export const newActiveRangeRow = (): ActiveRangeRow => ({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '00:00', to: '00:00' });

const minuteOf = (hhmm: string): number => (hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));
const nextDay = (day: Weekday): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(day) + 1) % 7]!;

/** Whether the row runs over midnight into the next day (it ends at or before its start, and not at midnight). */
export const isOvernight = (row: Pick<ActiveRangeRow, 'from' | 'to'>): boolean => row.to !== '00:00' && minuteOf(row.to) < minuteOf(row.from);

/**
 * The API's week of the rows, and which row each range it sends came from: `mon[1]` (a range, in the order sent,
 * as the server names a bad one) and `mon` (the day, as it names two that overlap: the later row) → row index.
 */
export function rowsToWeek(rows: readonly ActiveRangeRow[]): { week: WeeklyRanges; source: Map<string, number> } {
  const week: WeeklyRanges = {};
  const source = new Map<string, number>();
  const add = (day: Weekday, range: TimeRange, row: number) => {
    const list = (week[day] ??= []);
    source.set(`${day}[${list.length}]`, row);
    source.set(day, row);
    list.push(range);
  };
  rows.forEach((row, i) => {
    for (const day of WEEKDAYS) {
      if (!row.days?.includes(day)) continue;
      const end = row.to === '00:00' ? '24:00' : row.to;
      if (minuteOf(row.from) < minuteOf(end) || row.from === row.to) {
        // Equal times other than midnight are sent as they are: the server says why that is no range, on the row.
        add(day, [row.from, end], i);
      } else {
        add(day, [row.from, '24:00'], i);
        add(nextDay(day), ['00:00', row.to], i);
      }
    }
  });
  return { week, source };
}

/** The rows of a stored week: a range to midnight joined with the next day's from midnight, equal times grouped. */
export function weekToRows(week: WeeklyRanges | Record<string, TimeRange[] | undefined>): ActiveRangeRow[] {
  const lists = WEEKDAYS.map((d) => [...((week as WeeklyRanges)[d] ?? [])].sort((a, b) => minuteOf(a[0]) - minuteOf(b[0])));
  const used = lists.map((l) => l.map(() => false));
  const spans: { day: number; from: string; to: string }[] = [];
  // First the nights: a range up to midnight (not a whole day) and the next day's range from midnight (not whole).
  lists.forEach((list, d) =>
    list.forEach(([from, to], j) => {
      if (to !== '24:00' || from === '00:00') return;
      const n = (d + 1) % 7;
      const k = lists[n]!.findIndex((r, i) => !used[n]![i] && r[0] === '00:00' && r[1] !== '24:00');
      if (k < 0) return;
      used[d]![j] = true;
      used[n]![k] = true;
      spans.push({ day: d, from, to: lists[n]![k]![1] });
    }),
  );
  lists.forEach((list, d) =>
    list.forEach(([from, to], j) => {
      if (!used[d]![j]) spans.push({ day: d, from, to: to === '24:00' ? '00:00' : to });
    }),
  );
  const rows = new Map<string, ActiveRangeRow>();
  for (const span of spans.sort((a, b) => a.day - b.day || minuteOf(a.from) - minuteOf(b.from))) {
    const key = `${span.from}-${span.to}`;
    const row = rows.get(key) ?? { days: [], from: span.from, to: span.to };
    row.days.push(WEEKDAYS[span.day]!);
    rows.set(key, row);
  }
  return [...rows.values()];
}

/**
 * Where the server's problem about a layer's week belongs in the form: `layers.0.rotation.activeRanges.tue[1]` on
 * the row that sent it (its times), `…activeRanges.tue` on the later row of that day (its days); other paths as
 * they are. `layers` is the form's layers as they were sent.
 */
export function placeActiveRangeProblem(path: NamePath, layers: readonly { rotation?: { activeWeek?: ActiveRangeRow[] } }[] | undefined): NamePath {
  const [first, layer, rotation, field, range] = path;
  if (first !== 'layers' || typeof layer !== 'number' || rotation !== 'rotation' || field !== 'activeRanges') return path;
  const list: NamePath = ['layers', layer, 'rotation', 'activeWeek'];
  const rows = layers?.[layer]?.rotation?.activeWeek ?? [];
  if (typeof range !== 'string') return list;
  const row = rowsToWeek(rows).source.get(range);
  if (row === undefined) return list;
  return [...list, row, range.includes('[') ? 'from' : 'days'];
}
