import { toIso } from '../../clock.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { headerSignature, type ColumnMapping } from './importers/index.ts';
import { checkMapping, isMappable, type MappingInput } from './mappings.ts';
import { mappingsRepository as repo } from './mappings.repository.ts';
import type { ColumnMappingListQuery, ColumnMappingView, CreateColumnMappingBody, UpdateColumnMappingBody } from './mappings.schemas.ts';
import type { ReconColumnMappingsTable } from './mappings.tables.ts';
import type { Executor } from '../../db/types.ts';
import { userAccounts } from '../users/index.ts';

/** A saved mapping as an import uses it. */
export interface SavedMapping {
  id: string;
  name: string;
  mapping: ColumnMapping;
  signature: string[];
}

const saved = (row: ReconColumnMappingsTable): SavedMapping => ({ id: row.id, name: row.name, mapping: JSON.parse(row.mapping) as ColumnMapping, signature: JSON.parse(row.header_signature) as string[] });

function view(row: ReconColumnMappingsTable, people: Map<string, string>): ColumnMappingView {
  return {
    id: row.id,
    name: row.name,
    source: row.source as ColumnMappingView['source'],
    mapping: JSON.parse(row.mapping) as Record<string, string | number>,
    header: JSON.parse(row.header_signature) as string[],
    createdBy: row.created_by === null ? null : { id: row.created_by, name: people.get(row.created_by) ?? row.created_by },
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    version: row.version,
  };
}

/** What the audit log keeps of a mapping: everything but the bookkeeping. */
const audited = (row: Pick<ReconColumnMappingsTable, 'name' | 'source' | 'mapping' | 'header_signature'>) => ({
  name: row.name,
  source: row.source,
  mapping: JSON.parse(row.mapping) as unknown,
  header: JSON.parse(row.header_signature) as unknown,
});

/**
 * Saved column mappings (issue 13): a generic ledger whose header the recogniser cannot map is mapped once, saved
 * under a name, and applied by name or by the header signature when the same layout arrives again. recon:read lists
 * them, recon:write saves, changes (with the version read) and deletes them; every change is audited.
 */
export function createColumnMappingsService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  /** The mapping checked against the signature of the header it is saved for: 400 naming each bad field. */
  function checked(input: MappingInput, signature: string[]): ColumnMapping {
    const result = checkMapping(input, signature);
    if (!result.ok) throw invalidFields(result.problems);
    return result.mapping;
  }

  async function views(rows: ReconColumnMappingsTable[]): Promise<ColumnMappingView[]> {
    const people = await userAccounts.displayNames(k, rows.map((r) => r.created_by));
    return rows.map((r) => view(r, people));
  }

  const nameTaken = (name: string) => invalidFields([fieldProblem('name', 'nameTaken', { name })]);

  return {
    async list(rc: RequestContext, query: ColumnMappingListQuery): Promise<{ items: ColumnMappingView[] }> {
      requirePermission(rc.actor, 'recon:read');
      return { items: await views(await repo.list(k, query.source)) };
    },

    async create(rc: RequestContext, body: CreateColumnMappingBody): Promise<ColumnMappingView> {
      requirePermission(rc.actor, 'recon:write');
      const name = body.name.trim();
      if (name === '') throw invalidFields([fieldProblem('name', 'required')]);
      const signature = headerSignature(body.header);
      const mapping = checked(body.mapping, signature);
      const now = clock.now();
      const row: ReconColumnMappingsTable = {
        id: newId(),
        name,
        source: body.source,
        mapping: JSON.stringify(mapping),
        header_signature: JSON.stringify(signature),
        created_by: rc.actor.userId,
        created_at: now,
        updated_by: rc.actor.userId,
        updated_at: now,
        version: 1,
      };
      await k.transaction().execute(async (trx) => {
        if (!(await repo.insert(trx, row))) throw nameTaken(name);
        await audit.append(trx, rc, { action: 'recon_column_mapping.create', targetType: 'recon_column_mapping', targetId: row.id, after: audited(row) });
      });
      return (await views([row]))[0]!;
    },

    async update(rc: RequestContext, id: string, body: UpdateColumnMappingBody): Promise<ColumnMappingView> {
      requirePermission(rc.actor, 'recon:write');
      const row = await repo.find(k, id);
      if (!row) throw new NotFoundError('Column mapping', id);
      const name = body.name?.trim();
      if (name === '') throw invalidFields([fieldProblem('name', 'required')]);
      const signature = body.header !== undefined ? headerSignature(body.header) : (JSON.parse(row.header_signature) as string[]);
      const mapping = body.mapping !== undefined || body.header !== undefined ? checked(body.mapping ?? (JSON.parse(row.mapping) as MappingInput), signature) : undefined;
      if (name !== undefined && name !== row.name) {
        const other = await repo.findByName(k, name);
        if (other && other.id !== id) throw nameTaken(name);
      }
      const patch: Partial<ReconColumnMappingsTable> = {
        ...(name !== undefined && { name }),
        ...(mapping !== undefined && { mapping: JSON.stringify(mapping), header_signature: JSON.stringify(signature) }),
        updated_by: rc.actor.userId,
        updated_at: clock.now(),
      };
      try {
        await k.transaction().execute(async (trx) => {
          if (!(await repo.updateIfVersion(trx, id, body.version, patch))) throw new ConflictError('The column mapping changed since you read it: reload it', 'COLUMN_MAPPING_CHANGED');
          await audit.append(trx, rc, { action: 'recon_column_mapping.update', targetType: 'recon_column_mapping', targetId: id, before: audited(row), after: audited({ ...row, ...patch }) });
        });
      } catch (error) {
        // Another mapping took the name between the check and the write: the unique index refused it.
        if (!(error instanceof ConflictError) && name !== undefined && (await repo.findByName(k, name))?.id !== id) throw nameTaken(name);
        throw error;
      }
      return (await views([(await repo.find(k, id))!]))[0]!;
    },

    async remove(rc: RequestContext, id: string): Promise<void> {
      requirePermission(rc.actor, 'recon:write');
      const row = await repo.find(k, id);
      if (!row) throw new NotFoundError('Column mapping', id);
      await k.transaction().execute(async (trx) => {
        if (!(await repo.remove(trx, id))) throw new NotFoundError('Column mapping', id);
        await audit.append(trx, rc, { action: 'recon_column_mapping.delete', targetType: 'recon_column_mapping', targetId: id, before: audited(row) });
      });
    },

    /** A saved mapping of this source by id or name (an import's ?mapping=), or null. */
    async named(source: string, ref: string, executor: Executor = k): Promise<SavedMapping | null> {
      if (!isMappable(source)) return null;
      const row = (await repo.find(executor, ref)) ?? (await repo.findByName(executor, ref));
      return row && row.source === source ? saved(row) : null;
    },

    /** The saved mappings of this source made for exactly this header (normalised as headerSignature does). */
    async forHeader(source: string, header: readonly string[]): Promise<SavedMapping[]> {
      if (!isMappable(source)) return [];
      return (await repo.findBySignature(k, source, JSON.stringify(headerSignature(header)))).map(saved);
    },

    /** Every saved mapping of the source (a NEEDS_MAPPING finding lists them), at most `limit`. */
    async ofSource(source: string, limit = 50): Promise<SavedMapping[]> {
      if (!isMappable(source)) return [];
      return (await repo.list(k, source)).slice(0, limit).map(saved);
    },
  };
}

export type ColumnMappingsService = ReturnType<typeof createColumnMappingsService>;
