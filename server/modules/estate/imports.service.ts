import type { Static } from '@sinclair/typebox';
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { Executor } from '../../db/types.ts';
import { DomainError } from '../../errors.ts';
import type { AuditLog } from '../audit/index.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { DEVICE_COLUMNS, mapColumns, SITE_COLUMNS, unstorableCells, type ImportProblem } from './imports.columns.ts';
import { checkDeviceReferences, planDevices, writeDevices } from './imports.devices.ts';
import { readSheet, unreadable, type FileFormat, type Sheet, type UploadedFile } from './imports.read.ts';
import type { ImportResult as ImportResultSchema } from './imports.schemas.ts';
import { checkSites, planSites, writeSites } from './imports.sites.ts';

/** SPEC C1.1 bulk import: at most this many data rows per file. */
export const MAX_IMPORT_ROWS = 20_000;
/** The response lists this many problems at most (errorCount has them all): enough to fix a file, small enough to send. */
const MAX_ERRORS_SHOWN = 1000;

/** What an import did or, on a dry run, would do; `errors` holds the first problems, `errorCount` all of them. */
export type ImportResult = Static<typeof ImportResultSchema>;

type Kind = 'sites' | 'devices';

interface Outcome {
  problems: ImportProblem[];
  created: number;
  updated: number;
  write: () => Promise<void>;
}

/** The body the route's content-type parsers produce; anything else (JSON, a form) is not a file upload. */
function asUpload(body: unknown): UploadedFile {
  if (body === undefined || body === null) throw unreadable({ code: 'bodyMissing' });
  const file = body as Partial<UploadedFile>;
  if (typeof body !== 'object' || !Buffer.isBuffer(file.bytes) || !['csv', 'xlsx', 'xls'].includes(file.format as FileFormat)) {
    throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv or as an XLSX workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)');
  }
  return file as UploadedFile;
}

const nothing = (problems: ImportProblem[]): Outcome => ({ problems, created: 0, updated: 0, write: async () => {} });

/**
 * Bulk import of sites and devices from CSV or XLSX (SPEC C1.1). Every row is checked first; a file with any problem
 * changes nothing (422 with every problem by line), and a good file is written in one transaction with one audit
 * record. Codes that exist update what they name, so the same sheet can be corrected and imported again.
 */
export function createImportsService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  /**
   * Reads the file, then — in one transaction, so that what was checked is what gets written — checks every row and
   * either refuses the file or writes it (unless it is a dry run) and records one audit entry.
   */
  async function run(ctx: RequestContext, kind: Kind, body: unknown, dryRun: boolean, check: (trx: Executor, sheet: Sheet, now: number) => Promise<Outcome>): Promise<ImportResult> {
    const file = asUpload(body);
    const sheet = await readSheet(file, { maxRows: MAX_IMPORT_ROWS });
    const now = clock.now();
    return k.transaction().execute(async (trx) => {
      const outcome = await check(trx, sheet, now);
      const problems = [...outcome.problems].sort((a, b) => a.line - b.line);
      const clean = problems.length === 0;
      const result: ImportResult = {
        dryRun,
        total: sheet.rows.length,
        imported: clean ? outcome.created + outcome.updated : 0,
        created: outcome.created,
        updated: outcome.updated,
        errors: problems.slice(0, MAX_ERRORS_SHOWN),
        errorCount: problems.length,
      };
      if (!clean && !dryRun) throw new DomainError(422, 'IMPORT_REJECTED', `The file has ${problems.length} problem(s); nothing was imported`, result);
      if (!dryRun) await outcome.write();
      // A dry run writes nothing but is still recorded: who checked which file is part of the trail.
      await audit.append(trx, ctx, {
        action: dryRun ? 'estate.import_dry_run' : 'estate.import',
        targetType: kind,
        after: {
          kind,
          format: file.format,
          bytes: file.bytes.length,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          total: result.total,
          created: result.created,
          updated: result.updated,
          errorCount: result.errorCount,
        },
      });
      return result;
    });
  }

  return {
    async importDevices(ctx: RequestContext, body: unknown, options: { dryRun: boolean }): Promise<ImportResult> {
      requirePermission(ctx.actor, 'estate:write');
      return run(ctx, 'devices', body, options.dryRun, async (trx, sheet, now) => {
        const columns = mapColumns(sheet.header, DEVICE_COLUMNS);
        const unusable = [...columns.problems, ...unstorableCells(sheet.rows, columns)];
        if (unusable.length > 0) return nothing(unusable);
        const { plans, problems } = planDevices(sheet.rows, columns);
        const refs = await checkDeviceReferences(trx, ctx.actor, plans);
        const created = plans.filter((p) => !refs.existing.has(p.code)).length;
        return { problems: [...problems, ...refs.problems], created, updated: plans.length - created, write: () => writeDevices(trx, plans, refs.existing, refs.sites, now) };
      });
    },

    async importSites(ctx: RequestContext, body: unknown, options: { dryRun: boolean }): Promise<ImportResult> {
      requirePermission(ctx.actor, 'sites:write');
      return run(ctx, 'sites', body, options.dryRun, async (trx, sheet, now) => {
        const columns = mapColumns(sheet.header, SITE_COLUMNS);
        const unusable = [...columns.problems, ...unstorableCells(sheet.rows, columns)];
        if (unusable.length > 0) return nothing(unusable);
        const plans = planSites(sheet.rows, columns);
        const { problems, existing } = await checkSites(trx, ctx.actor, plans);
        const created = plans.filter((p) => !existing.has(p.code)).length;
        return { problems, created, updated: plans.length - created, write: () => writeSites(trx, plans, existing, now) };
      });
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
