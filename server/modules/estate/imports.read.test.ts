import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.ts';
import { cellText, decodeText, readCsv, readSheet, readXlsx, sniffFormat } from './imports.read.ts';
import { mapColumns, DEVICE_COLUMNS, dateCell, typeCode, subsystemCode } from './imports.columns.ts';
import { checkZip, ZipRefused } from './imports.zip-guard.ts';
import { makeZip } from '../../testing/zip.ts';

const limits = { maxRows: 100 };

const codeOf = (error: unknown) => (error instanceof DomainError ? `${error.status} ${error.code}` : String(error));

describe('reading CSV', () => {
  it('reads Big5 (traditional Chinese) as Big5, not as garbled GBK', () => {
    const text = '編號,名稱,位置\r\nPOS-1,第一餐廳消費機,臺北校區圖書館\r\nGATE-2,體育館閘機,東門\r\n';
    const read = readCsv(iconv.encode(text, 'big5'), limits);
    expect(read.header.cells).toEqual(['編號', '名稱', '位置']);
    expect(read.rows.map((r) => r.cells)).toEqual([
      ['POS-1', '第一餐廳消費機', '臺北校區圖書館'],
      ['GATE-2', '體育館閘機', '東門'],
    ]);
    // GBK beside it, with a Greek letter in a model name, stays GBK.
    const gbk = '编号,名称,型号\r\nUPS-1,一食堂机房不间断电源,Ω-3000\r\n';
    expect(readCsv(iconv.encode(gbk, 'gbk'), limits).rows[0]!.cells).toEqual(['UPS-1', '一食堂机房不间断电源', 'Ω-3000']);
  });

  it('refuses a file that could be GBK or Big5 instead of guessing', () => {
    const either = iconv.encode('型号,名称\r\nUPS-Ω,机房αβ电源\r\n', 'gbk');
    expect(() => readCsv(either, limits)).toThrow(expect.objectContaining({ status: 400, code: 'IMPORT_UNREADABLE', details: [expect.objectContaining({ field: 'file', code: 'encodingUnclear' })] }));
  });

  it('reads UTF-8 with and without BOM, GBK, and UTF-16 the same', () => {
    const text = '编号,名称\r\nPOS-1,一食堂消费机\r\n';
    const expected = { header: { line: 1, cells: ['编号', '名称'] }, rows: [{ line: 2, cells: ['POS-1', '一食堂消费机'] }] };
    expect(readCsv(Buffer.from(text), limits)).toEqual(expected);
    expect(readCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), limits)).toEqual(expected);
    expect(readCsv(iconv.encode(text, 'gbk'), limits)).toEqual(expected);
    expect(readCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace(/,/g, '\t'), 'utf-16le')]), limits)).toEqual(expected);
    expect(decodeText(iconv.encode('站点', 'gbk'))).toBe('站点');
  });

  it('counts lines as a person does: blank lines, quoted line breaks, trimmed cells', () => {
    const sheet = readCsv(Buffer.from('\n code ,name\n\n"A1","two\nlines"\n\t00123\t, x \n,\n'), limits);
    expect(sheet.header).toEqual({ line: 2, cells: ['code', 'name'] });
    expect(sheet.rows).toEqual([
      { line: 4, cells: ['A1', 'two\nlines'] },
      { line: 6, cells: ['00123', 'x'] },
    ]);
  });

  it('keeps formula-looking cells as text and never turns codes into numbers', () => {
    const sheet = readCsv(Buffer.from('code,name\n007,"=HYPERLINK(""http://evil"",""x"")"\n1e5,@SUM(A1)\n'), limits);
    expect(sheet.rows.map((r) => r.cells)).toEqual([
      ['007', '=HYPERLINK("http://evil","x")'],
      ['1e5', '@SUM(A1)'],
    ]);
  });

  it('refuses an unclosed quote, an empty file and too many rows', () => {
    expect(codeOf(catchSync(() => readCsv(Buffer.from('a,b\n"x,y\n'), limits)))).toBe('400 IMPORT_UNREADABLE');
    expect(codeOf(catchSync(() => readCsv(Buffer.from('\n\n'), limits)))).toBe('400 IMPORT_UNREADABLE');
    const many = `code\n${Array.from({ length: 101 }, (_, i) => `D${i}`).join('\n')}\n`;
    expect(codeOf(catchSync(() => readCsv(Buffer.from(many), limits)))).toBe('413 IMPORT_TOO_LARGE');
  });
});

