import type { KeyObject } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { checkpointMessage, recordHash, verifySignature } from './audit.chain.ts';
import { createAuditRepository } from './audit.repository.ts';

const PAGE = 1000;

/**
 * The cheap part of verification, for start-up and the periodic re-check: the newest signed checkpoint still matches
 * the record it covers, and every record after it is intact and chains from it up to the head. Catches a log that was
 * cut back, rolled back to an older copy, or edited since the last checkpoint without reading the whole chain (that
 * is `opsdesk audit verify`). The signature is checked when the checkpoint was signed with `key` (after a key change
 * the full verification checks the older ones). Returns the problems found, in words; none means intact.
 */
export async function checkChainHead(db: Db, key: { keyId: string; publicKey: KeyObject } | null): Promise<string[]> {
  const repo = createAuditRepository(db.dialect);
  const checkpoint = await repo.lastCheckpoint(db.kysely);
  if (!checkpoint) return [];
  const problems: string[] = [];
  if (key && checkpoint.key_id === key.keyId) {
    const message = checkpointMessage({ seq: checkpoint.seq, recordHash: checkpoint.record_hash, ts: checkpoint.ts, keyId: checkpoint.key_id });
    if (!verifySignature(key.publicKey, message, checkpoint.signature)) problems.push(`the signed checkpoint at audit record ${checkpoint.seq} has an invalid signature`);
  }

  let expectedSeq = checkpoint.seq;
  let prevHash: string | null = null;
  for (;;) {
    const page = await repo.pageAscending(db.kysely, expectedSeq - 1, PAGE);
    for (const row of page) {
      if (row.seq !== expectedSeq) return [...problems, `audit record ${expectedSeq} is missing`];
      if (prevHash === null && row.hash !== checkpoint.record_hash) return [...problems, `audit record ${row.seq} does not match the signed checkpoint that covers it`];
      if (prevHash !== null && row.prev_hash !== prevHash) return [...problems, `audit record ${row.seq} does not follow record ${row.seq - 1}`];
      if (recordHash(row) !== row.hash) return [...problems, `audit record ${row.seq} was altered after it was written`];
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
    }
    if (page.length < PAGE) break;
  }
  if (prevHash === null) problems.push(`the audit log ends before record ${checkpoint.seq}, which a signed checkpoint covers: records were removed`);
  return problems;
}
