import { isIP } from 'node:net';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { Executor } from '../../db/types.ts';
import { NotFoundError } from '../../errors.ts';
import type { AuditLog } from '../audit/index.ts';
import { canSeeSite, requirePermission, type Actor, type RequestContext } from '../auth/index.ts';
import { deviceFieldProblems } from './device-fields.ts';
import type { CreateDeviceInput } from './devices.schemas.ts';
import { devicesRepository } from './devices.repository.ts';
import { fieldProblem, invalidFields, throwIfProblems } from '../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import { checkCodeFree, checkSite, checkUpstream, newDeviceRow, toDeviceView, type DeviceView } from './devices.service.ts';
import { DISCOVERED_ORDER, discoveredRepository, type DiscoveredRow } from './discovered.repository.ts';

const toView = (r: DiscoveredRow) => ({
  code: r.code,
  siteCode: r.site_code,
  siteId: r.site_id,
  address: r.address,
  source: r.source,
  lastKind: r.last_kind,
  events: r.events,
  firstSeenAt: toIso(r.first_seen_at),
  lastSeenAt: toIso(r.last_seen_at),
});

/** A user limited to some sites sees only what reported under one of their site codes; the rest belongs to nobody yet. */
async function visibleDiscovered(executor: Executor, actor: Actor, code: string): Promise<DiscoveredRow> {
  const row = await discoveredRepository.find(executor, code);
  if (!row || (actor.siteIds !== null && (row.site_id === null || !canSeeSite(actor, row.site_id)))) throw new NotFoundError('Discovered device', code);
  return row;
}

/**
 * Devices that report before anyone registered them (the telemetry pipeline records them). Adopting one registers it
 * under the code it reported; its stored events refer to that code, so they belong to it from then on.
 */
export function createDiscoveredService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  return {
    async list(ctx: RequestContext, request: ListRequest) {
      requirePermission(ctx.actor, 'estate:read');
      return cursorPage(DISCOVERED_ORDER, request, (page) => discoveredRepository.list(k, { onlySiteIds: ctx.actor.siteIds }, page), (rows) => rows.map(toView));
    },

    async adopt(ctx: RequestContext, code: string, body: Omit<CreateDeviceInput, 'code' | 'siteId'> & { siteId?: string }): Promise<DeviceView> {
      requirePermission(ctx.actor, 'estate:write');
      throwIfProblems(deviceFieldProblems(body));
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const found = await visibleDiscovered(trx, ctx.actor, code);
        const siteId = body.siteId ?? found.site_id;
        if (siteId === null) throw invalidFields([fieldProblem('siteId', 'siteNotReported', { reported: found.site_code ?? '' })]);
        await checkCodeFree(trx, code);
        await checkSite(trx, ctx.actor, siteId);
        if (body.upstreamId) await checkUpstream(trx, ctx.actor, null, body.upstreamId);
        // The address it reported from is a good first guess at its IP when it is one.
        const ip = body.ip !== undefined ? body.ip : found.address !== null && isIP(found.address) !== 0 ? found.address : null;
        const row = newDeviceRow({ ...body, code, siteId, ip }, now, { lastSeenAt: found.last_seen_at });
        await devicesRepository.insert(trx, row);
        await discoveredRepository.delete(trx, code);
        const view = toDeviceView((await devicesRepository.findById(trx, row.id))!);
        await audit.append(trx, ctx, { action: 'device.adopt', targetType: 'device', targetId: row.id, before: toView(found), after: view });
        return view;
      });
    },

    /** Forgets a discovered device. If it keeps reporting it is discovered again, which is what an operator would want to know. */
    async dismiss(ctx: RequestContext, code: string): Promise<void> {
      requirePermission(ctx.actor, 'estate:write');
      await k.transaction().execute(async (trx) => {
        const found = await visibleDiscovered(trx, ctx.actor, code);
        await discoveredRepository.delete(trx, code);
        await audit.append(trx, ctx, { action: 'discovered.dismiss', targetType: 'discovered_device', targetId: code, before: toView(found) });
      });
    },
  };
}

export type DiscoveredService = ReturnType<typeof createDiscoveredService>;
