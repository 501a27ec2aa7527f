import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { DatabaseFileError, quickCheck } from '../../db/integrity.ts';
import { type AuditSigner, checkChainHead } from '../audit/index.ts';

export interface IntegrityReport {
  status: 'ok' | 'damaged';
  /** epoch ms */
  checkedAt: number;
  problems: string[];
}

/** The last integrity check's result, for /readyz. */
export interface IntegrityStatus {
  latest(): IntegrityReport | null;
}

/** The PostgreSQL counterpart of damagedDatabase(): the audit chain no longer matches its last signed checkpoint. */
export function damagedAuditLog(schema: string | undefined, problems: readonly string[]): Error {
  const where = schema ? `PostgreSQL schema ${schema}` : 'the PostgreSQL database';
  return new DatabaseFileError(`the audit log in ${where} is damaged (${problems.slice(0, 3).join('; ')}). opsdesk will not start on it. Restore the database from the newest backup, then run \`opsdesk audit verify\` to see every damaged record.`);
}

/** How often a running node checks again: quick_check reads the whole file, so not often. */
export const INTEGRITY_RECHECK_MS = 60 * 60_000;

/**
 * Start-up and periodic checks that the database can be trusted: on SQLite, PRAGMA quick_check (on a thread of its
 * own); on both databases, the audit chain from its last signed checkpoint to its head. main.ts runs the two parts
 * apart at start-up (the file before migrating, the chain after) and refuses to start on a problem; once running,
 * a failed re-check turns /readyz to not ready and is logged as an error.
 */
export function createIntegrityMonitor(deps: { db: Db; sqliteFile: string | null; signer: AuditSigner; clock: Clock; log: FastifyBaseLogger }) {
  const { db, sqliteFile, signer, clock, log } = deps;
  let latest: IntegrityReport | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  const checkFile = async (): Promise<string[]> => (sqliteFile ? (await quickCheck(sqliteFile)).map((p) => `PRAGMA quick_check: ${p}`) : []);
  const checkAudit = async (): Promise<string[]> => {
    try {
      return await checkChainHead(db, signer);
    } catch (error) {
      return [`the audit log could not be read: ${error instanceof Error ? error.message : String(error)}`];
    }
  };
  const record = (problems: string[]): IntegrityReport => {
    latest = { status: problems.length === 0 ? 'ok' : 'damaged', checkedAt: clock.now(), problems };
    return latest;
  };

  async function check(): Promise<IntegrityReport> {
    const fileProblems = await checkFile();
    return record(fileProblems.length > 0 ? fileProblems : await checkAudit());
  }

  return {
    checkFile,
    checkAudit,
    record,
    check,
    latest: () => latest,
    /** Checks again every `everyMs`; logs when the database turns damaged. */
    start(everyMs = INTEGRITY_RECHECK_MS): void {
      timer = setInterval(() => {
        if (running) return;
        const before = latest?.status;
        running = check()
          .then((report) => {
            if (report.status === 'damaged' && before !== 'damaged') log.error({ problems: report.problems }, `database integrity check failed: ${report.problems[0]}; /readyz now reports not ready`);
            else if (report.status === 'ok' && before === 'damaged') log.info('database integrity check passed again');
          })
          .finally(() => (running = null));
      }, everyMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

export type IntegrityMonitor = ReturnType<typeof createIntegrityMonitor>;
