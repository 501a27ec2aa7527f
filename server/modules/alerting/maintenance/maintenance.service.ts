import { toIso, toIsoOrNull } from '../../../clock.ts';
import { InvalidError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, throwIfProblems, type FieldProblem } from '../../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../../http/cursor.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { canSeeSite, requirePermission, type Actor, type RequestContext } from '../../auth/index.ts';
import { DEFAULT_ZONE, isValidTimeZone } from '../../calendar/index.ts';
import { visibleDevice } from '../../estate/index.ts';
import { siteRecords } from '../../sites/index.ts';
import type { MaintenanceWindowsTable } from '../alerting.tables.ts';
import { instantOf } from '../silences/instant.ts';
import { maintenanceRepository, WINDOWS_ORDER, type WindowRow } from './maintenance.repository.ts';
import type { CreateMaintenanceWindowBody, MaintenanceWindow, UpdateMaintenanceWindowBody } from './maintenance.schemas.ts';
import { compileSchedule, cronProblem, timingOf, type Outlook } from './schedule.ts';

/** A one-off window lasts at most a year, leap day included; longer, the device belongs out of service. */
export const MAX_ONE_OFF_DAYS = 366;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The fields that say what a window covers and when: checked together, whether created or changed. */
type Plan = Pick<MaintenanceWindowsTable, 'site_id' | 'device_id' | 'starts_at' | 'ends_at' | 'cron' | 'duration_ms' | 'zone'>;

const OFF: Outlook = { activeNow: false, nextStart: null, nextEnd: null };

function outlookOf(row: MaintenanceWindowsTable, now: number): Outlook {
  const timing = row.enabled === 1 ? timingOf(row) : null;
  if (!timing) return OFF;
  try {
    return compileSchedule(timing).outlook(now);
  } catch {
    // Checked when written; should a later croner read a stored expression otherwise, the window shows as off (as
    // the engine then treats it, ../suppressions.ts) rather than failing the whole list.
    return OFF;
  }
}

