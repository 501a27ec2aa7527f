import { blankRecord } from '../importers/record.ts';
import type { NormalizedRecord } from '../importers/index.ts';
import type { MatchSpec } from '../matching.ts';

/** Shanghai wall-clock time on a day to epoch ms. */
export function at(day: string, time: string): number {
  return Date.parse(`${day}T${time}+08:00`);
}

let line = 1;

/** A record with the fields a test names; provenance numbered in creation order. */
export function rec(fields: Partial<NormalizedRecord> & { file?: string }): NormalizedRecord {
  const { file = 'test.csv', ...rest } = fields;
  const r = blankRecord(rest.source ?? 'ledger-csv', { file, line: ++line, raw: `row ${line}` });
  return { ...r, status: 'success', direction: 'in', type: 'recharge', ...rest };
}

export function spec(workDir: string, left: string[], right: string[], over: Partial<MatchSpec> = {}): MatchSpec {
  return {
    day: '2026-11-30',
    left: { label: 'ledger', files: left, cutoff: { time: '23:00', timeZone: 'Asia/Shanghai' } },
    right: { label: 'wechat', files: right, cutoff: { time: '00:00', timeZone: 'Asia/Shanghai' } },
    carryWindowMinutes: 60,
    carriedIn: { left: null, right: null },
    tolerances: { amountAbsFen: 0, amountPct: 0, timeWindowMs: 120_000, timeDirection: 'right-after-left' },
    autoConfirmScore: 0.8,
    workDir,
    dryRun: false,
    ...over,
  };
}
