import type { Dialect } from '../../db/database.ts';
import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import { LOCK_KEYS, lockUntilCommit } from '../../db/locks.ts';
import { containsText, type Executor } from '../../db/types.ts';
import type { AuditCheckpointsTable, AuditLogTable } from './audit.tables.ts';

export interface AuditFilter {
  q?: string;
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: number;
  to?: number;
}

/** The search's order: newest first, by the chain's sequence number. */
export const AUDIT_ORDER = keyset<AuditLogTable>({ column: 'seq', direction: 'desc', type: 'integer', of: (r) => r.seq });

export function createAuditRepository(dialect: Dialect) {
  return {
    /**
     * Serialises writers until the caller's transaction ends. SQLite transactions are already exclusive (BEGIN
     * IMMEDIATE); on PostgreSQL several nodes may append at once, so they queue on an advisory lock.
     */
    async lockForAppend(trx: Executor): Promise<void> {
      await lockUntilCommit(trx, dialect, LOCK_KEYS.audit);
    },

    async head(trx: Executor): Promise<{ seq: number; hash: string } | undefined> {
      return trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    },

    async insert(trx: Executor, row: AuditLogTable): Promise<void> {
      await trx.insertInto('audit_log').values(row).execute();
    },

    async insertMany(trx: Executor, rows: AuditLogTable[]): Promise<void> {
      // Stay under SQLite's bound-parameter limit (15 columns a row).
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
    },

    async lastCheckpoint(trx: Executor): Promise<AuditCheckpointsTable | undefined> {
      return trx.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    },

    async insertCheckpoint(trx: Executor, row: AuditCheckpointsTable): Promise<void> {
      await trx.insertInto('audit_checkpoints').values(row).execute();
    },

    async allCheckpoints(db: Executor): Promise<AuditCheckpointsTable[]> {
      return db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute();
    },

    /** Records in ascending seq after `afterSeq`, a page at a time (keyset pagination over the primary key). */
    async pageAscending(db: Executor, afterSeq: number, limit: number): Promise<AuditLogTable[]> {
      return db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    },

    async search(db: Executor, filter: AuditFilter, page: PageRequest): Promise<AuditLogTable[]> {
      let query = db.selectFrom('audit_log').selectAll();
      if (filter.actor) query = query.where('actor_name', '=', filter.actor);
      if (filter.action) query = query.where('action', '=', filter.action);
      if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
      if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
      if (filter.from !== undefined) query = query.where('ts', '>=', filter.from);
      if (filter.to !== undefined) query = query.where('ts', '<', filter.to);
      if (filter.q) {
        const q = filter.q;
        query = query.where((eb) =>
          eb.or(['action', 'actor_name', 'target_type', 'target_id', 'reason', 'ip', 'before', 'after'].map((column) => containsText(column, q))),
        );
      }
      return pageQuery(query, AUDIT_ORDER, page).execute();
    },

    async count(db: Executor): Promise<number> {
      const row = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