function toView(row: WindowRow, now: number): MaintenanceWindow {
  const outlook = outlookOf(row, now);
  return {
    id: row.id,
    name: row.name,
    siteId: row.site_id,
    deviceId: row.device_id,
    site: row.concerned_site_id && row.site_code !== null ? { id: row.concerned_site_id, code: row.site_code, name: row.site_name ?? '' } : null,
    device: row.device_id && row.device_code !== null ? { id: row.device_id, code: row.device_code, name: row.device_name ?? '' } : null,
    startsAt: toIsoOrNull(row.starts_at),
    endsAt: toIsoOrNull(row.ends_at),
    cron: row.cron,
    durationMinutes: row.duration_ms === null ? null : Math.round(row.duration_ms / MINUTE_MS),
    zone: row.zone,
    comment: row.comment,
    enabled: row.enabled === 1,
    activeNow: outlook.activeNow,
    nextStart: toIsoOrNull(outlook.nextStart),
    nextEnd: toIsoOrNull(outlook.nextEnd),
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** When the window is on: one-off or recurring, never both, each complete; a cron that parses and runs; a known zone. */
function timingProblems(plan: Plan, now: number, endsAtChanged: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isValidTimeZone(plan.zone)) problems.push(fieldProblem('zone', 'timeZone', { value: plan.zone }));
  const oneOff = plan.starts_at !== null || plan.ends_at !== null;
  const recurring = plan.cron !== null || plan.duration_ms !== null;
  if (oneOff === recurring) {
    throw new InvalidError(
      oneOff ? 'A window is one-off (startsAt and endsAt) or recurring (cron and durationMinutes), not both' : 'Say when: startsAt and endsAt, or cron and durationMinutes',
      { field: oneOff ? 'cron' : 'startsAt' },
      'MAINTENANCE_SCHEDULE',
    );
  }
  if (oneOff) {
    if (plan.starts_at === null) problems.push(fieldProblem('startsAt', 'required'));
    if (plan.ends_at === null) problems.push(fieldProblem('endsAt', 'required'));
    if (plan.starts_at !== null && plan.ends_at !== null) {
      if (plan.ends_at <= plan.starts_at) problems.push(fieldProblem('endsAt', 'rangeOrder'));
      else if (plan.ends_at - plan.starts_at > MAX_ONE_OFF_DAYS * DAY_MS) problems.push(fieldProblem('endsAt', 'rangeTooLong', { days: MAX_ONE_OFF_DAYS }));
      else if (endsAtChanged && plan.ends_at <= now) problems.push(fieldProblem('endsAt', 'future'));
    }
  } else {
    if (plan.cron === null) problems.push(fieldProblem('cron', 'required'));
    if (plan.duration_ms === null) problems.push(fieldProblem('durationMinutes', 'required'));
    const problem = plan.cron !== null && isValidTimeZone(plan.zone) ? cronProblem(plan.cron, plan.zone, now) : null;
    if (problem) problems.push(problem);
  }
  return problems;
}

const parseInstant = (iso: string | null | undefined): number | null | undefined => (iso === undefined ? undefined : iso === null ? null : instantOf(iso));

/**
 * Maintenance windows (SPEC C3.5): a site's or a device's expected downtime, one-off or recurring, during which its
 * alerts stay quiet (../suppressions.ts). The site decides who may see and change a window — a device window's site is
 * its device's — so a user limited to some sites neither sees nor plans windows elsewhere.
 */
export function createMaintenanceWindowsService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  async function visible(rc: RequestContext, id: string): Promise<WindowRow> {
    const row = await maintenanceRepository.findById(k, id);
    // Out of scope answers as not found. A window whose site or device is gone is seen only by those who see all.
    const seen = row && (rc.actor.siteIds === null || (row.concerned_site_id !== null && canSeeSite(rc.actor, row.concerned_site_id)));
    if (!row || !seen) throw new NotFoundError('Maintenance window', id);
    return row;
  }

  /** Exactly one target, and one the actor sees: anything else is as unknown to them as a site that does not exist. */
  async function targetProblems(actor: Actor, plan: Plan): Promise<FieldProblem[]> {
    if ((plan.site_id === null) === (plan.device_id === null)) {
      throw new InvalidError('A window covers a site (siteId) or a device (deviceId): exactly one', { field: plan.site_id === null ? 'siteId' : 'deviceId' }, 'MAINTENANCE_TARGET');
    }
    if (plan.site_id !== null) {
      const site = await siteRecords.findById(k, plan.site_id);
      return site && canSeeSite(actor, site.id) ? [] : [fieldProblem('siteId', 'unknownSite', { site: plan.site_id })];
    }
    try {
      await visibleDevice(k, actor, plan.device_id!);
      return [];
    } catch (error) {
      if (error instanceof NotFoundError) return [fieldProblem('deviceId', 'unknownDevice', { device: plan.device_id! })];
      throw error;
    }
  }

  async function check(actor: Actor, plan: Plan, now: number, endsAtChanged: boolean): Promise<void> {
    const problems = [...timingProblems(plan, now, endsAtChanged), ...(await targetProblems(actor, plan))];
    throwIfProblems(problems);
  }

  return {
    list(rc: RequestContext, filter: { siteId?: string | undefined; deviceId?: string | undefined }, request: ListRequest) {
      requirePermission(rc.actor, 'alerts:read');
      const now = clock.now();
      return cursorPage(
        WINDOWS_ORDER,
        request,
        (page) => maintenanceRepository.list(k, { ...(filter.siteId && { siteId: filter.siteId }), ...(filter.deviceId && { deviceId: filter.deviceId }), onlySiteIds: rc.actor.siteIds }, page),
        (rows) => rows.map((r) => toView(r, now)),
      );
    },

    async get(rc: RequestContext, id: string): Promise<MaintenanceWindow> {
      requirePermission(rc.actor, 'alerts:read');
      return toView(await visible(rc, id), clock.now());
    },

    async create(rc: RequestContext, input: CreateMaintenanceWindowBody): Promise<MaintenanceWindow> {
      requirePermission(rc.actor, 'alerts:write');
      const now = clock.now();
      const plan: Plan = {
        site_id: input.siteId ?? null,
        device_id: input.deviceId ?? null,
        starts_at: parseInstant(input.startsAt) ?? null,
        ends_at: parseInstant(input.endsAt) ?? null,
        cron: input.cron ?? null,
        duration_ms: input.durationMinutes === undefined ? null : input.durationMinutes * MINUTE_MS,
        zone: input.zone ?? DEFAULT_ZONE,
      };
      await check(rc.actor, plan, now, true);
      return k.transaction().execute(async (trx) => {
        const id = newId();
        await maintenanceRepository.insert(trx, {
          id,
          name: input.name,
          ...plan,
          comment: input.comment ?? '',
          enabled: input.enabled === false ? 0 : 1,
          // a token acts for its user; the system and the CLI by their names
          created_by: rc.actor.userId ?? rc.actor.username,
          created_at: now,
          updated_at: now,
        });
        const view = toView((await maintenanceRepository.findById(trx, id))!, now);
        await audit.append(trx, rc, { action: 'maintenance_window.create', targetType: 'maintenance_window', targetId: id, after: view });
        return view;
      });
    },

    /** Changes what is sent; the result is checked whole, as if created (a target must stay one the caller sees). */
    async update(rc: RequestContext, id: string, input: UpdateMaintenanceWindowBody): Promise<MaintenanceWindow> {
      requirePermission(rc.actor, 'alerts:write');
      const before = await visible(rc, id);
      const now = clock.now();
      const startsAt = parseInstant(input.startsAt);
      const endsAt = parseInstant(input.endsAt);
      const plan: Plan = {
        site_id: input.siteId === undefined ? before.site_id : input.siteId,
        device_id: input.deviceId === undefined ? before.device_id : input.deviceId,
        starts_at: startsAt === undefined ? before.starts_at : startsAt,
        ends_at: endsAt === undefined ? before.ends_at : endsAt,
        cron: input.cron === undefined ? before.cron : input.cron,
        duration_ms: input.durationMinutes === undefined ? before.duration_ms : input.durationMinutes === null ? null : input.durationMinutes * MINUTE_MS,
        zone: input.zone ?? before.zone,
      };
      await check(rc.actor, plan, now, endsAt !== undefined);
      return k.transaction().execute(async (trx) => {
        await maintenanceRepository.update(trx, id, {
          ...plan,
          ...(input.name !== undefined && { name: input.name }),
          ...(input.comment !== undefined && { comment: input.comment }),
          ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
          updated_at: now,
        });
        const after = toView((await maintenanceRepository.findById(trx, id))!, now);
        await audit.append(trx, rc, { action: 'maintenance_window.update', targetType: 'maintenance_window', targetId: id, before: toView(before, now), after });
        return after;
      });
    },

    async delete(rc: RequestContext, id: string): Promise<{ ok: true }> {
      requirePermission(rc.actor, 'alerts:write');
      const before = await visible(rc, id);
      const now = clock.now();
      await k.transaction().execute(async (trx) => {
        await maintenanceRepository.delete(trx, id);
        await audit.append(trx, rc, { action: 'maintenance_window.delete', targetType: 'maintenance_window', targetId: id, before: toView(before, now) });
      });
      return { ok: true };
    },
  };
}

export type MaintenanceWindowsService = ReturnType<typeof createMaintenanceWindowsService>;
