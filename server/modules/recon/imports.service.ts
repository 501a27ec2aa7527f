import { createReadStream } from 'node:fs';
import fs from 'node:fs';
import path from 'node:path';
import { ConflictError, DomainError, InvalidError, NotFoundError } from '../../errors.ts';
import type { PageRequest } from '../../db/keyset.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../field-problems.ts';
import { cursorPage, type CursorPage, type ListRequest } from '../../http/cursor.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { instantOfWallMs, isCalendarDate, isValidTimeZone } from '../calendar/index.ts';
import { streamTransactions } from '../ingest/index.ts';
import { userAccounts } from '../users/index.ts';
import { BALANCE_SOURCE, readBalanceImport, settlementPreview } from './balances.service.ts';
import type { ReconEngine } from './engine-port.ts';
import { importLedgerXlsx, isZipMagic, readLedgerHeader, readLedgerXlsxHeader, type ColumnMapping, type Finding, type ImportOptions, type NormalizedRecord } from './importers/index.ts';
import { describeMapping, isMappable } from './mappings.ts';
import { createColumnMappingsService, type SavedMapping } from './mappings.service.ts';
import { IMPORT_ORDER, RECORD_ORDER, reconRepository as repo, type ImportFilter } from './recon.repository.ts';
import type { ImportDetail, ImportQuery, ImportView, RecordView } from './recon.schemas.ts';
import type { ReconImportFindingsTable, ReconImportsTable } from './recon.tables.ts';
import { LIVE_LAYOUT, liveSnapshot } from './live-source.ts';
import { encodingOf, importerOf, isFileFatal, isFileSource, LIVE_SOURCE, emptyReading, tallyFinding, type FileSource, type ImportReading, type Source } from './sources.ts';
import { spoolUpload } from './upload.ts';
import { findingView, importView, recordView } from './views.ts';

/** Findings stored per import: every file-level one, and the first row-level ones up to this many. */
export const FINDINGS_STORED = 1000;

/** The longest span one snapshot of the live source may cover. */
export const LIVE_MAX_SPAN_MS = 31 * 86_400_000;

/** A span of instants [from, to). */
export interface Span {
  from: number;
  to: number;
}

export interface ImportsOptions {
  engine: ReconEngine;
  /** the data directory: record files go to recon/imports/, uploads are spooled in recon/tmp/ */
  dataDir: string;
  /** the most bytes one upload may have */
  maxBytes: number;
}

/**
 * Imports of bills, statements and ledgers (SPEC C7.1): the upload is spooled to a private file while hashed, the
 * same bytes of the same source answer with the first import (409), then the importer streams the file into the
 * engine's record file (Parquet) and the findings are stored. All or nothing per file: a file-level error (the file is
 * not what it claims, was cut short, was refused) keeps the findings and no records; rejected rows only lose their row.
 */
