import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { makeZip } from '../../testing/zip.ts';
import { upload } from './recon.test-support.ts';

/**
 * A ledger uploaded as an .xlsx workbook on both databases (`source=ledger`, told from a CSV by its bytes): a header
 * the recogniser cannot name fails with NEEDS_MAPPING carrying the header as read; the mapping saved for that header
 * is then applied by itself (MAPPING_APPLIED) and the amounts come out in exact fen; `sheet` picks a worksheet; a
 * hostile workbook is refused with a finding, nothing half-imported.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const HEADER = ['凭证号', '发生额', '记账日期', '摘要'];

async function workbook(sheets: { name: string; rows: (string | number | Date)[][] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    ws.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const wall = (s: string) => new Date(`${s.replace(' ', 'T')}:00Z`);

describeEachDatabase('recon ledger XLSX imports on %s', (dialect) => {
  let t: TestApp;
  let finance: Caller;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(Date.parse('2026-12-01T04:00:00Z'));
    const admin = await t.loginAdmin();
    finance = await t.userWith(admin, ['finance']);
  });
  afterAll(async () => t.close());

  it('asks for a mapping, then applies the one saved for the header, with exact fen from typed cells', async () => {
    const rows = [HEADER, ['V-1', 12.3, wall('2026-11-30 09:00'), '消费'], ['V-2', 0.1, wall('2026-11-30 09:30'), '消费'], ['V-3', 1999.99, '2026-11-30 10:00:00', '消费']];
    const first = await upload(t, finance, 'ledger', await workbook([{ name: '流水', rows }]), { fileName: 'bank.xlsx' });
    expect(first.statusCode, first.body).toBe(422);
    const failed = first.json().error.details as Json;
    expect(failed).toMatchObject({ status: 'failed', records: 0, fileName: 'bank.xlsx' });
    const needs = (failed.findingList as Json[]).find((f) => f.code === 'NEEDS_MAPPING')!;
    expect(JSON.parse(needs.params.header as string)).toEqual(HEADER);
    expect(JSON.parse(needs.params.savedMappings as string)).toEqual([]);

    const saved = await t.call(finance, { method: 'POST', url: '/api/v1/recon/column-mappings', payload: { name: '银行导出 XLSX', source: 'ledger', header: HEADER, mapping: { txnId: '凭证号', amount: '发生额', txnTime: '记账日期', amountUnit: 'yuan' } } });
    expect(saved.statusCode, saved.body).toBe(200);

    // The same bytes again: the failed import makes way for the retry, now with the saved mapping found by the header.
    const again = await upload(t, finance, 'ledger', await workbook([{ name: '流水', rows }]), { fileName: 'bank.xlsx' });
    expect(again.statusCode, again.body).toBe(200);
    const imp = again.json() as Json;
    expect(imp).toMatchObject({ status: 'imported', records: 3, rejected: 0, layout: 'xlsx:recognised-header', amountFen: 1230 + 10 + 199999 });
    expect(imp.findingList[0]).toMatchObject({ code: 'MAPPING_APPLIED', severity: 'warning', params: { mappingName: '银行导出 XLSX', matchedBy: 'header' } });
    const records = (await t.call(finance, { method: 'GET', url: `/api/v1/recon/imports/${imp.id}/records` })).json().items as Json[];
    expect(records.map((r) => [r.txnId, r.amountFen, r.txnTime, r.source, r.line])).toEqual([
      ['V-1', 1230, '2026-11-30T01:00:00.000Z', 'ledger-xlsx', 2],
      ['V-2', 10, '2026-11-30T01:30:00.000Z', 'ledger-xlsx', 3],
      ['V-3', 199999, '2026-11-30T02:00:00.000Z', 'ledger-xlsx', 4],
    ]);
  });

  it('reads the sheet named by ?sheet=, by the mapping named by ?mapping=', async () => {
    const bytes = await workbook([
      { name: '说明', rows: [['本簿由财务系统导出']] },
      { name: '明细', rows: [HEADER, ['W-1', 5, wall('2026-11-30 12:00'), '消费']] },
    ]);
    const missing = await upload(t, finance, 'ledger', bytes, { fileName: 'two.xlsx', sheet: '没有' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details.findingList[0]).toMatchObject({ code: 'UNKNOWN_LAYOUT', params: { sheets: '说明, 明细' } });
    const res = await upload(t, finance, 'ledger', bytes, { fileName: 'two.xlsx', sheet: '明细', mapping: '银行导出 XLSX' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ records: 1, amountFen: 500 });
    expect(res.json().findingList[0]).toMatchObject({ code: 'MAPPING_APPLIED', params: { matchedBy: 'name' } });
  });

  it('refuses a workbook whose part lies about its size (a zip bomb), storing no records', async () => {
    // xl/workbook.xml declares 100 bytes and inflates to 8 MiB: stopped at its declared size
    const bomb = makeZip([{ name: 'xl/workbook.xml', data: Buffer.alloc(8 * 1024 ** 2, 0x20), deflate: true, declaredSize: 100 }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await upload(t, finance, 'ledger', bomb, { fileName: 'bomb.xlsx' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toMatchObject({ status: 'failed', records: 0 });
    expect(res.json().error.details.findingList[0]).toMatchObject({ code: 'ZIP_REFUSED', params: { entry: 'xl/workbook.xml' } });
  });
});
