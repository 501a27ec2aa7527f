import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import { cursorPage, type CursorPage, type ListRequest } from '../../http/cursor.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { effectivePermissions, requirePermission, type RequestContext } from '../auth/index.ts';
import { roleRecords } from '../roles/index.ts';
import { userAccounts } from '../users/index.ts';
import { UNASSIGNED } from './differences.values.ts';
import { reconChanges, type DifferenceChange } from './recon.events.ts';
import { DIFFERENCE_ORDER, reconRepository as repo, type DifferenceFilter } from './recon.repository.ts';
import type { AssigneeList, DifferenceDetail, DifferenceView, ResolveBody } from './recon.schemas.ts';
import { NEEDS_CHECKER, type DifferenceState, type ReconDifferenceEventsTable, type ReconDifferencesTable } from './recon.tables.ts';
import { differenceView, eventView } from './views.ts';

type EventFields = Omit<ReconDifferenceEventsTable, 'id' | 'difference_id' | 'actor_id' | 'at'>;
const event = (fields: Partial<EventFields> & Pick<EventFields, 'kind'>): EventFields => ({ from_state: null, to_state: null, resolution: null, note: null, assignee_id: null, ...fields });
/** The live stream's kind of change for an audit action: `recon_difference.resolve` → `resolve`. */
type ChangeAction = `recon_difference.${Exclude<DifferenceChange, 'comment' | 'create'>}`;
const changeOf = (action: ChangeAction) => action.slice('recon_difference.'.length) as DifferenceChange;

/** At most this many people are offered as assignees (a card centre has tens who work reconciliation). */
export const MAX_ASSIGNEES = 500;
/** Users are read this many at a time while looking for those who may work a difference. */
const USER_BATCH = 500;
const byName = new Intl.Collator('zh-CN');

/** Maker-checker: whoever proposed a resolution cannot also decide on it, whatever permissions they hold. */
function checkerOnly(rc: RequestContext, row: ReconDifferencesTable): void {
  if (row.maker_id !== null && row.maker_id === rc.actor.userId) {
    throw new ForbiddenError('You proposed this resolution: another holder of recon:approve decides on it (maker-checker)', { maker: row.maker_id }, 'SELF_APPROVAL');
  }
}

/**
 * The workflow of a difference (SPEC C7.5): open → investigating → resolved (force-match, adjust, refund,
 * write-off) or rejected, with assignment and comments. Adjustments and write-offs move money in the card system, so
 * they are proposed by one person (the maker) and take effect only when another holder of recon:approve approves
 * them (the checker); the server refuses the maker's own approval. Every change is one audit record and one event
 * on the difference's timeline; every write names the version it read (409 DIFFERENCE_CHANGED when it moved).
 */
