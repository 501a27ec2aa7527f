import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makeZip } from '../../../testing/zip.ts';
import { bytesOf } from './bytes.ts';
import { collect } from './collect.ts';
import { importLedgerXlsx, numberText, serialText } from './ledger-xlsx.ts';

/**
 * The ledger as an XLSX workbook, written here with exceljs (the module's XLSX writer): typed cells made the text a CSV
 * would hold (amounts to fen by their decimal text, ids kept or reported mangled, dates as Excel serials or text),
 * the header recognised or NEEDS_MAPPING as for a CSV, a named sheet, and hostile workbooks refused with a finding:
 * a zip bomb (an entry past the limits, an entry lying about its size), a DOCTYPE, formula cells never evaluated.
 */
type Cell = string | number | boolean | Date | { formula: string; result?: number | string } | null;

async function workbook(sheets: { name: string; rows: Cell[][]; dateColumns?: number[] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    for (const c of s.dateColumns ?? []) ws.getColumn(c + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const read = (bytes: Buffer, options: Parameters<typeof importLedgerXlsx>[1] = { fileName: 'ledger.xlsx' }) => collect(importLedgerXlsx(bytesOf(bytes), options));
const HEADER = ['交易流水号', '卡号', '学工号', '终端号', '交易类型', '交易金额(元)', '交易时间', '状态'];
/** A wall-clock date as exceljs writes it: UTC fields = the wall clock, so the sheet shows that time. */
const wall = (s: string) => new Date(`${s.replace(' ', 'T')}Z`);

describe('numbers and dates of a sheet', () => {
  it('keeps the decimal text, rounds to 15 digits like Excel, and marks long whole numbers as mangled', () => {
    expect(numberText('12.3')).toBe('12.3');
    expect(numberText('12.300000000000001')).toBe('12.3');
    expect(numberText('0.30000000000000004')).toBe('0.3');
    expect(numberText('123456789012345')).toBe('123456789012345');
    expect(numberText('6217000012345678')).toBe('6.21700001234568E+15');
    expect(numberText('4.0012345678901199E+27')).toBe('4.00123456789012E+27');
    expect(numberText('12.345')).toBe('12.345');
  });
  it('reads serials in the 1900 and 1904 date systems to the second', () => {
    expect(serialText('45991.5', false)).toBe('2025-11-30 12:00:00');
    expect(serialText('46021.41666666666', false)).toBe('2025-12-30 10:00:00');
    expect(serialText('44529.5', true)).toBe('2025-11-30 12:00:00');
    expect(serialText('-1', false)).toBeNull();
  });
});

describe('ledger XLSX importer', () => {
  it('reads a recognised header with typed cells: fen exact, ids as text, dates from serials or text', async () => {
    const bytes = await workbook([
      {
        name: '流水',
        dateColumns: [6],
        rows: [
          HEADER,
          ['T0001', '6217000011112222', 20230001, 'POS-1', '消费', 12.3, wall('2026-11-30 10:00:00'), '成功'],
          ['T0002', '6217000011113333', '20230002', 'POS-1', '充值', 100, '2026-11-30 11:30:00', '成功'],
          // a serial typed as a plain number in the time column, and an amount of 0.1 + 0.2 as Excel stores it
          [123456789012345, '6217000011114444', '20230003', 'POS-2', '消费', 0.30000000000000004, 46356.5, '成功'],
        ],
      },
    ]);
    const { meta, records, findings } = await read(bytes);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(meta[0]).toMatchObject({ layout: 'xlsx:recognised-header', source: 'ledger-xlsx', file: 'ledger.xlsx' });
    expect(records.map((r) => [r.txnId, r.account, r.amountFen, r.type, new Date(r.txnTime!).toISOString()])).toEqual([
      ['T0001', '20230001', 1230, 'consume', '2026-11-30T02:00:00.000Z'],
      ['T0002', '20230002', 10000, 'recharge', '2026-11-30T03:30:00.000Z'],
      ['123456789012345', '20230003', 30, 'consume', '2026-11-30T04:00:00.000Z'],
    ]);
    expect(records[0]!.provenance).toMatchObject({ file: 'ledger.xlsx', line: 2 });
    expect(records[0]!.provenance.raw).toContain('T0001,6217000011112222,20230001');
  });

  it('reports an id stored as a number that lost digits as mangled, and an amount past two decimals as bad', async () => {
    const bytes = await workbook([
      {
        name: 'Sheet1',
        rows: [
          ['交易流水号', '商户订单号', '交易金额(元)', '交易时间'],
          // a 22-digit order number typed into a cell: Excel (and exceljs) keep it as a float with 15-17 digits
          [Number('4001234567890123456789'), 'M-1', 10, '2026-11-30 10:00:00'],
          ['T-2', 'M-2', 12.345, '2026-11-30 10:00:00'],
        ],
      },
    ]);
    const { records, findings } = await read(bytes);
    const mangled = findings.find((f) => f.code === 'MANGLED_ID')!;
    expect(mangled).toMatchObject({ line: 2, field: 'txnId' });
    expect(records[0]).toMatchObject({ txnId: null, merchantOrderId: 'M-1', lostIds: ['txnId'], amountFen: 1000, unmatchable: false });
    expect(findings.find((f) => f.code === 'BAD_AMOUNT')).toMatchObject({ line: 3, params: { reason: 'too_many_decimals' } });
  });

  it('asks for a mapping when the header does not say; the header is the first non-blank row; a named sheet is read, a missing one refused', async () => {
    const rows: Cell[][] = [[], [], ['凭证号', '发生额', '记账日期', '摘要'], ['V-1', 88.8, wall('2026-11-30 09:00:00'), '消费']];
    const bytes = await workbook([
      { name: '封面', rows: [['封面']] },
      { name: '明细', rows, dateColumns: [2] },
    ]);
    const first = await read(bytes);
    expect(first.records).toEqual([]);
    expect(first.findings.map((f) => f.code)).toEqual(['NEEDS_MAPPING']);

    const unmapped = await read(bytes, { fileName: 'ledger.xlsx', sheet: '明细' });
    const needs = unmapped.findings.find((f) => f.code === 'NEEDS_MAPPING')!;
    expect(needs).toMatchObject({ severity: 'error', line: 3 });
    expect(JSON.parse(String(needs.params.header))).toEqual(['凭证号', '发生额', '记账日期', '摘要']);

    const missing = await read(bytes, { fileName: 'ledger.xlsx', sheet: '没有' });
    expect(missing.findings).toEqual([expect.objectContaining({ code: 'UNKNOWN_LAYOUT', severity: 'error', params: { sheet: '没有', sheets: '封面, 明细' } })]);
  });

  it('maps a header it cannot name by a saved mapping, as for a CSV', async () => {
    const bytes = await workbook([{ name: 'S', dateColumns: [2], rows: [['凭证号', '发生额', '记账日期', '摘要'], ['V-1', 88.8, wall('2026-11-30 09:00:00'), '消费'], ['V-2', 1.05, wall('2026-11-30 09:30:00'), '消费']] }]);
    const { records, findings, meta } = await read(bytes, { fileName: 'b.xlsx', mapping: { txnId: '凭证号', amount: '发生额', txnTime: '记账日期', amountUnit: 'yuan' } });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(meta[0]!.columns?.filter((c) => c.from === 'mapping').map((c) => c.field).sort()).toEqual(['amount', 'txnId', 'txnTime']);
    expect(records.map((r) => [r.txnId, r.amountFen, new Date(r.txnTime!).toISOString()])).toEqual([
      ['V-1', 8880, '2026-11-30T01:00:00.000Z'],
      ['V-2', 105, '2026-11-30T01:30:00.000Z'],
    ]);
  });

  it('never evaluates a formula: its text is kept and reported, an amount from one is refused', async () => {
    const bytes = await workbook([
      {
        name: 'S',
        rows: [
          HEADER,
          ['T1', '6217000011112222', '1', 'POS', '消费', { formula: 'B2*0+999', result: 999 }, '2026-11-30 10:00:00', '成功'],
          ['T2', { formula: 'HYPERLINK("http://evil/","x")', result: 'x' }, '1', 'POS', '消费', 5, '2026-11-30 10:00:00', '成功'],
        ],
      },
    ]);
    const { records, findings } = await read(bytes);
    expect(findings.find((f) => f.code === 'BAD_AMOUNT')).toMatchObject({ line: 2 });
    // the row stays, as a CSV's row with a bad amount does: no amount, never matched
    expect(records.map((r) => [r.txnId, r.amountFen, r.unmatchable])).toEqual([
      ['T1', null, true],
      ['T2', 500, false],
    ]);
    expect(records[1]!.card).toBe('=HYPERLINK("http://evil/","x")');
    expect(findings.filter((f) => f.code === 'FORMULA_CELL').map((f) => f.line)).toEqual([3]);
  });

  it('refuses zip bombs and lying entries before inflating them, a DOCTYPE, and what is not a workbook', async () => {
    const good = await workbook([{ name: 'S', rows: [HEADER, ['T1', 'c', 'a', 'p', '消费', 1, '2026-11-30 10:00:00', '成功']] }]);
    const small = await read(good, { fileName: 'x.xlsx', xlsxLimits: { maxEntryBytes: 100 } });
    expect(small.findings).toEqual([expect.objectContaining({ code: 'ZIP_REFUSED', severity: 'error' })]);
    expect(small.records).toEqual([]);

    // 64 MiB of zeros deflated to ~64 KiB, declared honestly: past the total.
    const zeros = Buffer.alloc(64 * 1024 ** 2);
    const bomb = makeZip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), deflate: true }, { name: 'xl/worksheets/sheet1.xml', data: zeros, deflate: true }]);
    expect(bomb.length).toBeLessThan(1024 ** 2);
    const refused = await read(bomb, { fileName: 'bomb.xlsx', xlsxLimits: { maxTotalBytes: 16 * 1024 ** 2 } });
    expect(refused.findings[0]).toMatchObject({ code: 'ZIP_REFUSED', params: { entry: 'xl/worksheets/sheet1.xml' } });

    // An entry that declares 100 bytes and inflates to 64 MiB: stopped by its declared size, not read to its end.
    const liar = makeZip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>'), deflate: true },
      { name: 'xl/worksheets/sheet1.xml', data: zeros, deflate: true, declaredSize: 100 },
    ]);
    const lied = await read(liar, { fileName: 'liar.xlsx' });
    expect(lied.findings.map((f) => f.code)).toContain('ZIP_REFUSED');
    expect(lied.records).toEqual([]);

    const doctype = makeZip([
      { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><workbook><sheets><sheet name="&b;" r:id="rId1"/></sheets></workbook>') },
    ]);
    expect((await read(doctype, { fileName: 'd.xlsx' })).findings[0]).toMatchObject({ code: 'XML_DOCTYPE', severity: 'error' });

    expect((await read(Buffer.from('txn_id,amount\n1,2\n'), { fileName: 'n.xlsx' })).findings[0]).toMatchObject({ code: 'ZIP_REFUSED' });
    expect((await read(makeZip([{ name: 'a.txt', data: Buffer.from('x') }]), { fileName: 'z.xlsx' })).findings[0]).toMatchObject({ code: 'UNKNOWN_LAYOUT' });
  });
});
