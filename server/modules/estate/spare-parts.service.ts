import type { Static } from '@sinclair/typebox';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { Executor } from '../../db/types.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { AuditLog } from '../audit/index.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import type { SpareMovementsTable, SparePartsTable } from './estate.tables.ts';
import type { CreateSparePartBody, MovementBody, SparePart, UpdateSparePartBody } from './spare-parts.schemas.ts';
import { MOVEMENTS_ORDER, SPARE_PARTS_ORDER, sparePartsRepository } from './spare-parts.repository.ts';

/** A part as the API shows it; the request bodies below, as the API accepts them. */
export type SparePartView = Static<typeof SparePart>;
export type CreateSparePartInput = Static<typeof CreateSparePartBody>;
export type UpdateSparePartInput = Static<typeof UpdateSparePartBody>;

function toView(r: SparePartsTable, stock: { warehouse: string; quantity: number }[]): SparePartView {
  const total = stock.reduce((sum, s) => sum + s.quantity, 0);
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    category: r.category,
    unit: r.unit,
    reorderThreshold: r.reorder_threshold,
    stock,
    total,
    belowThreshold: total <= r.reorder_threshold,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

const toMovementView = (m: SpareMovementsTable) => ({
  id: m.id,
  warehouse: m.warehouse,
  delta: m.delta,
  quantityAfter: m.quantity_after,
  reason: m.reason,
  incidentRef: m.incident_ref,
  actor: m.actor_name,
  at: toIso(m.at),
});

/**
 * Spare parts (SPEC C1.4): stock per warehouse, a reorder threshold, and movements booked against incidents. The
 * audit record of a movement says when it left the part at or below its threshold; alerting raises the reorder alert
 * from that.
 */
export function createSparePartsService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  async function viewOf(executor: Executor, id: string): Promise<SparePartView> {
    const row = await sparePartsRepository.findById(executor, id);
    if (!row) throw new NotFoundError('Spare part', id);
    return toView(row, (await sparePartsRepository.stockOf(executor, [id])).get(id) ?? []);
  }

  async function checkSkuFree(executor: Executor, sku: string): Promise<void> {
    if (await sparePartsRepository.findBySku(executor, sku)) throw new ConflictError(`A spare part with SKU ${sku} exists`, 'SPARE_SKU_TAKEN', { field: 'sku' });
  }

  return {
    async list(ctx: RequestContext, filter: { q?: string; lowStock?: boolean }, request: ListRequest) {
      requirePermission(ctx.actor, 'estate:read');
      return cursorPage(SPARE_PARTS_ORDER, request, (page) => sparePartsRepository.list(k, { q: filter.q, lowStock: filter.lowStock }, page), async (rows) => {
        const stock = await sparePartsRepository.stockOf(k, rows.map((r) => r.id));
        return rows.map((r) => toView(r, stock.get(r.id) ?? []));
      });
    },

    async create(ctx: RequestContext, input: CreateSparePartInput): Promise<SparePartView> {
      requirePermission(ctx.actor, 'estate:write');
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        await checkSkuFree(trx, input.sku);
        const row: SparePartsTable = {
          id: newId(),
          sku: input.sku,
          name: input.name,
          category: input.category ?? '',
          unit: input.unit ?? 'pcs',
          reorder_threshold: input.reorderThreshold ?? 0,
          created_at: now,
          updated_at: now,
        };
        await sparePartsRepository.insert(trx, row);
        const view = toView(row, []);
        await audit.append(trx, ctx, { action: 'spare.create', targetType: 'spare_part', targetId: row.id, after: view });
        return view;
      });
    },

    async update(ctx: RequestContext, id: string, input: UpdateSparePartInput): Promise<SparePartView> {
      requirePermission(ctx.actor, 'estate:write');
      return k.transaction().execute(async (trx) => {
        const before = await viewOf(trx, id);
        if (input.sku !== undefined && input.sku !== before.sku) await checkSkuFree(trx, input.sku);
        await sparePartsRepository.update(trx, id, {
          ...(input.sku !== undefined && { sku: input.sku }),
          ...(input.name !== undefined && { name: input.name }),
          ...(input.category !== undefined && { category: input.category }),
          ...(input.unit !== undefined && { unit: input.unit }),
          ...(input.reorderThreshold !== undefined && { reorder_threshold: input.reorderThreshold }),
          updated_at: clock.now(),
        });
        const after = await viewOf(trx, id);
        await audit.append(trx, ctx, { action: 'spare.update', targetType: 'spare_part', targetId: id, before, after });
        return after;
      });
    },

    /** Books stock in (delta > 0) or out (delta < 0) of one warehouse; stock never goes below zero. */
    async move(ctx: RequestContext, id: string, input: Static<typeof MovementBody>) {
      requirePermission(ctx.actor, 'estate:write');
      if (input.delta === 0) throw invalidFields([fieldProblem('delta', 'notZero')]);
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const before = await viewOf(trx, id);
        const quantityAfter = await sparePartsRepository.applyDelta(trx, id, input.warehouse, input.delta);
        if (quantityAfter === null) {
          const available = await sparePartsRepository.quantityIn(trx, id, input.warehouse);
          throw new ConflictError(`Only ${available} ${before.unit} of ${before.sku} in ${input.warehouse}; cannot take ${-input.delta}`, 'INSUFFICIENT_STOCK', {
            warehouse: input.warehouse,
            available,
            requested: -input.delta,
          });
        }
        const movement: SpareMovementsTable = {
          id: newId(),
          part_id: id,
          warehouse: input.warehouse,
          delta: input.delta,
          quantity_after: quantityAfter,
          reason: input.reason,
          incident_ref: input.incidentRef ?? null,
          actor_name: ctx.actor.username,
          at: now,
        };
        await sparePartsRepository.insertMovement(trx, movement);
        const part = await viewOf(trx, id);
        await audit.append(trx, ctx, {
          action: 'spare.movement',
          targetType: 'spare_part',
          targetId: id,
          before: { total: before.total, belowThreshold: before.belowThreshold },
          after: {
            sku: part.sku,
            movementId: movement.id,
            warehouse: input.warehouse,
            delta: input.delta,
            quantityAfter,
            incidentRef: movement.incident_ref,
            total: part.total,
            reorderThreshold: part.reorderThreshold,
            // What the reorder alert is raised from: at or below the threshold now, and whether this movement took it there.
            belowThreshold: part.belowThreshold,
            reachedThreshold: part.belowThreshold && !before.belowThreshold,
          },
          reason: input.reason,
        });
        return { movement: toMovementView(movement), part };
      });
    },

    async movements(ctx: RequestContext, id: string, request: ListRequest) {
      requirePermission(ctx.actor, 'estate:read');
      if (!(await sparePartsRepository.findById(k, id))) throw new NotFoundError('Spare part', id);
      return cursorPage(MOVEMENTS_ORDER, request, (page) => sparePartsRepository.movements(k, id, page), (rows) => rows.map(toMovementView));
    },
  };
}