export function createDifferencesService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;
  const reconChanged = reconChanges(ctx);

  async function jobOf(row: ReconDifferencesTable) {
    const job = await repo.findJob(k, row.job_id);
    if (!job) throw new NotFoundError('Reconciliation job', row.job_id);
    return job;
  }

  async function found(id: string): Promise<ReconDifferencesTable> {
    const row = await repo.findDifference(k, id);
    if (!row) throw new NotFoundError('Difference', id);
    return row;
  }

  const wrongState = (row: ReconDifferencesTable, wanted: string) =>
    new ConflictError(`The difference is ${row.state}${row.pending ? ' with a resolution awaiting approval' : ''}: it must be ${wanted}`, 'DIFFERENCE_STATE', { state: row.state, pending: row.pending === 1 });

  async function view(row: ReconDifferencesTable, unmasked: boolean): Promise<DifferenceView> {
    const people = await userAccounts.displayNames(k, [row.assignee_id, row.maker_id, row.checker_id]);
    return differenceView(row, people, unmasked);
  }

  /**
   * One change: read, check, write if the version still matches, append the event and the audit record in the same
   * transaction, answer the difference as it now is.
   */
  async function change(
    rc: RequestContext,
    id: string,
    version: number,
    check: (row: ReconDifferencesTable) => void,
    patch: (row: ReconDifferencesTable, now: number) => Partial<ReconDifferencesTable>,
    ev: (row: ReconDifferencesTable) => EventFields,
    action: ChangeAction,
  ): Promise<DifferenceView> {
    const row = await found(id);
    check(row);
    const job = await jobOf(row);
    const now = clock.now();
    const changes = { ...patch(row, now), updated_at: now };
    await k.transaction().execute(async (trx) => {
      if (!(await repo.updateDifferenceIfVersion(trx, id, version, changes))) {
        throw new ConflictError('The difference changed since you read it: reload it', 'DIFFERENCE_CHANGED');
      }
      const e = ev(row);
      await repo.insertEvent(trx, { id: newId(), difference_id: id, actor_id: rc.actor.userId, at: now, ...e });
      await audit.append(trx, rc, {
        action,
        targetType: 'recon_difference',
        targetId: id,
        before: { state: row.state, resolution: row.resolution, pending: row.pending === 1, assignee: row.assignee_id },
        after: { state: changes.state ?? row.state, resolution: changes.resolution === undefined ? row.resolution : changes.resolution, note: e.note, assignee: changes.assignee_id === undefined ? row.assignee_id : changes.assignee_id, amountFen: changes.resolution_amount_fen ?? null },
      });
      await reconChanged.difference(trx, job, row, changeOf(action), changes.state ?? row.state, now);
    });
    return view((await repo.findDifference(k, id))!, false);
  }

  const requireState = (states: DifferenceState[], pending: boolean) => (row: ReconDifferencesTable) => {
    if (!states.includes(row.state) || (row.pending === 1) !== pending) throw wrongState(row, `${states.join(' or ')}${pending ? ' with a pending resolution' : ''}`);
  };

  /** The roles that grant recon:write: their holders work differences. */
  const workingRoles = async (): Promise<Set<string>> => new Set((await roleRecords.all(k)).filter((r) => effectivePermissions([r]).has('recon:write')).map((r) => r.id));

  return {
    /**
     * The people a difference can be assigned to: active users whose roles give them recon:write (the workflow's
     * permission), as { id, displayName } only, sorted by name, at most MAX_ASSIGNEES. recon:read suffices to ask:
     * the differences list already names its assignees to every reader, its assignee filter is a reader's tool, and
     * this names nobody but the people who work differences — so holders of recon:write without users:read (the
     * built-in finance role) can assign, and readers can filter, without the users list and its personal data.
     * Roles and their holders come through the roles and users modules' surfaces; only names are read here.
     */
    async assignees(rc: RequestContext): Promise<AssigneeList> {
      requirePermission(rc.actor, 'recon:read');
      const working = await workingRoles();
      const found: { id: string; displayName: string }[] = [];
      let after: string | null = null;
      while (working.size > 0 && found.length <= MAX_ASSIGNEES) {
        const users = await userAccounts.activePage(k, after, USER_BATCH);
        const roles = await userAccounts.rolesOf(k, users.map((u) => u.id));
        for (const u of users) if ((roles.get(u.id) ?? []).some((r) => working.has(r))) found.push(u);
        if (users.length < USER_BATCH) break;
        after = users[users.length - 1]!.id;
      }
      const items = found.slice(0, MAX_ASSIGNEES).sort((a, b) => byName.compare(a.displayName, b.displayName) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { items, truncated: found.length > MAX_ASSIGNEES };
    },

    async list(rc: RequestContext, jobId: string, filter: DifferenceFilter, page: ListRequest, unmasked: boolean): Promise<CursorPage<DifferenceView>> {
      requirePermission(rc.actor, 'recon:read');
      if (!(await repo.findJob(k, jobId))) throw new NotFoundError('Reconciliation job', jobId);
      // `none` asks for the differences nobody is assigned (the repository's null), as alerts' `parent=none` does.
      const f: DifferenceFilter = { ...filter, assigneeId: filter.assigneeId === UNASSIGNED ? null : filter.assigneeId };
      return cursorPage(DIFFERENCE_ORDER, page, (p) => repo.listDifferences(k, jobId, f, p), async (rows) => {
        const people = await userAccounts.displayNames(k, rows.flatMap((r) => [r.assignee_id, r.maker_id, r.checker_id]));
        return rows.map((r) => differenceView(r, people, unmasked));
      });
    },

    /** Both sides' records side by side, the fields that differ, and the timeline. */
    async get(rc: RequestContext, id: string, unmasked: boolean): Promise<DifferenceDetail> {
      requirePermission(rc.actor, 'recon:read');
      const row = await found(id);
      const events = await repo.events(k, id);
      const people = await userAccounts.displayNames(k, [row.assignee_id, row.maker_id, row.checker_id, ...events.flatMap((e) => [e.actor_id, e.assignee_id])]);
      return { ...differenceView(row, people, unmasked), events: events.map((e) => eventView(e, people)) };
    },

    investigate: (rc: RequestContext, id: string, body: { version: number; note?: string | undefined }) => (
      requirePermission(rc.actor, 'recon:write'),
      change(rc, id, body.version, requireState(['open'], false), (row) => ({ state: 'investigating', assignee_id: row.assignee_id ?? rc.actor.userId }), (row) => event({ kind: 'state', from_state: row.state, to_state: 'investigating', note: body.note?.trim() ?? null }), 'recon_difference.investigate')
    ),

    /**
     * Force-match and refund resolve at once. Adjust and write-off are proposed: the difference stays investigating
     * with the resolution pending until a checker approves or refuses it.
     */
    resolve(rc: RequestContext, id: string, body: ResolveBody): Promise<DifferenceView> {
      requirePermission(rc.actor, 'recon:write');
      const note = body.note.trim();
      if (note === '') throw invalidFields([fieldProblem('note', 'required')]);
      if (body.amountFen !== undefined && !NEEDS_CHECKER.has(body.resolution)) throw invalidFields([fieldProblem('amountFen', 'enum', { allowedValues: 'only with adjust or write-off' })]);
      const checked = NEEDS_CHECKER.has(body.resolution);
      return change(
        rc,
        id,
        body.version,
        requireState(['investigating'], false),
        (row, now) =>
          checked
            ? { pending: 1, resolution: body.resolution, resolution_note: note, resolution_amount_fen: body.amountFen ?? row.delta_fen ?? row.amount_fen, maker_id: rc.actor.userId, checker_id: null, proposed_at: now }
            : { state: 'resolved', resolution: body.resolution, resolution_note: note, resolution_amount_fen: null, maker_id: rc.actor.userId, resolved_at: now },
        (row) => (checked ? event({ kind: 'propose', resolution: body.resolution, note }) : event({ kind: 'state', from_state: row.state, to_state: 'resolved', resolution: body.resolution, note })),
        checked ? 'recon_difference.propose' : 'recon_difference.resolve',
      );
    },

    approve(rc: RequestContext, id: string, body: { version: number; note?: string | undefined }): Promise<DifferenceView> {
      requirePermission(rc.actor, 'recon:approve');
      return change(
        rc,
        id,
        body.version,
        (row) => {
          requireState(['investigating'], true)(row);
          checkerOnly(rc, row);
        },
        (_row, now) => ({ state: 'resolved', pending: 0, checker_id: rc.actor.userId, resolved_at: now }),
        (row) => event({ kind: 'approve', from_state: row.state, to_state: 'resolved', resolution: row.resolution, note: body.note?.trim() ?? null }),
        'recon_difference.approve',
      );
    },

    /** The checker sends a proposal back: the difference stays investigating, without a resolution. */
    refuse(rc: RequestContext, id: string, body: { version: number; note: string }): Promise<DifferenceView> {
      requirePermission(rc.actor, 'recon:approve');
      return change(
        rc,
        id,
        body.version,
        (row) => {
          requireState(['investigating'], true)(row);
          checkerOnly(rc, row);
        },
        () => ({ pending: 0, resolution: null, resolution_note: null, resolution_amount_fen: null, proposed_at: null, checker_id: rc.actor.userId }),
        (row) => event({ kind: 'refuse', resolution: row.resolution, note: body.note.trim() }),
        'recon_difference.refuse',
      );
    },

    /** Not a real difference (a known timing artefact, say): closed without a resolution. */
    reject: (rc: RequestContext, id: string, body: { version: number; note: string }) => (
      requirePermission(rc.actor, 'recon:write'),
      change(rc, id, body.version, requireState(['investigating'], false), (_row, now) => ({ state: 'rejected', resolved_at: now, maker_id: rc.actor.userId }), (row) => event({ kind: 'state', from_state: row.state, to_state: 'rejected', note: body.note.trim() }), 'recon_difference.reject')
    ),

    async assign(rc: RequestContext, id: string, body: { version: number; assigneeId: string | null }): Promise<DifferenceView> {
      requirePermission(rc.actor, 'recon:write');
      if (body.assigneeId !== null) {
        if (!(await userAccounts.isActive(k, body.assigneeId))) throw invalidFields([fieldProblem('assigneeId', 'unknownUser', { user: body.assigneeId })]);
        // Only someone who may work a difference is given one: the people GET /recon/assignees offers.
        const [roles, working] = [(await userAccounts.rolesOf(k, [body.assigneeId])).get(body.assigneeId) ?? [], await workingRoles()];
        if (!roles.some((r) => working.has(r))) throw invalidFields([fieldProblem('assigneeId', 'lacksPermission', { user: body.assigneeId, permission: 'recon:write' })]);
      }
      return change(rc, id, body.version, () => undefined, () => ({ assignee_id: body.assigneeId }), () => event({ kind: 'assign', assignee_id: body.assigneeId }), 'recon_difference.assign');
    },

    async comment(rc: RequestContext, id: string, text: string): Promise<DifferenceDetail> {
      requirePermission(rc.actor, 'recon:write');
      const row = await found(id);
      const note = text.trim();
      if (note === '') throw invalidFields([fieldProblem('text', 'required')]);
      const job = await jobOf(row);
      const now = clock.now();
      await k.transaction().execute(async (trx) => {
        await repo.insertEvent(trx, { id: newId(), difference_id: id, actor_id: rc.actor.userId, at: now, ...event({ kind: 'comment', note }) });
        await audit.append(trx, rc, { action: 'recon_difference.comment', targetType: 'recon_difference', targetId: row.id, after: { note } });
        await reconChanged.difference(trx, job, row, 'comment', row.state, now);
      });
      return this.get(rc, id, false);
    },
  };
}

export type DifferencesService = ReturnType<typeof createDifferencesService>;
