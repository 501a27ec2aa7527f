import { createHash } from 'node:crypto';
import type { ModuleContext } from '../../module.ts';
import { ConflictError, DomainError, NotFoundError } from '../../errors.ts';
import type { Executor } from '../../db/types.ts';
import { cursorPage, type CursorPage } from '../../http/cursor.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../field-problems.ts';
import { newId } from '../../ids.ts';
import { canSeeSite, requirePermission, type RequestContext } from '../auth/index.ts';
import { cellOf, mapColumns, readSheet, unreadable, unstorableCells, type ColumnSpec, type FileFormat, type ImportProblem, type SheetRow, type UploadedFile } from '../estate/index.ts';
import { incidentFacts, noteOnIncident, type IncidentFacts } from '../incidents/index.ts';
import { backfillProblem } from './backfill.problems.ts';
import { backfillRepository, recordKeys, type DeviceSite } from './backfill.repository.ts';
import type { BackfillKind, BackfillRecordsTable } from './backfill.tables.ts';
import type { TransactionsTableRow } from './backfill.types.ts';
import { channelOf, fenOf, kindOf, MAX_AMOUNT_FEN, RECORD_NO, timeOf, TXN_TYPE, txnIdOf, yuanToFen, type Channel } from './backfill.values.ts';

/** Rows one import may hold: issue 12 asks for 100,000 in ≤ 10 s. */
export const MAX_IMPORT_ROWS = 100_000;
/** Records one form save may hold. */
export const MAX_FORM_RECORDS = 50;
/** Problems listed in a refusal (errorCount has them all). */
const MAX_ERRORS_SHOWN = 1000;
/** How far before the outage opened or after it was resolved a hand-written record is still believed by default. */
export const DEFAULT_WINDOW_MARGIN_MS = 30 * 60_000;
const TEXT_LIMIT = 64;
const NOTE_LIMIT = 500;

/** One record as the form sends it (amount in fen, time an ISO instant). */
export interface RecordInput {
  kind: BackfillKind;
  deviceCode: string;
  recordNo: string;
  occurredAt: string;
  amountFen?: number | undefined;
  channel?: Channel | undefined;
  account?: string | undefined;
  card?: string | undefined;
  note?: string | undefined;
}

/** A record read and checked on its own, before the device, window and duplicate checks. */
interface Candidate {
  line: number;
  /** field name prefix: 'records.3.' for the form, '' for a file */
  prefix: string;
  kind: BackfillKind;
  deviceCode: string;
  recordNo: string;
  /** epoch ms, or the text to parse once the device's time zone is known */
  occurredAt: number | { text: string; zIsWall: boolean };
  amountFen: number;
  channel: Channel | null;
  account: string | null;
  card: string | null;
  note: string | null;
}

export interface BackfillRecordView {
  id: string;
  incidentId: string;
  kind: BackfillKind;
  deviceCode: string;
  recordNo: string;
  txnId: string;
  amountFen: number;
  occurredAt: string;
  enteredVia: 'form' | 'import';
  importId: string | null;
  note: string | null;
  enteredBy: { id: string | null; name: string };
  createdAt: string;
}

export interface ImportResult {
  dryRun: boolean;
  total: number;
  imported: number;
  importId: string | null;
  errors: ImportProblem[];
  errorCount: number;
}

type Column = 'kind' | 'recordNo' | 'device' | 'occurredAt' | 'amount' | 'amountFen' | 'channel' | 'account' | 'card' | 'note';

/** The import's columns, found by English or Chinese header (the template's headers are the first Chinese alias). */
export const BACKFILL_COLUMNS: readonly ColumnSpec<Column>[] = [
  { field: 'kind', aliases: ['kind', 'type', '类型', '记录类型', '业务类型'], required: true },
  { field: 'recordNo', aliases: ['recordno', 'record', 'recordnumber', '记录号', '单据号', '票号', '流水号', '记录编号'], required: true },
  { field: 'device', aliases: ['device', 'devicecode', '设备编号', '设备', '手持机编号', '终端编号'], required: true },
  { field: 'occurredAt', aliases: ['time', 'occurredat', '时间', '发生时间', '交易时间'], required: true },
  { field: 'amount', aliases: ['amount', 'amountyuan', '金额元', '金额'] },
  { field: 'amountFen', aliases: ['amountfen', '金额分'] },
  { field: 'channel', aliases: ['channel', '支付方式', '收款方式'] },
  { field: 'account', aliases: ['account', '账号', '账户'] },
  { field: 'card', aliases: ['card', '卡号'] },
  { field: 'note', aliases: ['note', '备注', '说明'] },
];

