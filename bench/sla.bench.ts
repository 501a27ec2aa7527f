/**
 * SLA due instants (issue 11: "100,000 due instants computed in ≤ 1 s", since every incident list page shows them).
 * The workload is issue 11's default policies on its default calendar (工作日 09:00–18:00 Asia/Shanghai with China's
 * holidays and make-up workdays), a service desk with a lunch break, and 7×24: tickets opened at random minutes of
 * 2026 (National Day and Spring Festival included), a fifth of them with an overnight wait for the customer.
 *
 * Baseline, measured in the same run: the same due instants by walking minute by minute (is this minute working and
 * not paused?) over a smaller sample, scaled to the full count. Its answers must equal the engine's. For reference,
 * the working calendar's day-by-day addWorkingMinutes over the same budgets without pauses.
 *
 *   npm run bench:sla [-- --count 100000 --sample 300]
 */
import os from 'node:os';
import {
  addBusinessMinutes,
  addWorkingMinutes,
  dueInstant,
  isWorkingTime,
  localDateOf,
  ROUND_THE_CLOCK,
  targetMinutes,
  type Pause,
  type SlaTarget,
  type TimeRange,
  type WorkingCalendar,
} from '../server/modules/calendar/index.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg('count', 100_000);
const SAMPLE = arg('sample', 300);
const MINUTE = 60_000;

const workweek = (ranges: TimeRange[]) => ({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });
const OFFICE: WorkingCalendar = { zone: 'Asia/Shanghai', weekly: workweek([['09:00', '18:00']]), chinaHolidays: true };
const DESK: WorkingCalendar = { zone: 'Asia/Shanghai', weekly: workweek([['09:00', '12:00'], ['13:30', '18:00']]), chinaHolidays: true };

/** Issue 11's default targets: level 1 on 7×24, levels 2 and 3 (partly) on business hours. */
const TARGETS: { calendar: WorkingCalendar; target: SlaTarget }[] = [
  { calendar: ROUND_THE_CLOCK, target: { minutes: 30 } },
  { calendar: ROUND_THE_CLOCK, target: { minutes: 60 } },
  { calendar: ROUND_THE_CLOCK, target: { minutes: 240 } },
  { calendar: OFFICE, target: { minutes: 480 } },
  { calendar: OFFICE, target: { minutes: 120 } },
  { calendar: OFFICE, target: { businessDays: 1 } },
  { calendar: OFFICE, target: { businessDays: 3 } },
  { calendar: DESK, target: { minutes: 120 } },
  { calendar: DESK, target: { businessDays: 1 } },
  { calendar: DESK, target: { businessDays: 3 } },
];

interface Job {
  calendar: WorkingCalendar;
  target: SlaTarget;
  start: number;
  pauses: Pause[];
}

/** Deterministic, so every run computes the same instants (a linear congruential generator). */
function jobs(count: number): Job[] {
  let seed = 20261009;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const from = Date.parse('2025-12-31T16:00:00Z');
  const minutes = 355 * 24 * 60;
  return Array.from({ length: count }, () => {
    const start = from + Math.floor(next() * minutes) * MINUTE;
    const { calendar, target } = TARGETS[Math.floor(next() * TARGETS.length)]!;
    // waiting for the customer from 1–5 hours after opening until 10:00 the next morning or so
    const pauses: Pause[] = next() < 0.2 ? [[start + (1 + Math.floor(next() * 4)) * 60 * MINUTE, start + (18 + Math.floor(next() * 6)) * 60 * MINUTE]] : [];
    return { calendar, target, start, pauses };
  });
}

// ---------------------------------------------------------------- the baseline: minute by minute

const counts = (job: Job, t: number) => isWorkingTime(job.calendar, t) && !job.pauses.some(([a, b]) => t >= a && t < b);

/** The Civil Code deadline of a business-day target, walking minutes: close of the nth worked day after the opening day. */
function naiveDeadline(cal: WorkingCalendar, start: number, days: number): number {
  const openingDay = localDateOf(start, cal.zone);
  let seen = 0;
  let lastDay = '';
  let close = start;
  for (let t = start; ; t += MINUTE) {
    if (!isWorkingTime(cal, t)) continue;
    const day = localDateOf(t, cal.zone);
    if (day <= openingDay) continue;
    if (day !== lastDay) {
      if (seen === days) return close;
      seen++;
      lastDay = day;
    }
    close = t + MINUTE;
  }
}

