/**
 * The escalation policy editor's values and the body they make. A target is edited as one row with a kind and the
 * field that kind needs (the API's union); the form keeps the body's shape (steps → targets) so that the server's
 * field problems (`steps.1.targets.0.userId`, `steps.0.channelIds.2`) land where they are named.
 */
import type { CreatePolicyRequest, EscalationPolicy, StepTarget } from '../../api/oncall';

export type TargetKind = StepTarget['kind'];
export type RosterInclude = 'on-duty' | 'leader' | 'both';
export const TARGET_KINDS: readonly TargetKind[] = ['user', 'roster', 'role'];
export const ROSTER_INCLUDES: readonly RosterInclude[] = ['on-duty', 'leader', 'both'];
export const LEVELS = [1, 2, 3] as const;
export const DEFAULT_WAIT_MINUTES = 10;

export interface TargetValues {
  kind: TargetKind;
  userId?: string;
  rosterId?: string;
  include?: RosterInclude;
  roleId?: string;
}

export interface StepValues {
  targets: TargetValues[];
  channelIds: string[];
  waitMinutes: number;
}

export interface PolicyFormValues {
  name: string;
  description?: string | null;
  position?: number | null;
  levels: number[];
  siteIds: string[];
  subsystems: string[];
  steps: StepValues[];
  repeat: number;
  enabled: boolean;
}

export const newStep = (channelIds: string[] = []): StepValues => ({ targets: [{ kind: 'roster', include: 'on-duty' }], channelIds, waitMinutes: DEFAULT_WAIT_MINUTES });

function targetValues(target: StepTarget): TargetValues {
  switch (target.kind) {
    case 'user':
      return { kind: 'user', userId: target.userId };
    case 'roster':
      return { kind: 'roster', rosterId: target.rosterId, include: target.include ?? 'on-duty' };
    default:
      return { kind: 'role', roleId: target.roleId };
  }
}

/** The form for a stored policy, or for a new one: every level, one step paging a roster's on-duty people. */
export function policyToForm(policy: EscalationPolicy | null, defaultChannelIds: string[] = []): PolicyFormValues {
  if (!policy) {
    return { name: '', description: '', position: null, levels: [1, 2, 3], siteIds: [], subsystems: [], steps: [newStep(defaultChannelIds)], repeat: 0, enabled: true };
  }
  return {
    name: policy.name,
    description: policy.description ?? '',
    position: policy.position,
    levels: [...policy.levels],
    siteIds: policy.siteIds ?? [],
    subsystems: policy.subsystems ?? [],
    steps: policy.steps.map((s) => ({ targets: s.targets.map(targetValues), channelIds: [...s.channelIds], waitMinutes: s.waitMinutes })),
    repeat: policy.repeat,
    enabled: policy.enabled,
  };
}

function target(values: TargetValues): StepTarget {
  switch (values.kind) {
    case 'user':
      return { kind: 'user', userId: values.userId ?? '' };
    case 'roster':
      return { kind: 'roster', rosterId: values.rosterId ?? '', include: values.include ?? 'on-duty' };
    default:
      return { kind: 'role', roleId: values.roleId ?? '' };
  }
}

/** The body to create a policy with, or to replace a stored one's fields. Empty scopes mean "every one" (null). */
export function formToPolicy(values: PolicyFormValues): CreatePolicyRequest {
  return {
    name: values.name.trim(),
    description: values.description?.trim() || null,
    ...(values.position != null && { position: values.position }),
    levels: [...values.levels].sort(),
    siteIds: values.siteIds.length > 0 ? values.siteIds : null,
    subsystems: values.subsystems.length > 0 ? values.subsystems : null,
    steps: values.steps.map((s) => ({ targets: s.targets.map(target), channelIds: s.channelIds, waitMinutes: s.waitMinutes })),
    repeat: values.repeat,
    enabled: values.enabled,
  };
}