/** The template's columns, headers and an example row (GET /backfill/template). */
export const TEMPLATE = {
  headers: ['类型', '记录号', '设备编号', '时间', '金额（元）', '支付方式', '账号', '卡号', '备注'],
  notes: [
    '类型：售票 / 检票 / 收款（或 ticket_sale / ticket_check / counter_payment）',
    '记录号：手持机或纸质单据上的编号；同一设备的同一记录号只录一次',
    '设备编号：手持机、售票窗口或收款终端在 opsdesk 中的设备编号',
    '时间：站点当地时间，如 2026-11-10 10:30；须在故障期间内',
    '金额（元）：最多两位小数；检票留空或填 0',
    '支付方式：现金 / 一卡通 / 微信 / 支付宝 / 银行卡 / 银联（可留空，默认现金）',
  ],
  example: ['售票', 'HH-0001', 'HH-01', '2026-11-10 10:30', '60.00', '现金', '', '', '南门手工售票'],
};

function asUpload(body: unknown): UploadedFile {
  if (body === undefined || body === null) throw unreadable({ code: 'bodyMissing' });
  const file = body as Partial<UploadedFile>;
  if (typeof body !== 'object' || !Buffer.isBuffer(file.bytes) || !['csv', 'xlsx', 'xls'].includes(file.format as FileFormat)) {
    throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv or as an XLSX workbook');
  }
  return file as UploadedFile;
}

const line = (c: Candidate, field: string, p: FieldProblem): ImportProblem => ({ line: c.line, ...p, field: `${c.prefix}${field}` });

/**
 * Manual fallback and back-fill (补录, SPEC C6.2): records of what was done by hand during an outage, entered from a
 * form or imported from a sheet, each booked as a transaction with source 'backfill' and linked to its incident.
 * Idempotent by device and record number; every write in one transaction with its audit record and a timeline line.
 */
