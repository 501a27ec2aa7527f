import type { Static } from '@sinclair/typebox';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { fromJsonText, toJsonText } from '../../db/types.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields, throwIfProblems } from '../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import { newId } from '../../ids.ts';
import type { AuditLog } from '../audit/index.ts';
import { canSeeSite, requirePermission, type RequestContext } from '../auth/index.ts';
import { DEFAULT_ZONE, isValidTimeZone } from '../calendar/index.ts';
import { normalizeOpeningHours, type OpeningHours } from './opening-hours.ts';
import { SITES_ORDER, sitesRepository } from './sites.repository.ts';
import type { CreateSiteBody, Site, UpdateSiteBody } from './sites.schemas.ts';
import type { SitesTable } from './sites.tables.ts';

/** A site as the API shows it; the request bodies below, as the API accepts them (openingHours: null is always open). */
export type SiteView = Static<typeof Site>;
export type CreateSiteInput = Static<typeof CreateSiteBody>;
export type UpdateSiteInput = Static<typeof UpdateSiteBody>;

const toView = (r: SitesTable): SiteView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  timezone: r.timezone,
  openingHours: r.opening_hours === null ? null : fromJsonText<OpeningHours>(r.opening_hours),
  description: r.description,
  createdAt: toIso(r.created_at),
  updatedAt: toIso(r.updated_at),
});

function checkTimezone(timezone: string): string {
  if (!isValidTimeZone(timezone)) throw invalidFields([fieldProblem('timezone', 'timeZone', { value: timezone })]);
  return timezone;
}

/** The stored text of a schedule (all seven days, sorted), or null for always open; refuses a bad one naming the range. */
function openingHoursText(input: Partial<Record<string, unknown>> | null): string | null {
  if (input === null) return null;
  const { hours, problems } = normalizeOpeningHours(input);
  throwIfProblems(problems);
  return toJsonText(hours);
}

/** Sites: the places of the estate. A user limited to some sites neither sees nor touches the others. */
export function createSitesService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  async function visible(ctx: RequestContext, id: string): Promise<SitesTable> {
    const row = await sitesRepository.findById(k, id);
    // Out of scope answers as not found: a scoped user learns nothing about sites it may not see.
    if (!row || !canSeeSite(ctx.actor, row.id)) throw new NotFoundError('Site', id);
    return row;
  }

  return {
    list: (ctx: RequestContext, filter: { q?: string }, request: ListRequest) =>
      cursorPage(SITES_ORDER, request, (page) => sitesRepository.list(k, { q: filter.q, onlyIds: ctx.actor.siteIds }, page), (rows) => rows.map(toView)),

    get: async (ctx: RequestContext, id: string) => toView(await visible(ctx, id)),

    async create(ctx: RequestContext, input: CreateSiteInput): Promise<SiteView> {
      requirePermission(ctx.actor, 'sites:write');
      if (ctx.actor.siteIds !== null) throw new ConflictError('Only a user who sees every site can add sites', 'SCOPE_TOO_NARROW');
      const timezone = checkTimezone(input.timezone ?? DEFAULT_ZONE);
      const openingHours = openingHoursText(input.openingHours ?? null);
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        if (await sitesRepository.findByCode(trx, input.code)) throw new ConflictError(`A site with code ${input.code} exists`, 'SITE_CODE_TAKEN', { field: 'code' });
        const row: SitesTable = {
          id: newId(),
          code: input.code,
          name: input.name,
          timezone,
          opening_hours: openingHours,
          description: input.description ?? '',
          created_at: now,
          updated_at: now,
        };
        await sitesRepository.insert(trx, row);
        const view = toView(row);
        await audit.append(trx, ctx, { action: 'site.create', targetType: 'site', targetId: row.id, after: view });
        return view;
      });
    },

    async update(ctx: RequestContext, id: string, input: UpdateSiteInput): Promise<SiteView> {
      requirePermission(ctx.actor, 'sites:write');
      const before = toView(await visible(ctx, id));
      const timezone = input.timezone === undefined ? undefined : checkTimezone(input.timezone);
      const openingHours = input.openingHours === undefined ? undefined : openingHoursText(input.openingHours);
      return k.transaction().execute(async (trx) => {
        await sitesRepository.update(trx, id, {
          ...(input.name !== undefined && { name: input.name }),
          ...(timezone && { timezone }),
          ...(openingHours !== undefined && { opening_hours: openingHours }),
          ...(input.description !== undefined && { description: input.description }),
          updated_at: clock.now(),
        });
        const after = toView((await sitesRepository.findById(trx, id))!);
        await audit.append(trx, ctx, { action: 'site.update', targetType: 'site', targetId: id, before, after });
        return after;
      });
    },
  };
}

export type SitesService = ReturnType<typeof createSitesService>;