export function createImportsService(ctx: ModuleContext, options: ImportsOptions) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;
  const { engine, dataDir, maxBytes } = options;
  const recordPath = (id: string) => path.join('recon', 'imports', `${id}.parquet`);

  async function people(ids: (string | null)[]) {
    return userAccounts.displayNames(k, ids);
  }

  async function detail(row: ReconImportsTable): Promise<ImportDetail> {
    const stored = await repo.findings(k, row.id, FINDINGS_STORED + 1000);
    return { ...importView(row, await people([row.created_by])), findingList: stored.map(findingView), findingsOmitted: Math.max(row.findings - stored.length, 0) };
  }

  const mappings = createColumnMappingsService(ctx);

  /**
   * The saved mapping an import applies: the one named by ?mapping= (400 naming querystring.mapping when the source
   * has none of that name), else the one saved for exactly this file's header. Several saved for one header are not
   * guessed between: none is applied, and if the header needs one the NEEDS_MAPPING finding lists them.
   */
  async function chosenMapping(file: string, q: ImportQuery): Promise<{ saved: SavedMapping; matchedBy: 'name' | 'header' } | null> {
    if (!isMappable(q.source)) return null;
    const encoding = encodingOf(q.encoding);
    const header = (await isWorkbook(file))
      ? await readLedgerXlsxHeader(createReadStream(file), { fileName: q.fileName ?? 'upload', maxFileBytes: maxBytes, ...(q.sheet !== undefined ? { sheet: q.sheet } : {}) })
      : await readLedgerHeader(createReadStream(file), { fileName: q.fileName ?? 'upload', ...(encoding ? { encoding } : {}) });
    if (header === null) return null;
    const candidates = await mappings.forHeader(q.source, header);
    return candidates.length === 1 ? { saved: candidates[0]!, matchedBy: 'header' } : null;
  }

  /** The findings a saved mapping adds to an import: which one was applied and how; which ones a NEEDS_MAPPING could use. */
  async function mappingFindings(reading: ImportReading, source: Source, fileName: string, chosen: { saved: SavedMapping; matchedBy: 'name' | 'header' } | null): Promise<void> {
    if (chosen) {
      const mapped = (reading.meta?.columns ?? []).filter((c) => c.from === 'mapping');
      const applied: Finding = {
        code: 'MAPPING_APPLIED',
        severity: 'warning',
        file: fileName,
        line: null,
        field: null,
        message: `the saved column mapping "${chosen.saved.name}" was applied (${chosen.matchedBy === 'name' ? 'named by the caller' : 'made for this header'}): ${mapped.map((c) => `${c.field}=${c.column}`).join('; ') || describeMapping(chosen.saved.mapping, chosen.saved.signature)}`,
        params: {
          mappingId: chosen.saved.id,
          mappingName: chosen.saved.name,
          matchedBy: chosen.matchedBy,
          columns: JSON.stringify(mapped.map(({ field, column, index }) => ({ field, column, index }))),
        },
      };
      reading.kept.unshift(applied);
      reading.total++;
      reading.counts.MAPPING_APPLIED = (reading.counts.MAPPING_APPLIED ?? 0) + 1;
    }
    const needs = reading.kept.find((f) => f.code === 'NEEDS_MAPPING');
    if (needs) {
      const header = typeof needs.params.header === 'string' ? (JSON.parse(needs.params.header) as string[]) : [];
      const fits = new Set((await mappings.forHeader(source, header)).map((m) => m.id));
      const available = (await mappings.ofSource(source)).map((m) => ({ id: m.id, name: m.name, matchesHeader: fits.has(m.id) }));
      // The saved mappings of the source, those made for this very header first: the console offers them.
      available.sort((a, b) => Number(b.matchesHeader) - Number(a.matchesHeader));
      needs.params = { ...needs.params, savedMappings: JSON.stringify(available) };
    }
  }

  /** Reads the spooled file through the source's importer, handing records to the engine's writer as they come. */
  async function read(file: string, source: FileSource, q: ImportQuery, target: string, mapping?: ColumnMapping): Promise<ImportReading> {
    if (source === BALANCE_SOURCE) {
      const encoding = encodingOf(q.encoding);
      const options = { fileName: q.fileName ?? 'upload', ...(encoding ? { encoding } : {}), ...(q.timeZone ? { timeZone: q.timeZone } : {}), maxFileBytes: maxBytes };
      return readBalanceImport(file, options, target, engine, FINDINGS_STORED);
    }
    const reading = emptyReading();
    const rowLevel = { kept: 0 };
    // A ledger may come as a workbook (.xlsx): told by its first bytes, read by the XLSX ledger importer.
    const importer = isMappable(source) && (await isWorkbook(file)) ? importLedgerXlsx : importerOf(source);
    const encoding = encodingOf(q.encoding);
    const options: ImportOptions & { mapping?: ColumnMapping; sheet?: string } = {
      fileName: q.fileName ?? 'upload',
      ...(encoding ? { encoding } : {}),
      ...(q.timeZone ? { timeZone: q.timeZone } : {}),
      maxFileBytes: maxBytes,
      // the ledger importer takes a column mapping (LedgerOptions); the others have none to take
      ...(mapping ? { mapping } : {}),
      // a workbook's sheet (LedgerXlsxOptions); default the first
      ...(q.sheet !== undefined ? { sheet: q.sheet } : {}),
    };
    const events = importer(createReadStream(file), options);
    async function* records(): AsyncGenerator<NormalizedRecord> {
      for await (const event of events) {
        if (event.type === 'record') {
          const r = event.record;
          if (r.txnTime !== null) {
            reading.minTxn = reading.minTxn === null ? r.txnTime : Math.min(reading.minTxn, r.txnTime);
            reading.maxTxn = reading.maxTxn === null ? r.txnTime : Math.max(reading.maxTxn, r.txnTime);
          }
          if (r.amountFen !== null) reading.amount += BigInt(r.amountFen);
          yield r;
        } else if (event.type === 'finding') tallyFinding(reading, event.finding, rowLevel, FINDINGS_STORED);
        else if (event.type === 'meta') reading.meta = event.meta;
        else reading.stats = event.stats;
      }
    }
    await engine.writeRecordFile(records(), target);
    return reading;
  }

  /**
   * A snapshot of the live source: the stored transactions of the span (terminals' reports and back-filled records),
   * streamed page by page into a record file like an import's. Its sha256 names the span and the rows as read, so the
   * same span with nothing new is the same import: `reuse` answers the earlier one (a job's inputs), otherwise 409
   * DUPLICATE_IMPORT as for a file. The caller has checked recon:write.
   */
  async function snapshot(rc: RequestContext, span: Span, reuse: boolean): Promise<ReconImportsTable> {
    const id = newId();
    const relative = recordPath(id);
    const absolute = path.join(dataDir, relative);
    try {
      const snap = liveSnapshot(streamTransactions(k, span), span);
      await engine.writeRecordFile(snap.records(), absolute);
      const sha256 = snap.sha256();
      const state = snap.state;
      const earlier = await repo.findImportByHash(k, LIVE_SOURCE, sha256);
      if (earlier) {
        await fs.promises.rm(absolute, { force: true });
        if (reuse) return earlier;
        throw duplicate(earlier);
      }
      const row: ReconImportsTable = {
        id,
        source: LIVE_SOURCE,
        file_name: snap.file,
        sha256,
        bytes: state.bytes,
        encoding: null,
        encoding_reason: null,
        layout: LIVE_LAYOUT,
        record_source: 'opsdesk-txn',
        rows: state.records,
        records: state.records,
        rejected: 0,
        findings: 0,
        finding_counts: '{}',
        status: 'imported',
        record_file: relative,
        min_txn_time: state.minTxn,
        max_txn_time: state.maxTxn,
        amount_fen: Number(state.amount),
        created_by: rc.actor.userId,
        created_at: clock.now(),
      };
      const stored = await k.transaction().execute(async (trx) => {
        if (!(await repo.insertImport(trx, row, []))) return false;
        await audit.append(trx, rc, {
          action: 'recon_import.create',
          targetType: 'recon_import',
          targetId: id,
          after: { source: LIVE_SOURCE, from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString(), sha256, status: row.status, records: row.records, backfilled: state.backfilled, offline: state.offline },
        });
        return true;
      });
      if (!stored) {
        // The same snapshot was stored meanwhile (another node's run of the same day): the unique index decided.
        await fs.promises.rm(absolute, { force: true });
        const winner = await repo.findImportByHash(k, LIVE_SOURCE, sha256);
        if (winner && reuse) return winner;
        throw winner ? duplicate(winner) : new ConflictError('The same snapshot was being taken at the same time; try again', 'DUPLICATE_IMPORT');
      }
      return row;
    } catch (error) {
      await fs.promises.rm(absolute, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  /** `from`/`to` of a live import: instants with an offset, or days (local midnight in timeZone; `to` a whole day). */
  function liveSpan(q: ImportQuery): Span {
    const zone = q.timeZone ?? 'Asia/Shanghai';
    const instant = (value: string | undefined, field: 'from' | 'to'): number | null => {
      if (value === undefined) return null;
      if (isCalendarDate(value)) return instantOfWallMs(Date.parse(`${value}T00:00:00Z`) + (field === 'to' ? 86_400_000 : 0), zone);
      return /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)) ? Date.parse(value) : null;
    };
    const from = instant(q.from, 'from');
    const to = instant(q.to, 'to');
    const problems: FieldProblem[] = [];
    if (from === null) problems.push(q.from === undefined ? fieldProblem('querystring.from', 'required') : fieldProblem('querystring.from', 'type', { type: 'a day YYYY-MM-DD or a date-time with its offset' }));
    if (to === null) problems.push(q.to === undefined ? fieldProblem('querystring.to', 'required') : fieldProblem('querystring.to', 'type', { type: 'a day YYYY-MM-DD or a date-time with its offset' }));
    if (from !== null && to !== null && from >= to) problems.push(fieldProblem('querystring.from', 'rangeOrder'));
    if (from !== null && to !== null && to - from > LIVE_MAX_SPAN_MS) problems.push(fieldProblem('querystring.to', 'rangeTooLong', { days: 31 }));
    if (problems.length > 0) throw invalidFields(problems);
    return { from: from!, to: to! };
  }

  /** A live import takes no file: any byte of body is refused before the snapshot is taken. */
  async function refuseBody(body: AsyncIterable<Buffer | Uint8Array | string>): Promise<void> {
    for await (const chunk of body) {
      if (chunk.length > 0) throw new InvalidError('The live source is read from opsdesk’s own transactions: send no file, only from and to', undefined, 'BODY_NOT_EXPECTED');
    }
  }

  function findingRows(importId: string, findings: Finding[]): ReconImportFindingsTable[] {
    return findings.map((f, i) => ({
      import_id: importId,
      seq: i + 1,
      code: f.code,
      severity: f.severity,
      file: storable(f.file),
      line: f.line,
      field: f.field === null ? null : storable(f.field),
      message: storable(f.message),
      params: JSON.stringify(f.params),
    }));
  }

  return {
    /**
     * One upload: 200 with the import; 409 DUPLICATE_IMPORT (details.importId) for bytes this source imported before;
     * 422 IMPORT_FAILED (details: the stored import and its findings) for a file-level error; 413 past the limit.
     */
    async importFile(rc: RequestContext, body: AsyncIterable<Buffer | Uint8Array | string>, q: ImportQuery): Promise<ImportDetail> {
      requirePermission(rc.actor, 'recon:write');
      if (q.timeZone !== undefined && !isValidTimeZone(q.timeZone)) throw invalidFields([fieldProblem('querystring.timeZone', 'timeZone', { value: q.timeZone })]);
      if (!isFileSource(q.source)) {
        const span = liveSpan(q);
        await refuseBody(body);
        return detail(await snapshot(rc, span, false));
      }
      const source: FileSource = q.source;
      const named = q.mapping === undefined ? null : await mappings.named(q.source, q.mapping);
      if (q.mapping !== undefined && named === null) {
        const names = (await mappings.ofSource(q.source, 20)).map((m) => m.name);
        throw invalidFields([fieldProblem('querystring.mapping', 'enum', { allowedValues: names.length > 0 ? names.join(', ') : `(no saved mapping for ${q.source})` })]);
      }
      const spooled = await spoolUpload(body, path.join(dataDir, 'recon', 'tmp'), maxBytes);
      const id = newId();
      const relative = recordPath(id);
      const absolute = path.join(dataDir, relative);
      try {
        if (spooled.bytes === 0) throw new InvalidError('The file is empty', undefined, 'EMPTY_FILE');
        const earlier = await repo.findImportByHash(k, source, spooled.sha256);
        if (earlier?.status === 'imported') throw duplicate(earlier);
        if (earlier) await repo.deleteFailedImport(k, earlier.id);

        const chosen = named ? { saved: named, matchedBy: 'name' as const } : await chosenMapping(spooled.path, q);
        const reading = await read(spooled.path, source, q, absolute, chosen?.saved.mapping);
        await mappingFindings(reading, q.source, q.fileName ?? 'upload', chosen);
        const failed = reading.fatal;
        if (failed) await fs.promises.rm(absolute, { force: true });
        const stats = reading.stats;
        const now = clock.now();
        const row: ReconImportsTable = {
          id,
          source: q.source,
          file_name: q.fileName ?? 'upload',
          sha256: spooled.sha256,
          bytes: spooled.bytes,
          encoding: reading.meta?.encoding?.name ?? null,
          encoding_reason: reading.meta?.encoding?.reason ?? null,
          layout: reading.meta?.layout ?? null,
          record_source: reading.meta?.source ?? null,
          rows: stats?.rows ?? 0,
          records: failed ? 0 : (stats?.records ?? 0),
          rejected: stats?.rejected ?? 0,
          findings: reading.total,
          finding_counts: JSON.stringify(reading.counts),
          status: failed ? 'failed' : 'imported',
          record_file: failed ? null : relative,
          min_txn_time: failed ? null : reading.minTxn,
          max_txn_time: failed ? null : reading.maxTxn,
          amount_fen: failed ? 0 : Number(reading.amount),
          created_by: rc.actor.userId,
          created_at: now,
        };
        const stored = await k.transaction().execute(async (trx) => {
          if (!(await repo.insertImport(trx, row, findingRows(id, reading.kept)))) return false;
          await audit.append(trx, rc, {
            action: 'recon_import.create',
            targetType: 'recon_import',
            targetId: id,
            after: { source: row.source, fileName: row.file_name, sha256: row.sha256, bytes: row.bytes, status: row.status, records: row.records, rejected: row.rejected, findings: row.findings },
          });
          return true;
        });
        if (!stored) {
          await fs.promises.rm(absolute, { force: true });
          const winner = await repo.findImportByHash(k, q.source, spooled.sha256);
          throw winner ? duplicate(winner) : new ConflictError('The same file was being imported at the same time; try again', 'DUPLICATE_IMPORT');
        }
        const result = await detail(row);
        if (failed) {
          const first = reading.kept.find(isFileFatal)!;
          throw new DomainError(422, 'IMPORT_FAILED', `The file was not imported: ${first.code} ${first.message}`, result);
        }
        return result;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'IMPORT_FAILED')) await fs.promises.rm(absolute, { force: true }).catch(() => undefined);
        throw error;
      } finally {
        await fs.promises.rm(spooled.path, { force: true });
      }
    },

    async list(rc: RequestContext, filter: ImportFilter, page: ListRequest): Promise<CursorPage<ImportView>> {
      requirePermission(rc.actor, 'recon:read');
      return cursorPage(IMPORT_ORDER, page, (p) => repo.listImports(k, filter, p), async (rows) => {
        const names = await people(rows.map((r) => r.created_by));
        return rows.map((r) => importView(r, names));
      });
    },

    async get(rc: RequestContext, id: string): Promise<ImportDetail> {
      requirePermission(rc.actor, 'recon:read');
      const row = await repo.findImport(k, id);
      if (!row) throw new NotFoundError('Import', id);
      return detail(row);
    },

    /** A page of an import's records in file order (a preview: card and account numbers masked unless unmasked). */
    /** A page of an import's records in file order, paged like every list (the cursor names the last row's key). */
    async records(rc: RequestContext, id: string, page: ListRequest, unmasked: boolean): Promise<CursorPage<RecordView> & { total: number }> {
      requirePermission(rc.actor, 'recon:read');
      const row = await repo.findImport(k, id);
      if (!row) throw new NotFoundError('Import', id);
      const file = row.record_file === null ? null : path.join(dataDir, row.record_file);
      // Row keys are 1, 2, 3 … in file order, so the row after key n is at offset n.
      const fetch = async (p: PageRequest) => {
        const offset = p.after ? Number(p.after[0]) : 0;
        if (file === null || offset >= row.records) return [];
        return row.source === BALANCE_SOURCE ? settlementPreview(engine, file, { limit: p.limit, offset }) : engine.readRecordFile(file, { limit: p.limit, offset });
      };
      const result = await cursorPage(RECORD_ORDER, page, fetch, (records) => records.map((r) => recordView(r, unmasked)));
      return { ...result, total: row.records };
    },

    /**
     * The live source's snapshot of a span, for a job's side that names `live`: taken when the job is made, so the job
     * compares what the estate had reported by then; an unchanged span answers the earlier snapshot.
     */
    snapshotLive: (rc: RequestContext, span: Span): Promise<ReconImportsTable> => snapshot(rc, span, true),

    /** Absolute path of an import's record file (jobs hand these to the engine). */
    fileOf: (row: Pick<ReconImportsTable, 'record_file'>) => (row.record_file === null ? null : path.join(dataDir, row.record_file)),
  };
}

/**
 * A file's text as a text column can hold it: PostgreSQL refuses U+0000 (the JSON columns are safe, JSON.stringify
 * escapes it), and a hostile file's cell, quoted in a finding's message, may carry one.
 */
export const storable = (text: string): string => text.replaceAll('\u0000', '\uFFFD');

/** Whether a spooled upload is a ZIP (an XLSX workbook) by its first four bytes. */
async function isWorkbook(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return isZipMagic(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

function duplicate(earlier: ReconImportsTable): ConflictError {
  return new ConflictError(`This file was imported before, as ${earlier.id} (${earlier.file_name})`, 'DUPLICATE_IMPORT', { importId: earlier.id });
}

export type ImportsService = ReturnType<typeof createImportsService>;
