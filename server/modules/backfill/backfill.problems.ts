/**
 * The back-fill's own problem codes, in the shape of every field problem (server/field-problems.ts): `code` and
 * `params` for the console (`backfill.problem.<code>`, falling back to `problem.<code>`), `message` in English.
 * Kept here rather than in the shared catalogue so the module stands on its own; the shared codes it also sends
 * (required, maxLength, enum, unknownDevice, nulCharacter, columnMissing…) come from there.
 */
import type { FieldProblem } from '../../field-problems.ts';

type Value = string | number;

const PROBLEMS = {
  amountFormat: (p: Record<string, Value>) => `${p.value} is not an amount in yuan with at most two decimals (e.g. 12.50)`,
  amountRange: (p: Record<string, Value>) => `must be from 0 to ${p.max} fen`,
  amountNotZero: () => 'a ticket check carries no amount (leave it empty or 0)',
  amountPositive: () => 'a sale or payment must have an amount above zero',
  timeFormat: (p: Record<string, Value>) => `${p.value} is not a time as YYYY-MM-DD HH:MM[:SS]`,
  outsideWindow: (p: Record<string, Value>) => `${p.at} is outside the outage window ${p.from} – ${p.to}`,
  recordRepeated: (p: Record<string, Value>) => `record ${p.recordNo} of ${p.device} already appears on line ${p.line}`,
  recordExists: (p: Record<string, Value>) => `record ${p.recordNo} of ${p.device} is already back-filled (incident ${p.incident})`,
  recordNoFormat: () => 'must be 1–64 printable characters without spaces at either end',
} as const;

export type BackfillProblemCode = keyof typeof PROBLEMS;

export function backfillProblem(field: string, code: BackfillProblemCode, params: Record<string, Value> = {}): FieldProblem {
  return { field, code, ...(Object.keys(params).length > 0 && { params }), message: (PROBLEMS[code] as (p: Record<string, Value>) => string)(params) };
}

export const BACKFILL_PROBLEM_CODES = Object.keys(PROBLEMS) as BackfillProblemCode[];
