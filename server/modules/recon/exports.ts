import { NotFoundError } from '../../errors.ts';
import type { ModuleContext } from '../../module.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { MASKS } from '../personal/index.ts';
import { userAccounts } from '../users/index.ts';
import type { DifferenceRecord } from './matching.ts';
import { reconRepository as repo } from './recon.repository.ts';
import type { ReconDifferencesTable } from './recon.tables.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BATCH = 1000;
/** One sheet's rows, header included: what Excel opens. Past it the export says so on its last line. */
const XLSX_MAX_ROWS = 1_048_576;

type Cell = string | number | null;

/**
 * A text cell that a spreadsheet would read as a formula (= + - @, or a leading tab or CR) gets a leading apostrophe,
 * so that a crafted id in a bill (`=HYPERLINK(…)`) is shown, never run. Numbers are numbers and stay as they are.
 */
export function neutralise(value: Cell): Cell {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: Cell): string {
  const v = neutralise(value);
  if (v === null) return '';
  const text = String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM (Excel and WPS read Chinese right) and CRLF lines. */
export const csvLine = (cells: readonly Cell[]): string => `${cells.map(csvCell).join(',')}\r\n`;

const ids = (records: DifferenceRecord[]) => records.map((r) => r.merchantOrderId ?? r.txnId ?? r.channelOrderId ?? r.thirdPartyOrderId ?? '').filter((s) => s !== '').join(';');
const where = (records: DifferenceRecord[]) => records.map((r) => `${r.provenance.file}:${r.provenance.line}`).join(';');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const DIFFERENCE_HEADER = ['序号', '差异类型', '状态', '金额(分)', '差额(分)', '交易时间', '账号', '我方单号', '对方单号', '我方来源', '对方来源', '不一致字段', '处理方式', '处理说明', '处理人'];

/** One difference as a row of the discrepancy list; the account is masked as everywhere else it is shown. */
function differenceCells(d: ReconDifferencesTable, people: Map<string, string>): Cell[] {
  const left = JSON.parse(d.left_records) as DifferenceRecord[];
  const right = JSON.parse(d.right_records) as DifferenceRecord[];
  return [
    d.seq,
    d.kind,
    d.state,
    d.amount_fen,
    d.delta_fen,
    iso(d.txn_time),
    d.account === null ? null : MASKS.account(d.account),
    ids(left),
    ids(right),
    where(left),
    where(right),
    (JSON.parse(d.fields) as string[]).join(';'),
    d.resolution,
    d.resolution_note,
    d.maker_id === null ? null : (people.get(d.maker_id) ?? d.maker_id),
  ];
}

const ADJUSTMENT_HEADER = ['adjustment_id', 'job_id', 'business_day', 'channel', 'account_no', 'card_no', 'txn_id', 'merchant_order_id', 'amount_fen', 'reason', 'maker', 'checker', 'approved_at'];

/**
 * Exports of a job's results: the discrepancy list as CSV or XLSX, and the approved adjustments as the CSV file the
 * card system books (account and card numbers whole: the card system needs them, and only holders of recon:approve
 * may take the file). Read a batch at a time; every text cell neutralised against formula injection.
 */
export function createExportsService(ctx: ModuleContext) {
  const k = ctx.db.kysely;

  async function jobOf(id: string) {
    const job = await repo.findJob(k, id);
    if (!job) throw new NotFoundError('Reconciliation job', id);
    return job;
  }

  async function* batches(jobId: string, filter: { resolution?: string } = {}): AsyncGenerator<{ rows: ReconDifferencesTable[]; people: Map<string, string> }> {
    let after = 0;
    for (;;) {
      const rows = await repo.differencesAfter(k, jobId, after, BATCH, filter);
      if (rows.length === 0) return;
      yield { rows, people: await userAccounts.displayNames(k, rows.flatMap((r) => [r.maker_id, r.checker_id])) };
      after = rows[rows.length - 1]!.seq;
    }
  }

  return {
    async differencesCsv(rc: RequestContext, jobId: string): Promise<{ bytes: Buffer; filename: string; contentType: string }> {
      requirePermission(rc.actor, 'recon:read');
      const job = await jobOf(jobId);
      const parts = [`\uFEFF${csvLine(DIFFERENCE_HEADER)}`];
      for await (const { rows, people } of batches(jobId)) for (const d of rows) parts.push(csvLine(differenceCells(d, people)));
      return { bytes: Buffer.from(parts.join(''), 'utf8'), filename: `recon-${job.channel}-${job.day}-differences.csv`, contentType: 'text/csv; charset=utf-8' };
    },

    async differencesXlsx(rc: RequestContext, jobId: string): Promise<{ bytes: Buffer; filename: string; contentType: string }> {
      requirePermission(rc.actor, 'recon:read');
      const job = await jobOf(jobId);
      const { default: ExcelJS } = await import('exceljs'); // on first use: it takes ~0.4 s to load
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('差异');
      sheet.addRow(DIFFERENCE_HEADER).font = { bold: true };
      let count = 1;
      let cut = false;
      for await (const { rows, people } of batches(jobId)) {
        for (const d of rows) {
          if (count >= XLSX_MAX_ROWS - 1) {
            cut = true;
            break;
          }
          sheet.addRow(differenceCells(d, people).map(neutralise));
          count++;
        }
        if (cut) break;
      }
      if (cut) sheet.addRow([`… more differences than one sheet holds: download the CSV for all ${job.differences}`]);
      sheet.columns.forEach((c) => (c.width = 16));
      return { bytes: Buffer.from(await workbook.xlsx.writeBuffer()), filename: `recon-${job.channel}-${job.day}-differences.xlsx`, contentType: XLSX };
    },

    async adjustmentsCsv(rc: RequestContext, jobId: string): Promise<{ bytes: Buffer; filename: string; contentType: string }> {
      requirePermission(rc.actor, 'recon:approve');
      const job = await jobOf(jobId);
      const parts = [`\uFEFF${csvLine(ADJUSTMENT_HEADER)}`];
      for await (const { rows, people } of batches(jobId, { resolution: 'adjust' })) {
        for (const d of rows) {
          const record = [...(JSON.parse(d.left_records) as DifferenceRecord[]), ...(JSON.parse(d.right_records) as DifferenceRecord[])][0];
          const name = (id: string | null) => (id === null ? null : (people.get(id) ?? id));
          parts.push(
            csvLine([d.id, job.id, job.day, job.channel, d.account ?? record?.account ?? null, record?.card ?? null, record?.txnId ?? null, record?.merchantOrderId ?? null, d.resolution_amount_fen, d.resolution_note, name(d.maker_id), name(d.checker_id), iso(d.resolved_at)]),
          );
        }
      }
      return { bytes: Buffer.from(parts.join(''), 'utf8'), filename: `recon-${job.channel}-${job.day}-adjustments.csv`, contentType: 'text/csv; charset=utf-8' };
    },
  };
}

export type ExportsService = ReturnType<typeof createExportsService>;
