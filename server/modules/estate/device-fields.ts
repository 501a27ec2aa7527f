import { isIP } from 'node:net';
import { fieldProblem, type FieldProblem } from '../../field-problems.ts';
import { DEVICE_TYPES, isDeviceType, isSubsystem, SUBSYSTEMS } from './catalog.ts';

/** The same codes the telemetry envelope accepts for `device` (ingest/envelope.validate.ts), so any reporter can be adopted. */
export const DEVICE_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,63}$';
const DEVICE_CODE = new RegExp(DEVICE_CODE_PATTERN);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD that names a real day (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export interface DeviceFields {
  code?: string;
  name?: string;
  type?: string;
  subsystem?: string;
  ip?: string | null;
  installDate?: string | null;
  warrantyEnd?: string | null;
  model?: string | null;
  serial?: string | null;
  firmware?: string | null;
}

const TEXT_LIMIT = 100;

/**
 * Every problem with the given fields (only those present are checked). The checks a device's fields get wherever a
 * device is written: the API, adoption of a discovered device and bulk import, so a spreadsheet row is refused for the
 * same reason, in the same words, as a form.
 */
export function deviceFieldProblems(input: DeviceFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.code !== undefined && !DEVICE_CODE.test(input.code)) problems.push(fieldProblem('code', 'codeFormat', { allowed: '. _ : @ / -' }));
  if (input.name !== undefined && input.name.length === 0) problems.push(fieldProblem('name', 'required'));
  if (input.name !== undefined && input.name.length > TEXT_LIMIT) problems.push(fieldProblem('name', 'maxLength', { limit: TEXT_LIMIT }));
  if (input.type !== undefined && !isDeviceType(input.type)) problems.push(fieldProblem('type', 'enum', { allowedValues: DEVICE_TYPES.join(', ') }));
  if (input.subsystem !== undefined && !isSubsystem(input.subsystem)) problems.push(fieldProblem('subsystem', 'enum', { allowedValues: SUBSYSTEMS.join(', ') }));
  if (input.ip != null && isIP(input.ip) === 0) problems.push(fieldProblem('ip', 'ipAddress'));
  for (const field of ['installDate', 'warrantyEnd'] as const) {
    const value = input[field];
    if (value != null && !isCalendarDate(value)) problems.push(fieldProblem(field, 'calendarDate'));
  }
  for (const field of ['model', 'serial', 'firmware'] as const) {
    const value = input[field];
    if (value != null && value.length > TEXT_LIMIT) problems.push(fieldProblem(field, 'maxLength', { limit: TEXT_LIMIT }));
  }
  return problems;
}

/**
 * Walks up the topology from `upstream` and returns the loop (start … start) if it comes back to `start`, else null.
 * `upstreamOf` answers a node's upstream (null at the top). The walk also stops on a loop that does not include
 * `start` (stored data should never hold one, but a broken row must not hang a request).
 */
export async function findCycle(start: string, upstream: string | null, upstreamOf: (node: string) => Promise<string | null>): Promise<string[] | null> {
  const path = [start];
  const seen = new Set<string>([start]);
  let node = upstream;
  while (node !== null) {
    path.push(node);
    if (node === start) return path;
    if (seen.has(node)) return null;
    seen.add(node);
    node = await upstreamOf(node);
  }
  return null;
}
