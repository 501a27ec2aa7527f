import type { Executor } from '../../../db/types.ts';
import { onDutyInEveryRoster } from '../rosters/rosters.service.ts';
import { policiesRepository, roleMembers } from './policies.repository.ts';
import type { EscalationStep } from './policies.schemas.ts';
import { matchingPolicy, parsePolicy } from './policy-match.ts';

/** What is to be paged: its level, and the site and subsystem the policies' scopes are checked against. */
export interface PagingSubject {
  level: number;
  siteId: string | null;
  subsystem: string | null;
}

/** Who the first step of the matching policy pages now, and over which channels. */
export interface FirstStepTargets {
  policyId: string;
  policyName: string;
  userIds: string[];
  channelIds: string[];
}

/**
 * The people a step names at `at`, in order, each once: its users, whoever each roster has on duty (its leader on
 * duty, or both, as the target says), a role's active members — as the escalator resolves them for alerts.
 */
export async function stepPeople(db: Executor, step: EscalationStep, at: number): Promise<string[]> {
  const people: string[] = [];
  const roles = await roleMembers(db, step.targets.flatMap((t) => (t.kind === 'role' ? [t.roleId] : [])));
  const rosters = step.targets.some((t) => t.kind === 'roster') ? await onDutyInEveryRoster(db, at) : [];
  for (const target of step.targets) {
    if (target.kind === 'user') people.push(target.userId);
    else if (target.kind === 'role') people.push(...(roles.get(target.roleId) ?? []));
    else {
      const duty = rosters.find((r) => r.rosterId === target.rosterId);
      if (!duty) continue;
      const include = target.include ?? 'on-duty';
      if (include !== 'leader') people.push(...duty.userIds);
      if (include !== 'on-duty' && duty.leaderUserId) people.push(duty.leaderUserId);
    }
  }
  return [...new Set(people)];
}

/**
 * The first step of the first enabled escalation policy (by position) whose levels, sites and subsystems cover the
 * subject, resolved at `at`; null when no policy matches. For what pages once rather than running an escalation of
 * its own: an incident's SLA breach (SPEC C5.3, "breach escalates through the paging policies").
 */
export async function firstStepTargets(db: Executor, subject: PagingSubject, at: number): Promise<FirstStepTargets | null> {
  const row = matchingPolicy(await policiesRepository.enabled(db), subject);
  const step = row ? parsePolicy(row).steps[0] : undefined;
  if (!row || !step) return null;
  return { policyId: row.id, policyName: row.name, userIds: await stepPeople(db, step, at), channelIds: [...step.channelIds] };
}
