import type { KeyObject } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { fromJsonText, type Executor } from '../../db/types.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import type { RequestContext } from '../auth/index.ts';
import type { AuditAction } from './audit-actions.ts';
import { canonicalJson, checkpointMessage, GENESIS_HASH, recordHash, type AuditSigner } from './audit.chain.ts';
import { AUDIT_ORDER, createAuditRepository, type AuditFilter } from './audit.repository.ts';
import type { AuditLogTable } from './audit.tables.ts';
import { createChainVerifier, type VerifyReport } from './audit.verify.ts';

export interface AuditEntry {
  /** dotted verb, e.g. user.create, auth.login, personal.unmask: one of AUDIT_ACTIONS */
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  /** snapshots of the target before and after; personal fields already masked by the caller */
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface AuditLogOptions {
  db: Db;
  clock: Clock;
  signer: AuditSigner;
  /** write a signed checkpoint once this many records have accumulated since the last one */
  checkpointEveryRecords: number;
  /** called once per appended record, before its transaction commits (metrics, the one-record-per-write guard) */
  onAppend?: (row: AuditLogTable) => void;
}

const VERIFY_PAGE = 5000;

/** A record as the API shows it (AuditRecord in audit.schemas.ts). */
const toAuditView = (r: AuditLogTable) => ({
  seq: r.seq,
  ts: toIso(r.ts),
  actorId: r.actor_id,
  actorName: r.actor_name,
  actorRoles: fromJsonText<string[]>(r.actor_roles),
  ip: r.ip,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  before: r.before === null ? null : fromJsonText<unknown>(r.before),
  after: r.after === null ? null : fromJsonText<unknown>(r.after),
  reason: r.reason,
  requestId: r.request_id,
  hash: r.hash,
  prevHash: r.prev_hash,
});

/**
 * The tamper-evident audit log (SPEC C9.1). Every state change calls append() inside its own transaction, so the
 * record commits or rolls back with the change it describes.
 */
export function createAuditLog(options: AuditLogOptions) {
  const { db, clock, signer, checkpointEveryRecords } = options;
  const repo = createAuditRepository(db.dialect);

  function buildRow(seq: number, prevHash: string, ctx: RequestContext, entry: AuditEntry, ts: number): AuditLogTable {
    const row: Omit<AuditLogTable, 'hash'> = {
      seq,
      ts,
      actor_id: ctx.actor.userId,
      actor_name: ctx.actor.username,
      actor_roles: canonicalJson(ctx.actor.roleIds),
      ip: ctx.ip,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      before: entry.before === undefined || entry.before === null ? null : canonicalJson(entry.before),
      after: entry.after === undefined || entry.after === null ? null : canonicalJson(entry.after),
      reason: entry.reason ?? null,
      request_id: ctx.requestId,
      prev_hash: prevHash,
    };
    return { ...row, hash: recordHash(row) };
  }

  async function checkpointIfDue(trx: Executor, seq: number, hash: string, ts: number): Promise<void> {
    const last = await repo.lastCheckpoint(trx);
    if (seq - (last?.seq ?? 0) >= checkpointEveryRecords) await writeCheckpoint(trx, seq, hash, ts);
  }

  async function writeCheckpoint(trx: Executor, seq: number, recordHashValue: string, ts: number): Promise<void> {
    const message = checkpointMessage({ seq, recordHash: recordHashValue, ts, keyId: signer.keyId });
    await repo.insertCheckpoint(trx, { seq, record_hash: recordHashValue, ts, key_id: signer.keyId, signature: signer.sign(message) });
  }

  return {
    /** Appends one record inside the caller's transaction. Call it last in the transaction: it takes the writer lock. */
    async append(trx: Executor, ctx: RequestContext, entry: AuditEntry): Promise<AuditLogTable> {
      await repo.lockForAppend(trx);
      const head = await repo.head(trx);
      const row = buildRow((head?.seq ?? 0) + 1, head?.hash ?? GENESIS_HASH, ctx, entry, clock.now());
      await repo.insert(trx, row);
      await checkpointIfDue(trx, row.seq, row.hash, row.ts);
      options.onAppend?.(row);
      return row;
    },

    /** Appends several records in one transaction (bulk operations, benchmarks). */
    async appendMany(trx: Executor, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
      if (entries.length === 0) return;
      await repo.lockForAppend(trx);
      const head = await repo.head(trx);
      let seq = head?.seq ?? 0;
      let prev = head?.hash ?? GENESIS_HASH;
      const ts = clock.now();
      const rows = entries.map((entry) => {
        const row = buildRow(++seq, prev, ctx, entry, ts);
        prev = row.hash;
        return row;
      });
      await repo.insertMany(trx, rows);
      const last = rows[rows.length - 1]!;
      await checkpointIfDue(trx, last.seq, last.hash, ts);
      for (const row of rows) options.onAppend?.(row);
    },

    /** Appends one record in a transaction of its own (for actions that change nothing else, e.g. unmasking). */
    async record(ctx: RequestContext, entry: AuditEntry): Promise<AuditLogTable> {
      return db.kysely.transaction().execute((trx) => this.append(trx, ctx, entry));
    },

    /** Signs a checkpoint over the newest record when there is one it does not cover yet (the once-a-minute job). */
    async checkpoint(): Promise<number | null> {
      return db.kysely.transaction().execute(async (trx) => {
        await repo.lockForAppend(trx);
        const head = await repo.head(trx);
        const last = await repo.lastCheckpoint(trx);
        if (!head || (last && last.seq >= head.seq)) return null;
        await writeCheckpoint(trx, head.seq, head.hash, clock.now());
        return head.seq;
      });
    },

    /** The log, newest first, a page at a time. */
    search: (filter: AuditFilter, request: ListRequest) => cursorPage(AUDIT_ORDER, request, (page) => repo.search(db.kysely, filter, page), (rows) => rows.map(toAuditView)),

    /** Reads the whole chain and checks it against its checkpoints and the trusted keys; never throws on damage. */
    async verify(trustedKeys: ReadonlyMap<string, KeyObject>): Promise<VerifyReport> {
      return verifyChain(db, trustedKeys);
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

/** Verification needs no signer and no clock, so the CLI can run it on any database it can open. */
export async function verifyChain(db: Db, trustedKeys: ReadonlyMap<string, KeyObject>): Promise<VerifyReport> {
  const repo = createAuditRepository(db.dialect);
  try {
    const verifier = createChainVerifier(await repo.allCheckpoints(db.kysely), trustedKeys);
    let after = 0;
    for (;;) {
      const page = await repo.pageAscending(db.kysely, after, VERIFY_PAGE);
      for (const row of page) verifier.feed(row);
      if (page.length < VERIFY_PAGE) break;
      after = page[page.length - 1]!.seq;
    }
    return verifier.finish();
  } catch (error) {
    return {
      ok: false,
      recordsChecked: 0,
      firstSeq: null,
      lastSeq: null,
      checkpointsChecked: 0,
      lastCheckpointSeq: null,
      signaturesUnchecked: trustedKeys.size === 0,
      problems: [{ seq: null, kind: 'unreadable', message: `the audit log could not be read: ${error instanceof Error ? error.message : String(error)}` }],
      durationMs: 0,
    };
  }
}
