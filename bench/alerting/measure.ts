/** Small measuring helpers shared by the alerting benchmark's phases. */
import fs from 'node:fs';

export const perSec = (n: number, ms: number): number => Math.round((n / ms) * 1000);

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}

export const round1 = (v: number): number => Math.round(v * 10) / 10;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * CPU time a process has used, per thread, from /proc (Linux): the main thread apart from the others (the ingest
 * writer, the checkpointer, libuv and V8's helpers), to tell which one a phase was bound by.
 */
export interface CpuSample {
  at: number;
  mainTicks: number;
  otherTicks: number;
  threads: Map<string, number>;
}

const TICKS_PER_SEC = 100;

export function sampleCpu(pid: number): CpuSample | null {
  try {
    const threads = new Map<string, number>();
    let mainTicks = 0;
    let otherTicks = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      if (Number(tid) === pid) mainTicks = ticks;
      else otherTicks += ticks;
      threads.set(`${comm}#${tid}`, ticks);
    }
    return { at: performance.now(), mainTicks, otherTicks, threads };
  } catch {
    return null;
  }
}

/** Each thread's share of one core between two samples, in percent: the main thread, the busiest other, and all. */
export function cpuBetween(a: CpuSample | null, b: CpuSample | null, pid: number): { mainPct: number; busiestOtherPct: number; busiestOther: string; totalPct: number } | null {
  if (!a || !b) return null;
  const secs = (b.at - a.at) / 1000;
  const pct = (ticks: number) => Math.round((ticks / TICKS_PER_SEC / secs) * 100);
  let busiest = '';
  let busiestTicks = 0;
  for (const [name, ticks] of b.threads) {
    if (name.endsWith(`#${pid}`)) continue;
    const used = ticks - (a.threads.get(name) ?? 0);
    if (used > busiestTicks) {
      busiest = name.slice(0, name.lastIndexOf('#'));
      busiestTicks = used;
    }
  }
  return { mainPct: pct(b.mainTicks - a.mainTicks), busiestOtherPct: pct(busiestTicks), busiestOther: busiest, totalPct: pct(b.mainTicks + b.otherTicks - a.mainTicks - a.otherTicks) };
}
