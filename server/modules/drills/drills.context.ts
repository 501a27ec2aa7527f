import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import type { Executor } from '../../db/types.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../field-problems.ts';
import type { ModuleContext } from '../../module.ts';
import { can, canSeeSite, type RequestContext } from '../auth/index.ts';
import { newestPublishedPlan, type PublishedPlan } from '../plans/index.ts';
import { siteRecords } from '../sites/index.ts';
import { drillsRepository, type SiteScope } from './drills.repository.ts';
import type { DrillRunsTable } from './drills.tables.ts';

export type Person = { id: string; name: string };

/** What the drills' services share: who may see and work on a drill, and the checks of its references. */
export function drillsContext(ctx: ModuleContext) {
  const k = ctx.db.kysely;

  const scopeOf = (rc: RequestContext): SiteScope => rc.actor.siteIds;

  /** Sites that exist and the actor sees; each other one is an unknownSite problem (as elsewhere: unseen = unknown). */
  async function siteProblems(rc: RequestContext, siteIds: readonly string[], field = 'siteIds'): Promise<FieldProblem[]> {
    const existing = new Set(await siteRecords.existingIds(k, siteIds));
    return siteIds.flatMap((id, i) => (existing.has(id) && canSeeSite(rc.actor, id) ? [] : [fieldProblem(`${field}.${i}`, 'unknownSite', { site: id })]));
  }

  /** Active users only: a drill's participants and owners are people who can act. */
  async function peopleProblems(ids: readonly (string | null | undefined)[], field: string, single = false): Promise<FieldProblem[]> {
    const wanted = ids.filter((id): id is string => typeof id === 'string');
    const found = await drillsRepository.people(k, wanted);
    return ids.flatMap((id, i) => (typeof id !== 'string' || found.get(id)?.active ? [] : [fieldProblem(single ? field : `${field}.${i}`, 'unknownUser', { user: id })]));
  }

  async function people(ids: readonly (string | null)[], executor: Executor = k): Promise<Map<string, Person>> {
    const found = await drillsRepository.people(executor, ids.filter((id): id is string => id !== null));
    return new Map([...found].map(([id, p]) => [id, { id, name: p.name }]));
  }

  /** A person's reference, or an id whose account is gone shown as itself. */
  const personOf = (map: Map<string, Person>, id: string | null): Person | null => (id === null ? null : (map.get(id) ?? { id, name: id }));

  /** The run, if the actor sees one of its sites; 404 otherwise (a drill of other sites is as unknown as none). */
  async function visibleRun(rc: RequestContext, id: string, executor: Executor = k): Promise<DrillRunsTable & { siteIds: string[] }> {
    const run = await drillsRepository.findRun(executor, id);
    if (!run) throw new NotFoundError('Drill run', id);
    const siteIds = (await drillsRepository.sitesOf(executor, 'run', [id])).get(id) ?? [];
    if (rc.actor.siteIds !== null && !siteIds.some((s) => canSeeSite(rc.actor, s))) throw new NotFoundError('Drill run', id);
    return { ...run, siteIds };
  }

  /**
   * Working on a drill (ticking its steps, writing findings): plans:write, or plans:read and being one of its
   * participants or its owner — the people running the drill need not be able to edit plans.
   */
  function requireDrillWork(rc: RequestContext, run: DrillRunsTable): void {
    if (can(rc.actor, 'plans:write')) return;
    const uid = rc.actor.userId;
    const involved = uid !== null && (run.owner_id === uid || (JSON.parse(run.participants) as string[]).includes(uid));
    if (!involved) throw new ForbiddenError('Only the drill’s participants and owner, or holders of plans:write, work on a drill', { permission: 'plans:write' });
  }

  /** The plan's newest published version, if it may be drilled: 400 for a plan never published (or none), 409 archived. */
  async function drillablePlan(planId: string, field = 'planId', executor: Executor = k): Promise<PublishedPlan> {
    const plan = await newestPublishedPlan(executor, planId);
    if (!plan) throw invalidFields([fieldProblem(field, 'enum', { allowedValues: 'the id of a published plan' })]);
    if (plan.state !== 'active') throw new ConflictError(`Plan ${plan.key} is archived: it is no longer drilled`, 'PLAN_ARCHIVED');
    return plan;
  }

  return { k, scopeOf, siteProblems, peopleProblems, people, personOf, visibleRun, requireDrillWork, drillablePlan };
}

export type DrillsContext = ReturnType<typeof drillsContext>;
