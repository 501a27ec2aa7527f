import { toIso } from '../../../clock.ts';
import type { Executor } from '../../../db/types.ts';
import { ConflictError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields, throwIfProblems, type FieldProblem } from '../../../field-problems.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type RequestContext } from '../../auth/index.ts';
import { checkGradingMatrix, DEFAULT_GRADING_MATRIX, type GradingMatrix } from '../grading/matrix.ts';
import type { CauseCategoriesTable, TeamsTable } from '../incidents.tables.ts';
import { checkWorkflowPolicy, DEFAULT_WORKFLOW_POLICY, type WorkflowPolicy } from '../workflow/policy.ts';
import { DEFAULT_CAUSE_CATEGORIES } from './default-causes.ts';
import { activeUserIds, causesRepository, existingRuleIds, settingsRepository, teamsRepository } from './settings.repository.ts';
import type { CauseCategory, CreateTeamBody, IncidentSettingsView, Team, UpdateIncidentSettingsBody, UpdateTeamBody } from './settings.schemas.ts';
import { checkIntakeSettings, DEFAULT_INTAKE, loadIncidentSettings, tidyGrading, tidyIntake, tidyWorkflow, type IncidentSettings, type IntakeSettings } from './settings.ts';

const READ = 'incidents:read';
/** The dispatcher's permission (调度/班组长 "派单与升级事件"): grading, the workflow's numbers and teams are theirs to run. */
const CHANGE = 'incidents:assign';

/** How many open incidents a refusal to delete a team names. */
const NAMED_INCIDENTS = 10;

const settingsView = (s: IncidentSettings): IncidentSettingsView => ({
  grading: s.grading as IncidentSettingsView['grading'],
  workflow: { ...s.workflow, pausingWaitReasons: [...s.workflow.pausingWaitReasons], major: { ...s.workflow.major } },
  intake: { fromAlerts: { levels: [...s.intake.fromAlerts.levels], ruleIds: [...s.intake.fromAlerts.ruleIds] } },
  version: s.version,
});

const causeView = (row: CauseCategoriesTable): CauseCategory => ({ code: row.code, nameZh: row.name_zh, nameEn: row.name_en, enabled: row.enabled === 1 });

const teamView = (row: TeamsTable, members: { id: string; displayName: string }[]): Team => ({
  id: row.id,
  name: row.name,
  description: row.description,
  members,
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
});

/** A change as the route receives it, or with the module's own types (defaults, values read back). */
export type SettingsChange = {
  grading?: GradingMatrix | UpdateIncidentSettingsBody['grading'];
  workflow?: WorkflowPolicy | UpdateIncidentSettingsBody['workflow'];
  intake?: IntakeSettings | UpdateIncidentSettingsBody['intake'];
  version: number;
};

/** Problems of a proposed change, each field named as the request body names it. */
function settingsProblems(body: SettingsChange): FieldProblem[] {
  const prefixed = (prefix: string, problems: FieldProblem[]) => problems.map((p) => ({ ...p, field: `${prefix}.${p.field}` }));
  return [
    ...(body.grading === undefined ? [] : checkGradingMatrix(body.grading, 'grading')),
    ...(body.workflow === undefined ? [] : prefixed('workflow', checkWorkflowPolicy(body.workflow))),
    ...(body.intake === undefined ? [] : checkIntakeSettings(body.intake, 'intake')),
  ];
}

/**
 * The incidents module's settings (grading matrix, workflow policy, intake from alerts), the cause taxonomy offered
 * when resolving, and the teams incidents may be assigned to. Reading needs incidents:read; changing, incidents:assign.
 */
