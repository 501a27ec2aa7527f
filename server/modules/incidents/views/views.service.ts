import type { Static } from '@sinclair/typebox';
import { toIso } from '../../../clock.ts';
import { ForbiddenError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields } from '../../../field-problems.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type RequestContext } from '../../auth/index.ts';
import type { IncidentViewsTable } from '../incidents.tables.ts';
import { viewsRepository } from './views.repository.ts';
import type { CreateViewBody, IncidentView, ViewQuery } from './views.schemas.ts';

/** Views a person may keep: enough for every shift's habits, not a store of everything ever searched. */
const MAX_VIEWS_PER_PERSON = 50;

/**
 * Saved views of the incident list (issue 11, API and console): a name for a set of filters — "my open level 1",
 * "breached this week at the library" — kept per person; a dispatcher may share one with everyone.
 */
export function createViewsService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  const toView = (row: IncidentViewsTable, userId: string | null): Static<typeof IncidentView> => ({
    id: row.id,
    name: row.name,
    query: JSON.parse(row.query) as ViewQuery,
    shared: row.shared === 1,
    mine: row.user_id === userId,
    createdAt: toIso(row.created_at),
  });

  function person(rc: RequestContext): string {
    if (rc.actor.userId === null) throw new ForbiddenError('Saved views belong to a person');
    return rc.actor.userId;
  }

  return {
    async list(rc: RequestContext) {
      requirePermission(rc.actor, 'incidents:read');
      const userId = person(rc);
      return { items: (await viewsRepository.visibleTo(k, userId)).map((r) => toView(r, userId)) };
    },

    async create(rc: RequestContext, body: CreateViewBody) {
      requirePermission(rc.actor, 'incidents:read');
      if (body.shared) requirePermission(rc.actor, 'incidents:assign');
      const userId = person(rc);
      return k.transaction().execute(async (trx) => {
        const name = body.name.trim();
        if (await viewsRepository.findByName(trx, userId, name)) throw invalidFields([fieldProblem('name', 'nameTaken', { name })]);
        if ((await viewsRepository.countOf(trx, userId)) >= MAX_VIEWS_PER_PERSON) throw invalidFields([fieldProblem('name', 'maxItems', { limit: MAX_VIEWS_PER_PERSON })]);
        const row: IncidentViewsTable = { id: newId(), user_id: userId, name, query: JSON.stringify(body.query), shared: body.shared ? 1 : 0, created_at: clock.now() };
        await viewsRepository.insert(trx, row);
        await audit.append(trx, rc, { action: 'incident_view.create', targetType: 'incident_view', targetId: row.id, after: { name, shared: body.shared } });
        return toView(row, userId);
      });
    },

    /** One's own view; a shared one also by a dispatcher (incidents:assign). */
    async remove(rc: RequestContext, id: string): Promise<void> {
      requirePermission(rc.actor, 'incidents:read');
      const userId = person(rc);
      await k.transaction().execute(async (trx) => {
        const row = await viewsRepository.findById(trx, id);
        const mayRemove = row && (row.user_id === userId || (row.shared === 1 && rc.actor.permissions.has('incidents:assign')));
        if (!row || (!mayRemove && row.shared !== 1)) throw new NotFoundError('View', id);
        if (!mayRemove) requirePermission(rc.actor, 'incidents:assign');
        await viewsRepository.remove(trx, id);
        await audit.append(trx, rc, { action: 'incident_view.delete', targetType: 'incident_view', targetId: id, before: { name: row.name, shared: row.shared === 1 } });
      });
    },
  };
}

export type ViewsService = ReturnType<typeof createViewsService>;