function naiveDue(job: Job): number {
  let left =
    'minutes' in job.target
      ? job.target.minutes
      : (() => {
          const deadline = naiveDeadline(job.calendar, job.start, job.target.businessDays);
          let budget = 0;
          for (let t = job.start; t < deadline; t += MINUTE) if (isWorkingTime(job.calendar, t)) budget++;
          return budget;
        })();
  let t = job.start;
  for (; left > 0; t += MINUTE) if (counts(job, t)) left--;
  return t;
}

// ---------------------------------------------------------------- the run

const time = (fn: () => void) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};
const perSec = (count: number, ms: number) => Math.round((count / ms) * 1000);

function main() {
  const all = jobs(COUNT);
  const due = new Float64Array(COUNT);
  const coldMs = time(() => {
    for (let i = 0; i < COUNT; i++) due[i] = dueInstant(all[i]!.calendar, all[i]!.start, all[i]!.target, all[i]!.pauses);
  });
  // warm: the years are built; the median of five passes, as a list page would see it
  const warm = Array.from({ length: 5 }, () =>
    time(() => {
      for (let i = 0; i < COUNT; i++) due[i] = dueInstant(all[i]!.calendar, all[i]!.start, all[i]!.target, all[i]!.pauses);
    }),
  ).sort((a, b) => a - b);
  const warmMs = warm[2]!;

  // the same budgets through the working calendar's day-by-day walk, without pauses (it has none)
  const budgets = all.map((job) => targetMinutes(job.calendar, job.start, job.target));
  const dayWalkMs = time(() => {
    for (let i = 0; i < COUNT; i++) addWorkingMinutes(all[i]!.calendar, all[i]!.start, budgets[i]!);
  });
  for (let i = 0; i < COUNT; i += 97) {
    if (addWorkingMinutes(all[i]!.calendar, all[i]!.start, budgets[i]!) !== addBusinessMinutes(all[i]!.calendar, all[i]!.start, budgets[i]!)) {
      throw new Error(`the day walk and the engine disagree on job ${i}`);
    }
  }

  const step = Math.max(1, Math.floor(COUNT / SAMPLE));
  const sample = all.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  const naive: number[] = [];
  const sampleMs = time(() => {
    for (const job of sample) naive.push(naiveDue(job));
  });
  sample.forEach((job, k) => {
    const engine = dueInstant(job.calendar, job.start, job.target, job.pauses);
    if (engine !== naive[k]) throw new Error(`minute walk ${new Date(naive[k]!).toISOString()} ≠ engine ${new Date(engine).toISOString()} for ${JSON.stringify(job)}`);
  });
  const baselineMs = (sampleMs / sample.length) * COUNT;

  const figures = {
    dueInstants: COUNT,
    ms: Math.round(warmMs),
    perSec: perSec(COUNT, warmMs),
    coldMs: Math.round(coldMs),
    baselineMs: Math.round(baselineMs),
    baselinePerSec: perSec(COUNT, baselineMs),
    ratio: Number((baselineMs / warmMs).toFixed(1)),
    dayWalkMs: Math.round(dayWalkMs),
    sample: sample.length,
  };
  console.log(`SLA due instants, ${COUNT.toLocaleString('en')} (issue 11's default targets, 2026, a fifth paused overnight), Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'})`);
  console.log('| computation | ms for all | due instants/s | baseline ms (scaled) | baseline/s | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const row = (name: string, ms: number, base?: number) =>
    console.log(`| ${name} | ${Math.round(ms).toLocaleString('en')} | ${perSec(COUNT, ms).toLocaleString('en')} | ${base ? Math.round(base).toLocaleString('en') : ''} | ${base ? perSec(COUNT, base).toLocaleString('en') : ''} | ${base ? (base / ms).toFixed(1) : ''} |`);
  row('dueInstant, years built (median of 5 passes)', warmMs, baselineMs);
  row('dueInstant, first pass (builds each calendar year)', coldMs, baselineMs);
  row('reference: addWorkingMinutes day by day, same budgets, no pauses', dayWalkMs);
  console.log(`baseline: walking minute by minute (isWorkingTime, pauses) over ${sample.length} of the jobs, ${Math.round(sampleMs)} ms, scaled to ${COUNT.toLocaleString('en')}; its answers equal the engine's`);
  console.log(`target (issue 11): ${COUNT.toLocaleString('en')} due instants in ≤ 1,000 ms — ${warmMs <= 1000 ? 'met' : 'missed'}`);
  console.log(`BENCH ${JSON.stringify({ name: 'sla', ...figures })}`);
}

main();