describe('saying why a file cannot be read', () => {
  it('names the line where an unclosed quote opened, as a code and values the console translates', () => {
    const error = catchSync(() => readCsv(Buffer.from('code,name\r\nA,1\r\n\r\n"B,2\r\nC,3\r\nD,4\r\n'), limits)) as DomainError;
    expect(error.code).toBe('IMPORT_UNREADABLE');
    expect(error.details).toEqual([{ field: 'file', code: 'csvQuoteNotClosed', params: { line: 4 }, message: 'the quote opened on line 4 is never closed' }]);
    expect(error.message).toBe('The file cannot be read: the quote opened on line 4 is never closed');
  });

  it('gives every other refusal a code too', async () => {
    const details = async (file: Parameters<typeof readSheet>[0]) => ((await readSheet(file, limits).catch((e: unknown) => e)) as DomainError).details;
    expect(await details({ format: 'csv', bytes: Buffer.alloc(0) })).toMatchObject([{ field: 'file', code: 'fileEmpty' }]);
    expect(await details({ format: 'csv', bytes: Buffer.from('\n\n') })).toMatchObject([{ field: 'file', code: 'fileEmpty' }]);
    expect(await details({ format: 'xls', bytes: Buffer.alloc(8) })).toMatchObject([{ field: 'file', code: 'xlsNotAccepted' }]);
    expect(await details({ format: 'xlsx', bytes: Buffer.from('not a zip') })).toMatchObject([{ field: 'file', code: 'xlsxUnusable', params: { detail: expect.any(String) } }]);
  });
});

function catchSync(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A minimal XLSX written by hand (inline strings, no styles), so that a test controls every byte of the sheet. */
function handMadeXlsx(sheetRows: string): Buffer {
  const xml = (text: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`);
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return makeZip([
    { name: '[Content_Types].xml', data: xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'), deflate: true },
    { name: '_rels/.rels', data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`), deflate: true },
    { name: 'xl/workbook.xml', data: xml(`<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="设备" sheetId="1" r:id="rId1"/></sheets></workbook>`), deflate: true },
    { name: 'xl/_rels/workbook.xml.rels', data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`), deflate: true },
    { name: 'xl/worksheets/sheet1.xml', data: xml(`<worksheet xmlns="${main}"><sheetData>${sheetRows}`), deflate: true },
  ]);
}
const inlineRow = (r: number, cells: string[]) => `<row r="${r}">${cells.map((c, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;
const rowsXml = (count: number) => Array.from({ length: count }, (_, i) => inlineRow(i + 2, [`POS-${i}`, `一食堂消费机 ${i}`, '10.0.0.1'])).join('');

describe('reading XLSX', () => {
  it('counts rows as it reads and stops at the limit: what lies past it is never read', async () => {
    // Past row 5,000 the sheet is broken XML: reading it whole would fail on it; stopping at the limit never gets there.
    const broken = handMadeXlsx(`${inlineRow(1, ['编号', '名称', 'IP'])}${rowsXml(5000)}<row r="999"><c r="A999" t="inlineStr"><is><t>oops</t></c><<<`);
    await expect(readXlsx(broken, limits)).rejects.toMatchObject({ status: 413, code: 'IMPORT_TOO_LARGE', details: { maxRows: 100 } });
    const whole = handMadeXlsx(`${inlineRow(1, ['编号', '名称', 'IP'])}${rowsXml(100)}</sheetData></worksheet>`);
    const read = await readXlsx(whole, limits);
    expect(read.rows).toHaveLength(100);
    expect(read.rows[99]).toEqual({ line: 101, cells: ['POS-99', '一食堂消费机 99', '10.0.0.1'] });
  });

  it('refuses a large generated XLSX at the row limit while other work keeps running', async () => {
    const bytes = handMadeXlsx(`${inlineRow(1, ['编号', '名称', 'IP'])}${rowsXml(80_000)}</sheetData></worksheet>`);
    expect(bytes.length).toBeGreaterThan(500_000);
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const outcome = await readXlsx(bytes, { maxRows: 20_000 }).catch((error: unknown) => error);
    running = false;
    expect(outcome).toMatchObject({ status: 413, code: 'IMPORT_TOO_LARGE' });
    expect(turns).toBeGreaterThan(10);
  });

  it('reads the first worksheet: numbers as their text, dates as YYYY-MM-DD, formulas as their result', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('设备');
    workbook.addWorksheet('ignored').addRow(['x']);
    sheet.addRow(['编号', '名称', '安装日期', '序列号']);
    sheet.addRow([12345678901, { richText: [{ text: '一食堂' }, { text: '1号' }] }, new Date(Date.UTC(2024, 2, 5)), { formula: 'A2&"X"', result: '12345678901X' }]);
    sheet.addRow([]);
    sheet.addRow(['  POS-2\t', 0.1 + 0.2, '2024/3/5', { formula: 'NOW()' }]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(sniffFormat(bytes)).toBe('xlsx');
    const read = await readXlsx(bytes, limits);
    expect(read.header.cells).toEqual(['编号', '名称', '安装日期', '序列号']);
    expect(read.rows).toEqual([
      { line: 2, cells: ['12345678901', '一食堂1号', '2024-03-05', '12345678901X'] },
      { line: 4, cells: ['POS-2', '0.3', '2024/3/5', '=NOW()'] },
    ]);
  });

  it('answers garbage, a zip that is no workbook, and broken XML inside with IMPORT_UNREADABLE', async () => {
    for (const bytes of [
      Buffer.from('this is not a spreadsheet at all'),
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]),
      makeZip([{ name: 'hello.txt', data: Buffer.from('hello') }]),
      makeZip([
        { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><<<') },
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets') },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row>'), deflate: true },
      ]),
    ]) {
      await expect(readSheet({ format: 'xlsx', bytes }, limits)).rejects.toMatchObject({ status: 400, code: 'IMPORT_UNREADABLE' });
    }
    await expect(readSheet({ format: 'xls', bytes: Buffer.alloc(8) }, limits)).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE', message: expect.stringContaining('.xlsx') });
  });

  it('refuses a zip bomb before inflating it, and an entry that lies about its size', () => {
    const bomb = makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(80 * 1_048_576), deflate: true }]);
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => checkZip(bomb, { maxExpandedBytes: 64 * 1_048_576, maxEntries: 10 })).toThrow(ZipRefused);
    const liar = makeZip([{ name: 'xl/sharedStrings.xml', data: Buffer.alloc(1_048_576), deflate: true, declaredSize: 10 }]);
    expect(() => checkZip(liar, { maxExpandedBytes: 64 * 1_048_576, maxEntries: 10 })).toThrow(/declared size/);
    const many = makeZip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })));
    expect(() => checkZip(many, { maxExpandedBytes: 1000, maxEntries: 10 })).toThrow(/entries/);
  });

  it('reads formula, error, boolean and hyperlink cells as text', () => {
    expect(cellText({ formula: '1+1', result: 2 })).toBe('2');
    expect(cellText({ sharedFormula: 'A1', result: { error: '#N/A' } })).toBe('#N/A');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText({ text: 'link', hyperlink: 'http://x' })).toBe('link');
    expect(cellText(1.5e21)).toBe('1.5e+21');
  });
});

