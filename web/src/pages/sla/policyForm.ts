/**
 * The SLA policy editor's values and the body they make: a 3×3 table of level × clock, each target an amount with its
 * unit (minutes, hours, business days) and the calendar it runs on. The server keeps minutes or business days; hours
 * are 60 minutes. `policyPath` moves the server's field problems (`targets.1.respond.target.minutes`) onto the cell.
 */
import type { NamePath } from '../../app/fieldPaths';
import { SLA_CLOCKS, SLA_LEVELS, type CreateSlaPolicyBody, type SlaClockKey, type SlaLevel, type SlaPolicy } from './slaApi';

export type TargetUnit = 'minutes' | 'hours' | 'businessDays';
export const TARGET_UNITS: readonly TargetUnit[] = ['minutes', 'hours', 'businessDays'];
export const DEFAULT_WARN_PERCENT = 75;

export interface TargetValues {
  amount: number | null;
  unit: TargetUnit;
  calendarId?: string;
}

export interface SlaPolicyFormValues {
  name: string;
  description?: string | null;
  warnSharePercent: number;
  siteIds: string[];
  position: number | null;
  targets: Record<SlaLevel, Record<SlaClockKey, TargetValues>>;
}

type Target = { minutes: number } | { businessDays: number };

/** A stored target as the editor shows it: whole hours as hours, else minutes; business days as they are. */
export function targetValues(target: Target, calendarId: string): TargetValues {
  if ('businessDays' in target) return { amount: target.businessDays, unit: 'businessDays', calendarId };
  if (target.minutes > 0 && target.minutes % 60 === 0) return { amount: target.minutes / 60, unit: 'hours', calendarId };
  return { amount: target.minutes, unit: 'minutes', calendarId };
}

/** The target a cell stands for (hours to whole minutes). */
export function targetOf(values: TargetValues): Target {
  const amount = values.amount ?? 0;
  if (values.unit === 'businessDays') return { businessDays: amount };
  return { minutes: values.unit === 'hours' ? Math.round(amount * 60) : amount };
}

const table = (cell: (level: SlaLevel, clock: SlaClockKey) => TargetValues) =>
  Object.fromEntries(SLA_LEVELS.map((l) => [l, Object.fromEntries(SLA_CLOCKS.map((c) => [c, cell(l, c)]))])) as SlaPolicyFormValues['targets'];

/**
 * The form of a stored policy; a new one copies `template`'s targets (the policy listed first) so that only what
 * differs needs typing, or starts empty on `calendarId`.
 */
export function policyToForm(policy: SlaPolicy | null, template?: SlaPolicy, calendarId?: string): SlaPolicyFormValues {
  if (!policy) {
    return {
      name: '',
      description: '',
      warnSharePercent: Math.round((template?.warnShare ?? DEFAULT_WARN_PERCENT / 100) * 100),
      siteIds: [],
      position: null,
      targets: table((l, c) => {
        const from = template?.targets[l][c];
        return from ? targetValues(from.target, from.calendarId) : { amount: null, unit: 'hours', ...(calendarId && { calendarId }) };
      }),
    };
  }
  return {
    name: policy.name,
    description: policy.description ?? '',
    warnSharePercent: Math.round(policy.warnShare * 100),
    siteIds: policy.siteIds ?? [],
    position: policy.position,
    targets: table((l, c) => targetValues(policy.targets[l][c].target, policy.targets[l][c].calendarId)),
  };
}

/** The body to create a policy with, or to replace a stored one (PUT adds the version). Empty sites: every site. */
export function formToPolicy(values: SlaPolicyFormValues): CreateSlaPolicyBody {
  return {
    name: values.name.trim(),
    description: values.description?.trim() || null,
    targets: Object.fromEntries(
      SLA_LEVELS.map((l) => [l, Object.fromEntries(SLA_CLOCKS.map((c) => [c, { target: targetOf(values.targets[l][c]), calendarId: values.targets[l][c].calendarId ?? '' }]))]),
    ) as CreateSlaPolicyBody['targets'],
    warnShare: values.warnSharePercent / 100,
    siteIds: values.siteIds.length > 0 ? values.siteIds : null,
    ...(values.position != null && { position: values.position }),
  };
}

/** A server problem's path in the form's terms: the target's amount or calendar cell, the warning share in percent. */
export function policyPath(path: NamePath): NamePath {
  if (path[0] === 'warnShare') return ['warnSharePercent'];
  if (path[0] !== 'targets') return path;
  const [, level, clock, field] = path;
  if (level === undefined) return ['targets'];
  if (clock === undefined) return ['targets', String(level)];
  return ['targets', String(level), String(clock), field === 'calendarId' ? 'calendarId' : 'amount'];
}