export function createBackfillService(ctx: ModuleContext, options: { windowMarginMs?: number } = {}) {
  const { db, clock, audit, events } = ctx;
  const k = db.kysely;
  const margin = options.windowMarginMs ?? DEFAULT_WINDOW_MARGIN_MS;

  async function visibleIncident(rc: RequestContext, id: string, executor: Executor = k): Promise<IncidentFacts> {
    const incident = await incidentFacts(executor, rc.actor, id);
    if (!incident) throw new NotFoundError('Incident', id);
    return incident;
  }

  /** From the opening (or its first linked alert, when earlier) to its resolution, or now while unresolved, ± margin. */
  async function outageWindow(executor: Executor, incidentId: string, now: number): Promise<{ from: number; to: number }> {
    const facts = (await backfillRepository.outageFacts(executor, incidentId))!;
    const start = Math.min(facts.openedAt, facts.firstAlertAt ?? facts.openedAt);
    return { from: start - margin, to: (facts.resolvedAt ?? now) + margin };
  }

  /**
   * Checks the candidates against the estate (a device the actor sees), the outage window, each other and what is
   * stored. `existing`: 'error' for an import (a record already there is a duplicate row), 'keep' for the form (the
   * same record again is answered as already there).
   */
  async function check(trx: Executor, rc: RequestContext, incidentId: string, candidates: Candidate[], now: number, existing: 'error' | 'keep') {
    const problems: ImportProblem[] = [];
    const devices = await backfillRepository.devicesByCodes(trx, candidates.map((c) => c.deviceCode));
    const window = await outageWindow(trx, incidentId, now);
    const iso = (ms: number) => new Date(ms).toISOString();
    const firstLine = new Map<string, number>();
    const good: { c: Candidate; device: DeviceSite; at: number; txnId: string }[] = [];
    for (const c of candidates) {
      const device = devices.get(c.deviceCode);
      if (!device || !canSeeSite(rc.actor, device.siteId)) {
        // As elsewhere, a device outside the actor's sites is as unknown as one that does not exist.
        problems.push(line(c, 'deviceCode', fieldProblem('deviceCode', 'unknownDevice', { device: c.deviceCode })));
        continue;
      }
      const at = typeof c.occurredAt === 'number' ? c.occurredAt : timeOf(c.occurredAt.text, device.timezone, c.occurredAt.zIsWall);
      if (at === null) {
        problems.push(line(c, 'occurredAt', backfillProblem('occurredAt', 'timeFormat', { value: (c.occurredAt as { text: string }).text.slice(0, 64) })));
        continue;
      }
      if (at < window.from || at > window.to) {
        problems.push(line(c, 'occurredAt', backfillProblem('occurredAt', 'outsideWindow', { at: iso(at), from: iso(window.from), to: iso(window.to) })));
        continue;
      }
      const txnId = txnIdOf(c.deviceCode, c.recordNo);
      const seen = firstLine.get(txnId);
      if (seen !== undefined) {
        problems.push(line(c, 'recordNo', backfillProblem('recordNo', 'recordRepeated', { recordNo: c.recordNo, device: c.deviceCode, line: seen })));
        continue;
      }
      firstLine.set(txnId, c.line);
      good.push({ c, device, at, txnId });
    }
    const stored = await backfillRepository.existingTxns(trx, good.map((g) => g.txnId));
    const fresh: typeof good = [];
    const already: BackfillRecordsTable[] = [];
    for (const g of good) {
      const hit = stored.get(g.txnId);
      if (!hit) fresh.push(g);
      else if (existing === 'keep' && hit.record) already.push(hit.record);
      else problems.push(line(g.c, 'recordNo', backfillProblem('recordNo', 'recordExists', { recordNo: g.c.recordNo, device: g.c.deviceCode, incident: hit.incidentId ?? '—' })));
    }
    return { problems, fresh, already };
  }

  function rowsOf(incidentId: string, rc: RequestContext, fresh: { c: Candidate; device: DeviceSite; at: number; txnId: string }[], via: 'form' | 'import', importId: string | null, now: number) {
    const records: BackfillRecordsTable[] = [];
    const txns: TransactionsTableRow[] = [];
    for (const { c, device, at, txnId } of fresh) {
      const id = newId();
      records.push({
        id,
        incident_id: incidentId,
        kind: c.kind,
        device_code: c.deviceCode,
        record_no: c.recordNo,
        txn_id: txnId,
        amount_fen: c.amountFen,
        occurred_at: at,
        entered_via: via,
        import_id: importId,
        note: c.note,
        entered_by: rc.actor.userId,
        entered_by_name: rc.actor.username,
        created_at: now,
      });
      txns.push({
        txn_id: txnId,
        event_id: `backfill:${id}`,
        type: TXN_TYPE[c.kind],
        amount_fen: c.amountFen,
        account: c.account,
        card: c.card,
        channel: c.kind === 'ticket_check' ? null : (c.channel ?? 'cash'),
        status: 'ok',
        error_code: null,
        card_counter: null,
        balance_before_fen: null,
        balance_after_fen: null,
        device_code: c.deviceCode,
        site_code: device.siteCode,
        device_ts: at,
        collected_at: now,
        // done while the system was down: recorded offline, as a terminal's offline transactions are
        offline: 1,
        source: 'backfill',
      });
    }
    return { records, txns };
  }

  const notClosed = (incident: IncidentFacts) => {
    if (incident.state === 'closed') throw new ConflictError('The incident is closed: its back-fill no longer changes', 'INCIDENT_CLOSED');
  };

  /** The rules every record follows whatever it came from: amounts by kind, lengths, record number shape. */
  function checkAmountAndTexts(c: Candidate, problems: ImportProblem[], amountField = 'amountFen'): boolean {
    const before = problems.length;
    if (!RECORD_NO.test(c.recordNo)) problems.push(line(c, 'recordNo', backfillProblem('recordNo', 'recordNoFormat')));
    if (c.kind === 'ticket_check' && c.amountFen !== 0) problems.push(line(c, amountField, backfillProblem(amountField, 'amountNotZero')));
    if (c.kind !== 'ticket_check' && c.amountFen <= 0) problems.push(line(c, amountField, backfillProblem(amountField, 'amountPositive')));
    if (c.amountFen > MAX_AMOUNT_FEN) problems.push(line(c, amountField, backfillProblem(amountField, 'amountRange', { max: MAX_AMOUNT_FEN })));
    return problems.length === before;
  }

  function view(r: BackfillRecordsTable): BackfillRecordView {
    return {
      id: r.id,
      incidentId: r.incident_id,
      kind: r.kind,
      deviceCode: r.device_code,
      recordNo: r.record_no,
      txnId: r.txn_id,
      amountFen: r.amount_fen,
      occurredAt: new Date(r.occurred_at).toISOString(),
      enteredVia: r.entered_via,
      importId: r.import_id,
      note: r.note,
      enteredBy: { id: r.entered_by, name: r.entered_by_name },
      createdAt: new Date(r.created_at).toISOString(),
    };
  }

  /** A line on the incident's timeline with its incident.changed event (incidents' hook), in the write's transaction. */
  const note = (trx: Executor, rc: RequestContext, incidentId: string, details: Record<string, unknown>, now: number) =>
    // 'backfill' is not yet among the incidents module's TIMELINE_NOTES (its file is not this module's to change):
    // the column is text and the console shows an unknown kind with its details; the lead adds it to the list.
    noteOnIncident(trx, events, rc, incidentId, 'backfill', details, now);

  /** Parses one sheet row into a candidate, or adds its problems. */
  function fromRow(row: SheetRow, columns: ReturnType<typeof mapColumns<Column>>, zIsWall: boolean, problems: ImportProblem[]): Candidate | null {
    const get = (f: Column) => cellOf(row, columns, f) ?? '';
    const before = problems.length;
    const p = (field: string, fp: FieldProblem) => problems.push({ line: row.line, ...fp, field });
    const kindText = get('kind');
    const kind = kindOf(kindText);
    if (kindText === '') p('kind', { field: 'kind', code: 'required', message: 'is required' });
    else if (!kind) p('kind', { field: 'kind', code: 'enum', params: { allowedValues: '售票, 检票, 收款' }, message: 'must be one of 售票, 检票, 收款 (ticket_sale, ticket_check, counter_payment)' });
    const texts: [Column, string, number, boolean][] = [
      ['recordNo', get('recordNo'), TEXT_LIMIT, true],
      ['device', get('device'), TEXT_LIMIT, true],
      ['occurredAt', get('occurredAt'), TEXT_LIMIT, true],
      ['account', get('account'), TEXT_LIMIT, false],
      ['card', get('card'), TEXT_LIMIT, false],
      ['note', get('note'), NOTE_LIMIT, false],
    ];
    for (const [field, value, limit, required] of texts) {
      if (required && value === '') p(field, { field, code: 'required', message: 'is required' });
      else if (value.length > limit) p(field, { field, code: 'maxLength', params: { limit }, message: `must be at most ${limit} characters` });
    }
    let amountFen = 0;
    const yuan = get('amount');
    const fen = get('amountFen');
    if (yuan !== '' && fen !== '') p('amount', { field: 'amount', code: 'enum', params: { allowedValues: '金额（元） or 金额（分）, not both' }, message: 'give the amount in yuan or in fen, not both' });
    else if (yuan !== '') {
      const v = yuanToFen(yuan);
      if (v === null) p('amount', backfillProblem('amount', 'amountFormat', { value: yuan.slice(0, 32) }));
      else amountFen = v;
    } else if (fen !== '') {
      const v = fenOf(fen);
      if (v === null) p('amountFen', backfillProblem('amountFen', 'amountFormat', { value: fen.slice(0, 32) }));
      else amountFen = v;
    }
    const channelText = get('channel');
    const channel = channelText === '' ? null : channelOf(channelText);
    if (channelText !== '' && !channel) p('channel', { field: 'channel', code: 'enum', params: { allowedValues: '现金, 一卡通, 微信, 支付宝, 银行卡, 银联' }, message: 'must be one of cash, card, wechat, alipay, bank, unionpay' });
    if (problems.length > before) return null;
    const c: Candidate = {
      line: row.line,
      prefix: '',
      kind: kind!,
      deviceCode: get('device'),
      recordNo: get('recordNo'),
      occurredAt: { text: get('occurredAt'), zIsWall },
      amountFen,
      channel,
      account: get('account') || null,
      card: get('card') || null,
      note: get('note') || null,
    };
    // a file's amount column is `amount` (yuan) or `amountFen`: name the one it has
    return checkAmountAndTexts(c, problems, columns.index.has('amountFen') && !columns.index.has('amount') ? 'amountFen' : 'amount') ? c : null;
  }

  return {
    async list(rc: RequestContext, incidentId: string, query: { kind?: BackfillKind | undefined; cursor?: string | undefined; limit?: number | undefined }) {
      requirePermission(rc.actor, 'incidents:read');
      await visibleIncident(rc, incidentId);
      const page: CursorPage<BackfillRecordView> = await cursorPage(recordKeys, { cursor: query.cursor, limit: query.limit ?? 50 }, (p) => backfillRepository.page(k, incidentId, query.kind, p), (rows) => rows.map(view));
      const byKind = await backfillRepository.totals(k, incidentId);
      const window = await outageWindow(k, incidentId, clock.now());
      return {
        ...page,
        totals: {
          count: byKind.reduce((n, t) => n + t.count, 0),
          amountFen: byKind.reduce((n, t) => n + t.amountFen, 0),
          byKind: (['ticket_sale', 'ticket_check', 'counter_payment'] as const).map((kind) => byKind.find((t) => t.kind === kind) ?? { kind, count: 0, amountFen: 0 }),
        },
        window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
      };
    },

    /**
     * A few records from the form. Any problem refuses them all (400 naming `records.N.field`); a record already
     * back-filled (same device and record number) is answered as `existing`, not written twice.
     */
    async record(rc: RequestContext, incidentId: string, body: { records: RecordInput[] }) {
      requirePermission(rc.actor, 'incidents:write');
      notClosed(await visibleIncident(rc, incidentId));
      const now = clock.now();
      const problems: ImportProblem[] = [];
      const candidates: Candidate[] = [];
      body.records.forEach((r, i) => {
        const c: Candidate = {
          line: i,
          prefix: `records.${i}.`,
          kind: r.kind,
          deviceCode: r.deviceCode,
          recordNo: r.recordNo,
          occurredAt: Date.parse(r.occurredAt),
          amountFen: r.amountFen ?? 0,
          channel: r.channel ?? null,
          account: r.account || null,
          card: r.card || null,
          note: r.note?.trim() || null,
        };
        if (checkAmountAndTexts(c, problems)) candidates.push(c);
      });
      return k.transaction().execute(async (trx) => {
        const checked = await check(trx, rc, incidentId, candidates, now, 'keep');
        const all = [...problems, ...checked.problems];
        if (all.length > 0) throw invalidFields(all.map(({ line: _line, ...p }) => p));
        const { records, txns } = rowsOf(incidentId, rc, checked.fresh, 'form', null, now);
        if (records.length > 0) {
          await backfillRepository.insertRecords(trx, records, txns);
          await note(trx, rc, incidentId, { via: 'form', created: records.length, existing: checked.already.length, recordNos: records.slice(0, 20).map((r) => r.record_no) }, now);
          await audit.append(trx, rc, {
            action: 'incident.backfill',
            targetType: 'incident',
            targetId: incidentId,
            after: { records: records.map((r) => ({ kind: r.kind, device: r.device_code, recordNo: r.record_no, amountFen: r.amount_fen, occurredAt: r.occurred_at })) },
          });
        }
        const created = new Map(records.map((r) => [r.txn_id, r]));
        const before = new Map(checked.already.map((r) => [r.txn_id, r]));
        return {
          items: body.records.map((r) => {
            const txnId = txnIdOf(r.deviceCode, r.recordNo);
            const fresh = created.get(txnId);
            return fresh ? { status: 'created' as const, record: view(fresh) } : { status: 'existing' as const, record: view(before.get(txnId)!) };
          }),
        };
      });
    },

    /**
     * Many records from a CSV or XLSX file, all or nothing: every row is checked (format, device, outage window,
     * record numbers repeated in the file or already stored); any problem refuses the file with every problem by line
     * (422 IMPORT_REJECTED), a clean file is written in one transaction in batches, with one audit record.
     */
    async importFile(rc: RequestContext, incidentId: string, body: unknown, options: { dryRun: boolean }): Promise<ImportResult> {
      requirePermission(rc.actor, 'incidents:write');
      notClosed(await visibleIncident(rc, incidentId));
      const file = asUpload(body);
      const sheet = await readSheet(file, { maxRows: MAX_IMPORT_ROWS });
      const now = clock.now();
      const columns = mapColumns(sheet.header, BACKFILL_COLUMNS);
      const refuse = (problems: ImportProblem[]): never => {
        const sorted = problems.sort((a, b) => a.line - b.line);
        const result: ImportResult = { dryRun: options.dryRun, total: sheet.rows.length, imported: 0, importId: null, errors: sorted.slice(0, MAX_ERRORS_SHOWN), errorCount: sorted.length };
        throw new DomainError(422, 'IMPORT_REJECTED', `The file has ${sorted.length} problem(s); nothing was imported`, result);
      };
      const unusable = [...columns.problems, ...unstorableCells(sheet.rows, columns)];
      if (unusable.length > 0) refuse(unusable);
      const problems: ImportProblem[] = [];
      const candidates: Candidate[] = [];
      for (const row of sheet.rows) {
        const c = fromRow(row, columns, file.format === 'xlsx', problems);
        if (c) candidates.push(c);
      }
      return k.transaction().execute(async (trx) => {
        // The incident may have closed while the file was read; checked again where the write happens.
        notClosed(await visibleIncident(rc, incidentId, trx));
        const checked = await check(trx, rc, incidentId, candidates, now, 'error');
        // The file's column is `device`; the form's field is `deviceCode`.
        const all = [...problems, ...checked.problems.map((p) => (p.field === 'deviceCode' ? { ...p, field: 'device' } : p))];
        if (all.length > 0 && !options.dryRun) refuse(all);
        const sha256 = createHash('sha256').update(file.bytes).digest('hex');
        const importId = all.length === 0 && !options.dryRun ? newId() : null;
        if (importId) {
          await backfillRepository.insertImport(trx, { id: importId, incident_id: incidentId, format: file.format, bytes: file.bytes.length, sha256, rows: checked.fresh.length, created_by: rc.actor.userId, created_at: now });
          const { records, txns } = rowsOf(incidentId, rc, checked.fresh, 'import', importId, now);
          await backfillRepository.insertRecords(trx, records, txns);
          await note(trx, rc, incidentId, { via: 'import', importId, created: records.length, format: file.format }, now);
          const byKind: Record<string, { count: number; amountFen: number }> = {};
          for (const r of records) {
            const t = (byKind[r.kind] ??= { count: 0, amountFen: 0 });
            t.count++;
            t.amountFen += r.amount_fen;
          }
          await audit.append(trx, rc, { action: 'incident.backfill_import', targetType: 'incident', targetId: incidentId, after: { importId, format: file.format, bytes: file.bytes.length, sha256, rows: records.length, byKind } });
        }
        const sorted = all.sort((a, b) => a.line - b.line);
        return { dryRun: options.dryRun, total: sheet.rows.length, imported: all.length === 0 ? checked.fresh.length : 0, importId, errors: sorted.slice(0, MAX_ERRORS_SHOWN), errorCount: sorted.length };
      });
    },

    /** The import template, with Chinese headers, an example row and (XLSX) a sheet of notes. */
    async template(format: 'csv' | 'xlsx'): Promise<{ bytes: Buffer; contentType: string; filename: string }> {
      if (format === 'csv') {
        const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
        const text = `\uFEFF${[TEMPLATE.headers, TEMPLATE.example].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
        return { bytes: Buffer.from(text, 'utf8'), contentType: 'text/csv; charset=utf-8', filename: 'backfill-template.csv' };
      }
      const { default: ExcelJS } = await import('exceljs'); // on first use: it takes ~0.4 s to load
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('补录');
      sheet.addRow(TEMPLATE.headers).font = { bold: true };
      sheet.addRow(TEMPLATE.example);
      sheet.columns.forEach((c) => (c.width = 16));
      // Text cells, so Excel keeps record numbers and times as written.
      for (let col = 1; col <= TEMPLATE.headers.length; col++) sheet.getColumn(col).numFmt = '@';
      const help = workbook.addWorksheet('说明');
      for (const n of TEMPLATE.notes) help.addRow([n]);
      help.getColumn(1).width = 80;
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      return { bytes, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: 'backfill-template.xlsx' };
    },
  };
}

export type BackfillService = ReturnType<typeof createBackfillService>;