export function createIncidentSettingsService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  async function foundTeam(db: Executor, id: string): Promise<TeamsTable> {
    const row = await teamsRepository.findById(db, id);
    if (!row) throw new NotFoundError('Team', id);
    return row;
  }

  async function teamWithMembers(db: Executor, row: TeamsTable): Promise<Team> {
    return teamView(row, (await teamsRepository.members(db, [row.id])).get(row.id) ?? []);
  }

  async function teamNameFree(db: Executor, name: string, except: string | null): Promise<void> {
    const other = await teamsRepository.findByName(db, name);
    if (other && other.id !== except) throw invalidFields([fieldProblem('name', 'nameTaken', { name })]);
  }

  async function memberProblems(db: Executor, memberIds: readonly string[]): Promise<FieldProblem[]> {
    const active = await activeUserIds(db, memberIds);
    return memberIds.flatMap((id, i) => (active.has(id) ? [] : [fieldProblem(`memberIds.${i}`, 'unknownUser', { user: id })]));
  }

  return {
    async get(rc: RequestContext): Promise<IncidentSettingsView> {
      requirePermission(rc.actor, READ);
      return settingsView(await loadIncidentSettings(k));
    },

    /**
     * Changes any of the three parts; the others stay as they are. `version` must be the one the change was made to:
     * two dispatchers editing the matrix at once must not silently undo each other (409 INCIDENT_SETTINGS_CHANGED).
     */
    async update(rc: RequestContext, body: SettingsChange): Promise<IncidentSettingsView> {
      requirePermission(rc.actor, CHANGE);
      throwIfProblems(settingsProblems(body));
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const before = await loadIncidentSettings(trx);
        if (body.version !== before.version) throw changedMeanwhile(before.version);
        if (body.intake) {
          const rules = await existingRuleIds(trx, body.intake.fromAlerts.ruleIds);
          throwIfProblems(body.intake.fromAlerts.ruleIds.flatMap((id, i) => (rules.has(id) ? [] : [fieldProblem(`intake.fromAlerts.ruleIds.${i}`, 'unknownRule', { rule: id })])));
        }
        const after: IncidentSettings = {
          grading: body.grading ? tidyGrading(body.grading as GradingMatrix) : before.grading,
          workflow: body.workflow ? tidyWorkflow(body.workflow as WorkflowPolicy) : before.workflow,
          intake: body.intake ? tidyIntake(body.intake as IntakeSettings) : before.intake,
          version: before.version + 1,
        };
        const row = { grading: JSON.stringify(after.grading), workflow: JSON.stringify(after.workflow), intake: JSON.stringify(after.intake), version: after.version, updated_at: now };
        // Version 0 is "nothing stored yet": the first save inserts the row (and loses to a concurrent first save).
        const saved = before.version === 0 ? await settingsRepository.insertIfAbsent(trx, row) : await settingsRepository.updateIfVersion(trx, before.version, row);
        if (!saved) throw changedMeanwhile(before.version);
        const view = settingsView(after);
        await audit.append(trx, rc, { action: 'incident_settings.update', targetType: 'incident_settings', targetId: 'default', before: settingsView(before), after: view });
        return view;
      });
    },

    async listCauses(rc: RequestContext): Promise<{ items: CauseCategory[] }> {
      requirePermission(rc.actor, READ);
      return { items: (await causesRepository.list(k)).map(causeView) };
    },

    /**
     * Replaces the whole taxonomy: the list's order is the order the console offers. A code some incident records as
     * its cause may be disabled (no longer offered) but not left out, or that incident's record would lose its words.
     */
    async replaceCauses(rc: RequestContext, items: readonly CauseCategory[]): Promise<{ items: CauseCategory[] }> {
      requirePermission(rc.actor, CHANGE);
      const codes = items.map((c) => c.code);
      throwIfProblems(items.flatMap((c, i) => (codes.indexOf(c.code) === i ? [] : [fieldProblem(`items.${i}.code`, 'duplicateValue', { value: c.code })])));
      return k.transaction().execute(async (trx) => {
        const before = await causesRepository.list(trx);
        const kept = new Set(codes);
        const removed = before.map((r) => r.code).filter((code) => !kept.has(code));
        const inUse = await causesRepository.inUse(trx, removed);
        if (inUse.length > 0) {
          throw new ConflictError(`Incidents record these causes, so they can be disabled but not removed: ${inUse.join(', ')}`, 'CAUSE_CATEGORY_IN_USE', { codes: inUse });
        }
        const existing = new Set(before.map((r) => r.code));
        const rows: CauseCategoriesTable[] = items.map((c, position) => ({ code: c.code, name_zh: c.nameZh, name_en: c.nameEn, position, enabled: c.enabled ? 1 : 0 }));
        await causesRepository.delete(trx, removed);
        for (const row of rows.filter((r) => existing.has(r.code))) await causesRepository.update(trx, row);
        await causesRepository.insert(trx, rows.filter((r) => !existing.has(r.code)));
        const after = rows.map(causeView);
        await audit.append(trx, rc, { action: 'cause_category.update', targetType: 'cause_category', targetId: null, before: before.map(causeView), after });
        return { items: after };
      });
    },

    async listTeams(rc: RequestContext): Promise<{ items: Team[] }> {
      requirePermission(rc.actor, READ);
      const rows = await teamsRepository.list(k);
      const members = await teamsRepository.members(k, rows.map((r) => r.id));
      return { items: rows.map((r) => teamView(r, members.get(r.id) ?? [])) };
    },

    async getTeam(rc: RequestContext, id: string): Promise<Team> {
      requirePermission(rc.actor, READ);
      return teamWithMembers(k, await foundTeam(k, id));
    },

    async createTeam(rc: RequestContext, body: CreateTeamBody): Promise<Team> {
      requirePermission(rc.actor, CHANGE);
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        await teamNameFree(trx, body.name, null);
        throwIfProblems(await memberProblems(trx, body.memberIds));
        const row: TeamsTable = { id: newId(), name: body.name, description: body.description ?? null, created_at: now, updated_at: now };
        await teamsRepository.insert(trx, row);
        await teamsRepository.setMembers(trx, row.id, body.memberIds);
        const view = await teamWithMembers(trx, row);
        await audit.append(trx, rc, { action: 'team.create', targetType: 'team', targetId: row.id, after: view });
        return view;
      });
    },

    /** A changed membership applies at once, also to incidents already assigned to the team. */
    async updateTeam(rc: RequestContext, id: string, body: UpdateTeamBody): Promise<Team> {
      requirePermission(rc.actor, CHANGE);
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const before = await foundTeam(trx, id);
        const beforeView = await teamWithMembers(trx, before);
        if (body.name !== undefined) await teamNameFree(trx, body.name, id);
        if (body.memberIds !== undefined) throwIfProblems(await memberProblems(trx, body.memberIds));
        const after: TeamsTable = {
          ...before,
          ...(body.name !== undefined && { name: body.name }),
          ...(body.description !== undefined && { description: body.description }),
          updated_at: now,
        };
        await teamsRepository.update(trx, id, { name: after.name, description: after.description, updated_at: now });
        if (body.memberIds !== undefined) await teamsRepository.setMembers(trx, id, body.memberIds);
        const view = await teamWithMembers(trx, after);
        await audit.append(trx, rc, { action: 'team.update', targetType: 'team', targetId: id, before: beforeView, after: view });
        return view;
      });
    },

    /** Refused while an open incident (new … waiting) is assigned to the team: reassign those first. */
    async removeTeam(rc: RequestContext, id: string): Promise<void> {
      requirePermission(rc.actor, CHANGE);
      await k.transaction().execute(async (trx) => {
        const before = await teamWithMembers(trx, await foundTeam(trx, id));
        const open = await teamsRepository.openIncidentNumbers(trx, id, NAMED_INCIDENTS);
        if (open.length > 0) {
          throw new ConflictError(`Open incidents are assigned to this team (${open.join(', ')}): reassign them first`, 'TEAM_IN_USE', { incidentNumbers: open });
        }
        await teamsRepository.delete(trx, id);
        await audit.append(trx, rc, { action: 'team.delete', targetType: 'team', targetId: id, before });
      });
    },

    /**
     * On start-up: the settings row and the shipped cause taxonomy when absent. Idempotent, and it never overwrites:
     * a taxonomy an administrator emptied of some codes is theirs (only a table with no cause at all is seeded).
     */
    async ensureDefaults(system: RequestContext): Promise<void> {
      const now = clock.now();
      await k.transaction().execute(async (trx) => {
        const defaults: IncidentSettings = { grading: DEFAULT_GRADING_MATRIX, workflow: DEFAULT_WORKFLOW_POLICY, intake: DEFAULT_INTAKE, version: 1 };
        const inserted = await settingsRepository.insertIfAbsent(trx, {
          grading: JSON.stringify(defaults.grading),
          workflow: JSON.stringify(defaults.workflow),
          intake: JSON.stringify(defaults.intake),
          version: 1,
          updated_at: now,
        });
        if (inserted) await audit.append(trx, system, { action: 'incident_settings.update', targetType: 'incident_settings', targetId: 'default', after: settingsView(defaults) });
        if ((await causesRepository.count(trx)) === 0) {
          const rows = DEFAULT_CAUSE_CATEGORIES.map((c, position) => ({ code: c.code, name_zh: c.nameZh, name_en: c.nameEn, position, enabled: 1 }));
          await causesRepository.insertMissing(trx, rows);
          await audit.append(trx, system, { action: 'cause_category.update', targetType: 'cause_category', targetId: null, after: rows.map(causeView) });
        }
      });
    },
  };
}

const changedMeanwhile = (version: number) =>
  new ConflictError('The incident settings changed meanwhile: reload them and try again', 'INCIDENT_SETTINGS_CHANGED', { version });

export type IncidentSettingsService = ReturnType<typeof createIncidentSettingsService>;
