import { toIso } from '../../../clock.ts';
import type { Executor } from '../../../db/types.ts';
import { NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields, throwIfProblems, type FieldProblem } from '../../../field-problems.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type RequestContext } from '../../auth/index.ts';
import type { EscalationPoliciesTable, EscalationsTable } from '../oncall.tables.ts';
import { escalationsRepository, policiesRepository } from './policies.repository.ts';
import type { CreateEscalationPolicyBody, EscalationPolicy, EscalationStep, UpdateEscalationPolicyBody } from './policies.schemas.ts';
import { parsePolicy } from './policy-match.ts';

function toView(row: EscalationPoliciesTable): EscalationPolicy {
  const p = parsePolicy(row);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    position: row.position,
    levels: p.levels,
    siteIds: p.siteIds,
    subsystems: p.subsystems,
    steps: p.steps,
    repeat: row.repeat,
    enabled: row.enabled === 1,
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** Past its steps while still active: the last step was paged and its people have until next_at to answer. */
const awaitingLastAnswer = (r: EscalationsTable & { policy_steps?: string | null }) =>
  r.state === 'active' && r.policy_steps != null && r.next_step >= (JSON.parse(r.policy_steps) as unknown[]).length;

const escalationView = (r: EscalationsTable & { policy_name?: string | null; policy_steps?: string | null }) => ({
  id: r.id,
  groupKey: r.group_key,
  policyId: r.policy_id,
  policyName: r.policy_name ?? null,
  level: r.level,
  siteId: r.site_id,
  state: r.state,
  alerts: JSON.parse(r.alerts) as Record<string, string>,
  nextStep: r.next_step,
  round: r.round,
  nextAt: r.next_at === null ? null : toIso(r.next_at),
  lastStepPaged: awaitingLastAnswer(r),
  startedAt: toIso(r.started_at),
  endedAt: r.ended_at === null ? null : toIso(r.ended_at),
  endedBy: r.ended_by,
});

/** What the steps name must exist: channels, active users, rosters, roles; and sites. */
async function referenceProblems(db: Executor, steps: readonly EscalationStep[], siteIds: readonly string[] | null | undefined): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const ids = (kind: string) => [...new Set(steps.flatMap((s) => s.targets.flatMap((t) => (t.kind === kind ? [(t as Record<string, string>)[`${kind}Id`]!] : []))))];
  const existing = async (table: 'notify_channels' | 'rosters' | 'roles' | 'sites', list: readonly string[]) =>
    list.length === 0 ? new Set<string>() : new Set((await db.selectFrom(table).select('id').where('id', 'in', list).execute()).map((r) => r.id));
  const channels = await existing('notify_channels', [...new Set(steps.flatMap((s) => s.channelIds))]);
  const rosters = await existing('rosters', ids('roster'));
  const roles = await existing('roles', ids('role'));
  const userIds = ids('user');
  const users = userIds.length === 0 ? new Set<string>() : new Set((await db.selectFrom('users').select('id').where('id', 'in', userIds).where('status', '=', 'active').execute()).map((r) => r.id));
  steps.forEach((step, i) => {
    step.channelIds.forEach((c, j) => channels.has(c) || problems.push(fieldProblem(`steps.${i}.channelIds.${j}`, 'unknownChannel', { channel: c })));
    step.targets.forEach((t, j) => {
      const field = `steps.${i}.targets.${j}`;
      if (t.kind === 'user' && !users.has(t.userId)) problems.push(fieldProblem(`${field}.userId`, 'unknownUser', { user: t.userId }));
      if (t.kind === 'roster' && !rosters.has(t.rosterId)) problems.push(fieldProblem(`${field}.rosterId`, 'unknownRoster', { roster: t.rosterId }));
      if (t.kind === 'role' && !roles.has(t.roleId)) problems.push(fieldProblem(`${field}.roleId`, 'unknownRole', { role: t.roleId }));
    });
  });
  if (siteIds) {
    const sites = await existing('sites', siteIds);
    siteIds.forEach((s, i) => sites.has(s) || problems.push(fieldProblem(`siteIds.${i}`, 'unknownSite', { site: s })));
  }
  return problems;
}

/**
 * Escalation policies (SPEC C4.2): by level (and optionally site and subsystem), ordered steps naming people, rosters
 * ("whoever is on duty") or roles, with channels and a wait; repeated N times; stopped by an acknowledgement
 * (escalation/escalator.ts runs them). The first enabled policy in position order that matches a group pages for it.
 */
