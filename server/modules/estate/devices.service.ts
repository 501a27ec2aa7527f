import type { Static } from '@sinclair/typebox';
import type { Clock } from '../../clock.ts';
import { toIso, toIsoOrNull } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { EventAppender } from '../../events/index.ts';
import { fromJsonText, toJsonText, type Executor } from '../../db/types.ts';
import { ConflictError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { AuditLog } from '../audit/index.ts';
import { canSeeSite, requirePermission, type Actor, type RequestContext } from '../auth/index.ts';
import { siteRecords } from '../sites/index.ts';
import { DEVICE_HEALTHS, DEVICE_TYPES, emptyHealthCounts, SUBSYSTEMS } from './catalog.ts';
import { fieldProblem, invalidFields, throwIfProblems } from '../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import { deviceFieldProblems, findCycle } from './device-fields.ts';
import type { CreateDeviceInput, Device, MaintenanceBody, UpdateDeviceInput } from './devices.schemas.ts';
import { DEVICE_ORDERS, devicesRepository, HEALTH_HISTORY_ORDER, recordHealthChange, type DeviceFilter, type DeviceOrder, type DeviceRow } from './devices.repository.ts';
import { visibleDevice } from './devices.visible.ts';
import type { DeviceHealth, DevicesTable } from './estate.tables.ts';
import { decodeHealthReason, HEALTH_REASONS } from './health-reason.ts';

/** A device as the API shows it. */
export type DeviceView = Static<typeof Device>;

export const toDeviceView = (r: DeviceRow): DeviceView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  type: r.type,
  subsystem: r.subsystem,
  siteId: r.site_id,
  siteCode: r.site_code,
  model: r.model,
  serial: r.serial,
  ip: r.ip,
  firmware: r.firmware,
  installDate: r.install_date,
  warrantyEnd: r.warranty_end,
  upstreamId: r.upstream_id,
  labels: fromJsonText<Record<string, string>>(r.labels),
  maintenance: r.maintenance === 1,
  health: r.health,
  healthSince: toIso(r.health_since),
  healthReason: decodeHealthReason(r.health_reason),
  lastSeenAt: toIsoOrNull(r.last_seen_at),
  createdAt: toIso(r.created_at),
  updatedAt: toIso(r.updated_at),
});

/** The site a device is put in must exist and be one of the actor's; both failures read the same. */
export async function checkSite(executor: Executor, actor: Actor, siteId: string): Promise<void> {
  const site = await siteRecords.findById(executor, siteId);
  if (!site || !canSeeSite(actor, site.id)) throw invalidFields([fieldProblem('siteId', 'unknownSite', { site: siteId })]);
}

/**
 * The upstream must be a device the actor can see, and hanging `deviceId` (null for a new device, which has no
 * children yet) under it must not close a loop: the topology is a forest, which alert correlation relies on.
 */
export async function checkUpstream(executor: Executor, actor: Actor, deviceId: string | null, upstreamId: string): Promise<void> {
  const upstream = await devicesRepository.findById(executor, upstreamId);
  if (!upstream || !canSeeSite(actor, upstream.site_id)) throw invalidFields([fieldProblem('upstreamId', 'unknownDevice', { device: upstreamId })]);
  if (deviceId === null) return;
  const cycle = await findCycle(deviceId, upstreamId, (id) => devicesRepository.upstreamOf(executor, id));
  if (cycle) {
    const codes = await Promise.all(cycle.map(async (id) => (await devicesRepository.findById(executor, id))?.code ?? id));
    throw new ConflictError(`Hanging the device under ${upstream.code} would make a loop: ${codes.join(' → ')}`, 'TOPOLOGY_CYCLE', { field: 'upstreamId', cycle: codes });
  }
}

/** The stored row of a new device: health unknown until it reports. */
export function newDeviceRow(input: CreateDeviceInput, now: number, extra: { lastSeenAt?: number | null } = {}): DevicesTable {
  return {
    id: newId(),
    code: input.code,
    name: input.name,
    type: input.type,
    subsystem: input.subsystem,
    model: input.model ?? null,
    serial: input.serial ?? null,
    ip: input.ip ?? null,
    firmware: input.firmware ?? null,
    site_id: input.siteId,
    install_date: input.installDate ?? null,
    warranty_end: input.warrantyEnd ?? null,
    upstream_id: input.upstreamId ?? null,
    labels: toJsonText(input.labels ?? {}),
    maintenance: 0,
    health: 'unknown',
    health_since: now,
    health_reason: null,
    last_seen_at: extra.lastSeenAt ?? null,
    created_at: now,
    updated_at: now,
  };
}

