import type { KeyObject } from 'node:crypto';
import { checkpointMessage, GENESIS_HASH, recordHash, verifySignature } from './audit.chain.ts';
import type { AuditCheckpointsTable, AuditLogTable } from './audit.tables.ts';

export type ProblemKind =
  | 'altered' // the record's content does not match its hash
  | 'chain_broken' // the record does not chain from the one before it
  | 'missing' // sequence numbers are missing: records were deleted
  | 'truncated' // a checkpoint covers records that are gone
  | 'checkpoint_mismatch' // a checkpoint does not match the record it covers
  | 'bad_signature' // a checkpoint's signature is invalid
  | 'unknown_key' // a checkpoint was signed by a key that is not trusted
  | 'unreadable'; // the database could not be read

export interface Problem {
  seq: number | null;
  kind: ProblemKind;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  recordsChecked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  checkpointsChecked: number;
  lastCheckpointSeq: number | null;
  /** true when no trusted key was available: checkpoints were matched to records but their signatures not checked. */
  signaturesUnchecked: boolean;
  problems: Problem[];
  durationMs: number;
}

const MAX_PROBLEMS = 100;

/**
 * Walks the chain in sequence order. Feed it every record (ascending seq), then call finish(). Pure: the caller
 * does the reading, so the same check serves the CLI, the API and the benchmark.
 */
export function createChainVerifier(checkpoints: readonly AuditCheckpointsTable[], trustedKeys: ReadonlyMap<string, KeyObject>) {
  const started = performance.now();
  const problems: Problem[] = [];
  const report = (p: Problem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  const signaturesUnchecked = trustedKeys.size === 0;
  let checkpointsChecked = 0;

  for (const c of checkpoints) {
    const key = trustedKeys.get(c.key_id);
    if (signaturesUnchecked) continue;
    if (!key) {
      report({ seq: c.seq, kind: 'unknown_key', message: `checkpoint at record ${c.seq} is signed by key ${c.key_id}, which is not trusted` });
    } else if (!verifySignature(key, checkpointMessage({ seq: c.seq, recordHash: c.record_hash, ts: c.ts, keyId: c.key_id }), c.signature)) {
      report({ seq: c.seq, kind: 'bad_signature', message: `checkpoint at record ${c.seq} has an invalid signature: it was altered or forged` });
    }
  }

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  let count = 0;

  return {
    feed(row: AuditLogTable): void {
      count++;
      firstSeq ??= row.seq;
      if (row.seq !== expectedSeq) {
        if (row.seq > expectedSeq) {
          const range = row.seq - 1 === expectedSeq ? `record ${expectedSeq} is` : `records ${expectedSeq}–${row.seq - 1} are`;
          report({ seq: expectedSeq, kind: 'missing', message: `${range} missing: deleted from the log` });
        } else {
          report({ seq: row.seq, kind: 'chain_broken', message: `record ${row.seq} appears out of order` });
        }
      } else if (row.prev_hash !== prevHash) {
        report({ seq: row.seq, kind: 'chain_broken', message: `record ${row.seq} does not follow record ${row.seq - 1}: a record before it was altered, inserted or removed` });
      }
      if (recordHash(row) !== row.hash) {
        report({ seq: row.seq, kind: 'altered', message: `record ${row.seq} (${row.action}) was altered after it was written` });
      }
      const checkpoint = bySeq.get(row.seq);
      if (checkpoint) {
        checkpointsChecked++;
        if (checkpoint.record_hash !== row.hash) {
          report({ seq: row.seq, kind: 'checkpoint_mismatch', message: `record ${row.seq} does not match the signed checkpoint that covers it` });
        }
      }
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
      lastSeq = row.seq;
    },

    finish(): VerifyReport {
      const lastCheckpoint = checkpoints.reduce<AuditCheckpointsTable | null>((a, c) => (a === null || c.seq > a.seq ? c : a), null);
      if (lastCheckpoint && (lastSeq === null || lastCheckpoint.seq > lastSeq)) {
        const from = (lastSeq ?? 0) + 1;
        report({ seq: from, kind: 'truncated', message: `records ${from}–${lastCheckpoint.seq} are missing: the signed checkpoint at ${lastCheckpoint.seq} covers them` });
      }
      problems.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
      return {
        ok: problems.length === 0,
        recordsChecked: count,
        firstSeq,
        lastSeq,
        checkpointsChecked,
        lastCheckpointSeq: lastCheckpoint?.seq ?? null,
        signaturesUnchecked,
        problems,
        durationMs: Math.round(performance.now() - started),
      };
    },
  };
}