export function createPoliciesService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  async function found(db: Executor, id: string) {
    const row = await policiesRepository.findById(db, id);
    if (!row) throw new NotFoundError('Escalation policy', id);
    return row;
  }

  async function nameFree(db: Executor, name: string, except: string | null) {
    const other = await policiesRepository.findByName(db, name);
    if (other && other.id !== except) throw invalidFields([fieldProblem('name', 'nameTaken', { name })]);
  }

  return {
    async list(rc: RequestContext) {
      requirePermission(rc.actor, 'oncall:read');
      return { items: (await policiesRepository.list(k)).map(toView) };
    },

    async get(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'oncall:read');
      return toView(await found(k, id));
    },

    async create(rc: RequestContext, body: CreateEscalationPolicyBody) {
      requirePermission(rc.actor, 'oncall:write');
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        await nameFree(trx, body.name, null);
        throwIfProblems(await referenceProblems(trx, body.steps, body.siteIds));
        const position = body.position ?? (await policiesRepository.list(trx)).reduce((m, p) => Math.max(m, p.position + 10), 10);
        const row: EscalationPoliciesTable = {
          id: newId(),
          name: body.name,
          description: body.description ?? null,
          position,
          levels: JSON.stringify([...body.levels].sort()),
          site_ids: body.siteIds ? JSON.stringify(body.siteIds) : null,
          subsystems: body.subsystems ? JSON.stringify(body.subsystems) : null,
          steps: JSON.stringify(body.steps),
          repeat: body.repeat ?? 0,
          enabled: body.enabled === false ? 0 : 1,
          version: 1,
          created_by: rc.actor.userId,
          created_at: now,
          updated_at: now,
        };
        await policiesRepository.insert(trx, row);
        const view = toView(row);
        await audit.append(trx, rc, { action: 'escalation_policy.create', targetType: 'escalation_policy', targetId: row.id, after: view });
        return view;
      });
    },

    async update(rc: RequestContext, id: string, body: UpdateEscalationPolicyBody) {
      requirePermission(rc.actor, 'oncall:write');
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const before = await found(trx, id);
        if (body.name !== undefined) await nameFree(trx, body.name, id);
        throwIfProblems(await referenceProblems(trx, body.steps ?? parsePolicy(before).steps, body.siteIds));
        const after: EscalationPoliciesTable = {
          ...before,
          ...(body.name !== undefined && { name: body.name }),
          ...(body.description !== undefined && { description: body.description }),
          ...(body.position !== undefined && { position: body.position }),
          ...(body.levels !== undefined && { levels: JSON.stringify([...body.levels].sort()) }),
          ...(body.siteIds !== undefined && { site_ids: body.siteIds ? JSON.stringify(body.siteIds) : null }),
          ...(body.subsystems !== undefined && { subsystems: body.subsystems ? JSON.stringify(body.subsystems) : null }),
          ...(body.steps !== undefined && { steps: JSON.stringify(body.steps) }),
          ...(body.repeat !== undefined && { repeat: body.repeat }),
          ...(body.enabled !== undefined && { enabled: body.enabled ? 1 : 0 }),
          version: before.version + 1,
          updated_at: now,
        };
        await policiesRepository.update(trx, id, after);
        const view = toView(after);
        await audit.append(trx, rc, { action: 'escalation_policy.update', targetType: 'escalation_policy', targetId: id, before: toView(before), after: view });
        return view;
      });
    },

    async remove(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'oncall:write');
      await k.transaction().execute(async (trx) => {
        const before = await found(trx, id);
        await policiesRepository.delete(trx, id);
        await audit.append(trx, rc, { action: 'escalation_policy.delete', targetType: 'escalation_policy', targetId: id, before: toView(before) });
      });
    },

    /** Escalations, newest first: of an alert (the alert page), or by state. */
    async escalations(rc: RequestContext, query: { alertId?: string; state?: string }) {
      requirePermission(rc.actor, 'oncall:read');
      const rows = await escalationsRepository.list(k, { ...query, limit: 100 });
      const visible = rc.actor.siteIds === null ? rows : rows.filter((r) => r.site_id !== null && rc.actor.siteIds!.includes(r.site_id));
      return { items: visible.map(escalationView) };
    },
  };
}

export type PoliciesService = ReturnType<typeof createPoliciesService>;