/** Refuses a code that is taken (by any device: codes are unique across the estate, scope or not). */
export async function checkCodeFree(executor: Executor, code: string): Promise<void> {
  if (await devicesRepository.findByCode(executor, code)) throw new ConflictError(`A device with code ${code} exists`, 'DEVICE_CODE_TAKEN', { field: 'code' });
}

const CATALOG = { deviceTypes: [...DEVICE_TYPES], subsystems: [...SUBSYSTEMS], healthStates: [...DEVICE_HEALTHS] };

/** Devices of the estate (SPEC C1.1): registration, topology, maintenance, health history and the estate tree. */
export function createDevicesService(deps: { db: Db; clock: Clock; audit: AuditLog; events?: Pick<EventAppender, 'append'> }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  return {
    catalog(ctx: RequestContext) {
      requirePermission(ctx.actor, 'estate:read');
      return CATALOG;
    },

    /** Devices in scope matching the filter; problems first (offline, degraded, unknown) unless sorted by code. */
    async list(ctx: RequestContext, filter: Omit<DeviceFilter, 'onlySiteIds' | 'order'> & { sort?: DeviceOrder }, request: ListRequest) {
      requirePermission(ctx.actor, 'estate:read');
      const { sort: order = 'problems', ...rest } = filter;
      return cursorPage(DEVICE_ORDERS[order], request, (page) => devicesRepository.list(k, { ...rest, order, onlySiteIds: ctx.actor.siteIds }, page), (rows) => rows.map(toDeviceView));
    },

    async get(ctx: RequestContext, id: string) {
      requirePermission(ctx.actor, 'estate:read');
      const row = await visibleDevice(k, ctx.actor, id);
      const upstream = row.upstream_id ? await devicesRepository.findById(k, row.upstream_id) : undefined;
      const downstreamCount = await devicesRepository.countChildren(k, id, ctx.actor.siteIds);
      // An upstream in a site the caller cannot see keeps its id (stored on this device) but not its code.
      const upstreamCode = upstream && canSeeSite(ctx.actor, upstream.site_id) ? upstream.code : null;
      return { ...toDeviceView(row), upstreamCode, downstreamCount };
    },

    async create(ctx: RequestContext, input: CreateDeviceInput): Promise<DeviceView> {
      requirePermission(ctx.actor, 'estate:write');
      throwIfProblems(deviceFieldProblems(input));
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        await checkCodeFree(trx, input.code);
        await checkSite(trx, ctx.actor, input.siteId);
        if (input.upstreamId) await checkUpstream(trx, ctx.actor, null, input.upstreamId);
        const row = newDeviceRow(input, now);
        await devicesRepository.insert(trx, row);
        const view = toDeviceView((await devicesRepository.findById(trx, row.id))!);
        await audit.append(trx, ctx, { action: 'device.create', targetType: 'device', targetId: row.id, after: view });
        return view;
      });
    },

    async update(ctx: RequestContext, id: string, input: UpdateDeviceInput): Promise<DeviceView> {
      requirePermission(ctx.actor, 'estate:write');
      throwIfProblems(deviceFieldProblems(input));
      return k.transaction().execute(async (trx) => {
        const current = await visibleDevice(trx, ctx.actor, id);
        const before = toDeviceView(current);
        if (input.siteId !== undefined && input.siteId !== current.site_id) await checkSite(trx, ctx.actor, input.siteId);
        if (input.upstreamId && input.upstreamId !== current.upstream_id) await checkUpstream(trx, ctx.actor, id, input.upstreamId);
        await devicesRepository.update(trx, id, {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.type !== undefined && { type: input.type }),
          ...(input.subsystem !== undefined && { subsystem: input.subsystem }),
          ...(input.siteId !== undefined && { site_id: input.siteId }),
          ...(input.model !== undefined && { model: input.model }),
          ...(input.serial !== undefined && { serial: input.serial }),
          ...(input.ip !== undefined && { ip: input.ip }),
          ...(input.firmware !== undefined && { firmware: input.firmware }),
          ...(input.installDate !== undefined && { install_date: input.installDate }),
          ...(input.warrantyEnd !== undefined && { warranty_end: input.warrantyEnd }),
          ...(input.upstreamId !== undefined && { upstream_id: input.upstreamId }),
          ...(input.labels !== undefined && { labels: toJsonText(input.labels) }),
          updated_at: clock.now(),
        });
        const after = toDeviceView((await devicesRepository.findById(trx, id))!);
        await audit.append(trx, ctx, { action: 'device.update', targetType: 'device', targetId: id, before, after });
        return after;
      });
    },

    /**
     * Puts a device into maintenance (its silence is expected: no offline alerts) or takes it out, which leaves its
     * health unknown until telemetry says otherwise. Asking for the state it is already in is refused, so every
     * accepted call is a real change with its history row and audit record.
     */
    async setMaintenance(ctx: RequestContext, id: string, input: Static<typeof MaintenanceBody>): Promise<DeviceView> {
      requirePermission(ctx.actor, 'estate:write');
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const current = await visibleDevice(trx, ctx.actor, id);
        if ((current.maintenance === 1) === input.on) {
          throw new ConflictError(input.on ? 'The device is in maintenance already' : 'The device is not in maintenance', 'MAINTENANCE_UNCHANGED');
        }
        const before = toDeviceView(current);
        await devicesRepository.update(trx, id, { maintenance: input.on ? 1 : 0, updated_at: now });
        await recordHealthChange(trx, { deviceId: id, health: input.on ? 'maintenance' : 'unknown', reason: HEALTH_REASONS.operator(input.reason), at: now });
        const after = toDeviceView((await devicesRepository.findById(trx, id))!);
        await audit.append(trx, ctx, { action: input.on ? 'device.maintenance_on' : 'device.maintenance_off', targetType: 'device', targetId: id, before, after, reason: input.reason });
        // Every open console, on every node, sees it like a health change from telemetry. Last: on PostgreSQL the
        // append holds the events lock until the commit.
        await deps.events?.append(trx, { type: 'device.health', deviceId: after.id, code: after.code, siteId: after.siteId, subsystem: after.subsystem, previous: current.health, health: after.health, reason: after.healthReason, at: now });
        return after;
      });
    },

    async healthHistory(ctx: RequestContext, id: string, request: ListRequest) {
      requirePermission(ctx.actor, 'estate:read');
      await visibleDevice(k, ctx.actor, id);
      return cursorPage(HEALTH_HISTORY_ORDER, request, (page) => devicesRepository.healthHistory(k, id, page), (rows) => rows.map((r) => ({ at: toIso(r.at), health: r.health, reason: decodeHealthReason(r.reason) })));
    },

    /** The devices hanging directly off this one (those the caller can see). */
    async downstream(ctx: RequestContext, id: string, request: ListRequest) {
      requirePermission(ctx.actor, 'estate:read');
      await visibleDevice(k, ctx.actor, id);
      return cursorPage(DEVICE_ORDERS.code, request, (page) => devicesRepository.list(k, { onlySiteIds: ctx.actor.siteIds, upstreamId: id, order: 'code' }, page), (rows) => rows.map(toDeviceView));
    },

    /** Sites in scope → subsystems → device counts by health: the console's estate tree. */
    async tree(ctx: RequestContext) {
      requirePermission(ctx.actor, 'estate:read');
      const [sites, counts] = await Promise.all([siteRecords.allVisible(k, ctx.actor.siteIds), devicesRepository.healthCounts(k, ctx.actor.siteIds)]);
      const bySite = new Map(sites.map((s) => [s.id, { id: s.id, code: s.code, name: s.name, total: 0, health: emptyHealthCounts(), subsystems: new Map<string, { subsystem: string; total: number; health: Record<DeviceHealth, number> }>() }]));
      for (const c of counts) {
        const site = bySite.get(c.site_id);
        if (!site) continue;
        let sub = site.subsystems.get(c.subsystem);
        if (!sub) site.subsystems.set(c.subsystem, (sub = { subsystem: c.subsystem, total: 0, health: emptyHealthCounts() }));
        site.total += c.n;
        site.health[c.health] += c.n;
        sub.total += c.n;
        sub.health[c.health] += c.n;
      }
      const order = (s: string) => (SUBSYSTEMS as readonly string[]).indexOf(s);
      return {
        sites: [...bySite.values()].map((s) => ({ ...s, subsystems: [...s.subsystems.values()].sort((a, b) => order(a.subsystem) - order(b.subsystem)) })),
      };
    },
  };
}

export type DevicesService = ReturnType<typeof createDevicesService>;