export type SparePartsService = ReturnType<typeof createSparePartsService>;

/** What booking a movement inside someone else's transaction did (see bookSpareMovement). */
export interface BookedSpareMovement {
  movementId: string;
  partId: string;
  sku: string;
  name: string;
  unit: string;
  warehouse: string;
  delta: number;
  quantityAfter: number;
  total: number;
  reorderThreshold: number;
  /** at or below the reorder threshold now, and whether this movement took it there (the reorder alert's facts) */
  belowThreshold: boolean;
  reachedThreshold: boolean;
}

/**
 * Books one movement inside the caller's transaction (an incident using parts books them with its own timeline line
 * and audit record, so that they commit or fail together). Writes no audit record: the caller's record must carry
 * the movement (its id, quantity after, and whether it reached the threshold). Stock never goes below zero:
 * INSUFFICIENT_STOCK (409) naming the part; an unknown part is NOT_FOUND.
 */
export async function bookSpareMovement(
  trx: Executor,
  input: { partId: string; warehouse: string; delta: number; reason: string; incidentRef: string | null; actorName: string; at: number },
): Promise<BookedSpareMovement> {
  const part = await sparePartsRepository.findById(trx, input.partId);
  if (!part) throw new NotFoundError('Spare part', input.partId);
  const totalOf = async () => ((await sparePartsRepository.stockOf(trx, [part.id])).get(part.id) ?? []).reduce((sum, s) => sum + s.quantity, 0);
  const totalBefore = await totalOf();
  const quantityAfter = await sparePartsRepository.applyDelta(trx, part.id, input.warehouse, input.delta);
  if (quantityAfter === null) {
    const available = await sparePartsRepository.quantityIn(trx, part.id, input.warehouse);
    throw new ConflictError(`Only ${available} ${part.unit} of ${part.sku} (${part.name}) in ${input.warehouse}; cannot take ${-input.delta}`, 'INSUFFICIENT_STOCK', {
      partId: part.id,
      sku: part.sku,
      name: part.name,
      warehouse: input.warehouse,
      available,
      requested: -input.delta,
    });
  }
  const movement: SpareMovementsTable = {
    id: newId(),
    part_id: part.id,
    warehouse: input.warehouse,
    delta: input.delta,
    quantity_after: quantityAfter,
    reason: input.reason,
    incident_ref: input.incidentRef,
    actor_name: input.actorName,
    at: input.at,
  };
  await sparePartsRepository.insertMovement(trx, movement);
  const total = await totalOf();
  const belowThreshold = total <= part.reorder_threshold;
  return {
    movementId: movement.id,
    partId: part.id,
    sku: part.sku,
    name: part.name,
    unit: part.unit,
    warehouse: input.warehouse,
    delta: input.delta,
    quantityAfter,
    total,
    reorderThreshold: part.reorder_threshold,
    belowThreshold,
    reachedThreshold: belowThreshold && !(totalBefore <= part.reorder_threshold),
  };
}