describe('columns', () => {
  it('finds columns by English or Chinese header, in any case and spacing, and names what is missing', () => {
    const mapped = mapColumns({ line: 1, cells: ['设备编号', 'Name', 'Install Date', '上级设备', '备注'] }, DEVICE_COLUMNS);
    expect([...mapped.index.entries()]).toEqual([
      ['code', 0],
      ['name', 1],
      ['installDate', 2],
      ['upstream', 3],
    ]);
    expect(mapped.problems.map((p) => p.field)).toEqual(['site', 'type', 'subsystem']);
    expect(mapped.problems[0]!.message).toContain('站点');
    const twice = mapColumns({ line: 1, cells: ['code', '编号', 'name', 'site', 'type', 'subsystem'] }, DEVICE_COLUMNS);
    expect(twice.problems).toEqual([{ line: 1, field: 'code', code: 'columnRepeated', params: expect.objectContaining({ field: 'code' }), message: expect.stringContaining('two columns') }]);
  });

  it('maps Chinese type and subsystem words and common date spellings', () => {
    expect(typeCode('闸机')).toBe('gate');
    expect(typeCode('4G路由器')).toBe('router_4g');
    expect(typeCode('POS')).toBe('pos');
    expect(subsystemCode('消费')).toBe('consumption');
    expect(subsystemCode('Network')).toBe('network');
    expect(dateCell('2024/3/5')).toBe('2024-03-05');
    expect(dateCell('2024年3月5日')).toBe('2024-03-05');
    expect(dateCell('5/3/2024')).toBe('5/3/2024');
  });
});
