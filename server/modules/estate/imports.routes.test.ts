import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { uid } from '../../testing/sample.ts';
import { estateFixtures } from './estate.fixtures.ts';
import { XLSX_MEDIA_TYPE } from './imports.routes.ts';
import { makeZip } from '../../testing/zip.ts';

const CSV = 'text/csv';

describeEachDatabase('imports on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let fx: ReturnType<typeof estateFixtures>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    fx = estateFixtures(t);
  });
  afterAll(async () => t.close());

  const upload = (caller: Caller, what: 'sites' | 'devices', body: string | Buffer, contentType: string | null = CSV, query = '') =>
    t.call(caller, { method: 'POST', url: `/api/v1/imports/${what}${query}`, payload: body, headers: contentType ? { 'content-type': contentType } : {} });
  const device = async (code: string) => (await t.call(admin, { method: 'GET', url: `/api/v1/devices?q=${encodeURIComponent(code)}` })).json().items.find((d: { code: string }) => d.code === code);

  it('imports a CSV with English headers in one transaction with one audit record', async () => {
    const site = await fx.site(admin);
    const p = uid();
    const csv = [
      'code,name,site,type,subsystem,model,serial,ip,firmware,upstream,installDate,warrantyEnd',
      `SW-${p},一食堂交换机,${site.code},switch,network,S5720,SN-1,10.2.0.1,V200R019,,2024-09-01,2027-08-31`,
      `POS-${p}-1,1号窗口,${site.code},pos,consumption,HS-600,00123,10.2.0.11,3.2.0,SW-${p},2024/9/1,`,
      `POS-${p}-2,2号窗口,${site.code},POS,consumption,,,,,SW-${p},,`,
    ].join('\r\n');
    const before = await t.auditCount();
    const res = await upload(admin, 'devices', csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, total: 3, imported: 3, created: 3, updated: 0, errors: [], errorCount: 0 });
    expect(await t.auditCount()).toBe(before + 1);
    const record = (await t.call(admin, { method: 'GET', url: '/api/v1/audit?action=estate.import&limit=1' })).json().items[0];
    expect(record.after).toMatchObject({ kind: 'devices', total: 3, created: 3, updated: 0, format: 'csv' });

    const sw = await device(`SW-${p}`);
    const pos = await device(`POS-${p}-1`);
    expect(pos).toMatchObject({ serial: '00123', installDate: '2024-09-01', warrantyEnd: null, upstreamId: sw.id, health: 'unknown', siteId: site.id });
    expect((await device(`POS-${p}-2`)).type).toBe('pos');
  });

  it('reads a BOM, GBK, Chinese headers and Chinese type words', async () => {
    const site = await fx.site(admin);
    const p = uid();
    const text = `设备编号,名称,站点,类型,子系统,IP地址,上级设备,安装日期\n GATE-${p}\t,东门闸机,${site.code},闸机,票务,10.3.0.5,,2025年3月1日\nHH-${p},手持检票机,${site.code},手持机,票务,,GATE-${p},\n`;
    const bom = await upload(admin, 'devices', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(bom.json()).toMatchObject({ created: 2, errorCount: 0 });
    expect(await device(`GATE-${p}`)).toMatchObject({ type: 'gate', subsystem: 'ticketing', ip: '10.3.0.5', installDate: '2025-03-01', name: '东门闸机' });

    const q = uid();
    const gbk = await upload(admin, 'devices', iconv.encode(text.replaceAll(p, q), 'gbk'), 'text/csv; charset=gbk');
    expect(gbk.json()).toMatchObject({ created: 2, errorCount: 0 });
    expect(await device(`HH-${q}`)).toMatchObject({ name: '手持检票机', type: 'handheld' });
  });

  it('imports an XLSX workbook built in Excel style: numeric codes stay text, date cells become dates', async () => {
    const site = await fx.site(admin);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('设备清单');
    sheet.addRow(['编号', '名称', '站点编号', '设备类型', '子系统', '序列号', '安装日期', '保修到期']);
    const code = 880_000_000 + Math.floor(Math.random() * 99_999);
    sheet.addRow([code, '水控器', site.code, '水控器', '水控', 12345678901, new Date(Date.UTC(2024, 5, 30)), '2027-06-30']);
    const res = await upload(admin, 'devices', Buffer.from(await workbook.xlsx.writeBuffer()), XLSX_MEDIA_TYPE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, errorCount: 0 });
    expect(await device(String(code))).toMatchObject({ type: 'water', subsystem: 'water', serial: '12345678901', installDate: '2024-06-30', warrantyEnd: '2027-06-30' });
  });

  it('one bad row rejects the whole file with 422, naming lines and fields; nothing is imported', async () => {
    const site = await fx.site(admin);
    const p = uid();
    const csv = [
      'code,name,site,type,subsystem,ip,installDate,upstream',
      `OK-${p},fine,${site.code},pos,consumption,10.0.0.1,,`,
      '',
      `BAD-${p},,nowhere,toaster,consumption,10.0.0.999,2026-02-30,LATER-${p}`,
      `OK-${p},again,${site.code},pos,consumption,,,`,
      `LATER-${p},switch,${site.code},switch,network,,,`,
    ].join('\n');
    const count = await fx.deviceCount();
    const audits = await t.auditCount();
    const res = await upload(admin, 'devices', csv);
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('IMPORT_REJECTED');
    expect(error.details).toMatchObject({ dryRun: false, total: 4, imported: 0, errorCount: 7 });
    expect(error.details.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual([
      '4:name',
      '4:type',
      '4:ip',
      '4:installDate',
      '4:site',
      '4:upstream',
      '5:code',
    ]);
    expect(error.details.errors.find((e: { field: string }) => e.field === 'upstream').message).toContain('later line (6)');
    expect(await fx.deviceCount()).toBe(count);
    expect(await t.auditCount()).toBe(audits);

    const noColumns = await upload(admin, 'devices', 'code,name\nX-1,y\n');
    expect(noColumns.statusCode).toBe(422);
    expect(noColumns.json().error.details.errors).toEqual([
      { line: 1, field: 'site', code: 'columnMissing', params: { field: 'site', label: '站点' }, message: 'the column site (站点) is missing' },
      { line: 1, field: 'type', code: 'columnMissing', params: { field: 'type', label: '类型' }, message: 'the column type (类型) is missing' },
      { line: 1, field: 'subsystem', code: 'columnMissing', params: { field: 'subsystem', label: '子系统' }, message: 'the column subsystem (子系统) is missing' },
    ]);
  });

  it('refuses a cell holding U+0000 by line and field, with or without a dry run, instead of failing on PostgreSQL', async () => {
    const site = await fx.site(admin);
    const p = uid();
    for (const query of ['', '?dryRun=true']) {
      const sites = await upload(admin, 'sites', `code,name\nS-${p}\u0000,x\nT-${p},x\u0000y\n`, CSV, query);
      expect(sites.statusCode, sites.body).toBe(query ? 200 : 422);
      const sitesErrors = (query ? sites.json() : sites.json().error.details).errors;
      expect(sitesErrors.map((e: { line: number; field: string; code: string }) => `${e.line}:${e.field}:${e.code}`)).toEqual(['2:code:nulCharacter', '3:name:nulCharacter']);
      const devices = await upload(admin, 'devices', `code,name,site,type,subsystem\nPOS-${p},x\u0000,${site.code},pos,consumption\n`, CSV, query);
      expect(devices.statusCode, devices.body).toBe(query ? 200 : 422);
      expect((query ? devices.json() : devices.json().error.details).errors[0]).toMatchObject({ line: 2, field: 'name', code: 'nulCharacter' });
    }
  });

  it('a dry run checks and counts but writes nothing', async () => {
    const site = await fx.site(admin);
    const existing = await fx.device(admin, site.id);
    const p = uid();
    const csv = `code,name,site,type,subsystem\nDRY-${p},x,${site.code},pos,consumption\n${existing.code},renamed,${site.code},pos,consumption\n`;
    const count = await fx.deviceCount();
    const res = await upload(admin, 'devices', csv, CSV, '?dryRun=true');
    expect(res.json()).toEqual({ dryRun: true, total: 2, imported: 2, created: 1, updated: 1, errors: [], errorCount: 0 });
    expect(await fx.deviceCount()).toBe(count);
    expect((await device(existing.code)).name).toBe('消费机');
    const bad = await upload(admin, 'devices', `${csv}X,,${site.code},pos,consumption\n`, CSV, '?dryRun=true');
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ dryRun: true, imported: 0, errors: [{ line: 4, field: 'name', code: 'required', message: 'is required' }] });
  });

  it('existing codes are updated: absent columns stay, empty cells clear; loops are refused', async () => {
    const site = await fx.site(admin);
    const other = await fx.site(admin);
    const sw = await fx.device(admin, site.id, { type: 'switch', subsystem: 'network' });
    const pos = await fx.device(admin, site.id, { firmware: '1.0', model: 'HS-600', upstreamId: sw.id });
    const res = await upload(admin, 'devices', `code,name,site,type,subsystem,firmware\n${pos.code},改名,${other.code},pos,consumption,\n`);
    expect(res.json()).toMatchObject({ created: 0, updated: 1 });
    expect(await device(pos.code)).toMatchObject({ name: '改名', siteId: other.id, firmware: null, model: 'HS-600', upstreamId: sw.id });

    const p = uid();
    const loop = await upload(admin, 'devices', `code,name,site,type,subsystem,upstream\nNEW-${p},新交换机,${site.code},switch,network,${pos.code}\n${sw.code},交换机,${site.code},switch,network,NEW-${p}\n`);
    expect(loop.statusCode).toBe(422);
    expect(loop.json().error.details.errors).toMatchObject([{ line: 3, field: 'upstream', code: 'upstreamLoop', message: `would make a loop: ${sw.code} → NEW-${p} → ${pos.code} → ${sw.code}` }]);
  });

  it('stores formula-looking cells as text', async () => {
    const site = await fx.site(admin);
    const p = uid();
    const csv = `code,name,site,type,subsystem,model,serial\nF-${p},"=HYPERLINK(""http://evil.example"",""click"")",${site.code},kiosk,selfpay,@SUM(A1),+8613800000000\n`;
    expect((await upload(admin, 'devices', csv)).json()).toMatchObject({ created: 1 });
    expect(await device(`F-${p}`)).toMatchObject({ name: '=HYPERLINK("http://evil.example","click")', model: '@SUM(A1)', serial: '+8613800000000' });
  });

  it('answers garbage, a zip bomb and an old .xls sent as a workbook with 400 IMPORT_UNREADABLE', async () => {
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(100 * 1_048_576, 0x20), deflate: true },
    ]);
    for (const body of [Buffer.from('definitely not a workbook'), bomb, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])]) {
      const res = await upload(admin, 'devices', body, XLSX_MEDIA_TYPE);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('IMPORT_UNREADABLE');
    }
    expect((await upload(admin, 'devices', bomb, 'application/octet-stream')).json().error.code).toBe('IMPORT_UNREADABLE');
  });

  it('takes what Windows calls a CSV and bare uploads by their bytes; refuses JSON and forms', async () => {
    const site = await fx.site(admin);
    const csv = () => `code,name,site,type,subsystem\nW-${uid()},x,${site.code},pos,consumption\n`;
    expect((await upload(admin, 'devices', csv(), 'application/vnd.ms-excel')).json()).toMatchObject({ created: 1 });
    expect((await upload(admin, 'devices', csv(), null)).json()).toMatchObject({ created: 1 });
    const json = await t.call(admin, { method: 'POST', url: '/api/v1/imports/devices', payload: { rows: [] } });
    expect(json.statusCode).toBe(415);
    expect((await upload(admin, 'devices', csv(), 'multipart/form-data; boundary=x')).statusCode).toBe(415);
    expect((await upload(admin, 'devices', '', CSV)).statusCode).toBe(400);
  });

  it('refuses more than 20,000 rows with 413 IMPORT_TOO_LARGE', async () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => `T${i},一食堂消费机,canteen-01,pos,consumption`).join('\n');
    const res = await upload(admin, 'devices', `code,name,site,type,subsystem\n${rows}\n`);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('IMPORT_TOO_LARGE');
    // Over 1 MiB is fine for a file (the JSON limit does not apply here); over 10 MiB is not.
    expect(Buffer.byteLength(rows)).toBeGreaterThan(1_048_576);
    const huge = await upload(admin, 'devices', Buffer.alloc(11 * 1_048_576, 0x41));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a user limited to site A cannot import into site B or over its devices', async () => {
    const a = await fx.site(admin);
    const b = await fx.site(admin);
    const inB = await fx.device(admin, b.id);
    const routerInB = await fx.device(admin, b.id, { type: 'router', subsystem: 'network' });
    const scoped = await t.userWith(admin, ['engineer'], [a.id]);
    const p = uid();
    const res = await upload(scoped, 'devices', `code,name,site,type,subsystem,upstream\nA-${p},x,${a.code},pos,consumption,\nB-${p},x,${b.code},pos,consumption,\n${inB.code},x,${a.code},pos,consumption,\nC-${p},x,${a.code},pos,consumption,${routerInB.code}\n`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toEqual([
      { line: 3, field: 'site', code: 'unknownSite', params: { site: b.code }, message: `unknown site ${b.code}` },
      { line: 4, field: 'code', code: 'codeOutsideScope', params: { code: inB.code }, message: `${inB.code} is in use by a device outside your sites` },
      { line: 5, field: 'upstream', code: 'unknownDevice', params: { device: routerInB.code }, message: `unknown device ${routerInB.code}` },
    ]);
    expect(await device(`A-${p}`)).toBeUndefined();
    expect((await upload(scoped, 'devices', `code,name,site,type,subsystem\nA-${p},x,${a.code},pos,consumption\n`)).json()).toMatchObject({ created: 1 });
    expect((await upload(scoped, 'sites', `code,name\n${a.code},A\n`)).statusCode).toBe(403);
  });

  it('imports sites: creates and updates by code, checks time zones; a scoped user adds none', async () => {
    const existing = await fx.site(admin);
    const p = uid();
    const csv = `站点编号,站点名称,时区,说明\nnew-${p},西门售票处,,景区西门\n${existing.code},改名的食堂,Asia/Urumqi,\n`;
    const res = await upload(admin, 'sites', csv);
    expect(res.json()).toMatchObject({ created: 1, updated: 1, errorCount: 0 });
    const sites = (await t.call(admin, { method: 'GET', url: `/api/v1/sites?limit=200` })).json().items;
    expect(sites.find((s: { code: string }) => s.code === `new-${p}`)).toMatchObject({ name: '西门售票处', timezone: 'Asia/Shanghai', description: '景区西门', openingHours: null });
    expect(sites.find((s: { code: string }) => s.code === existing.code)).toMatchObject({ name: '改名的食堂', timezone: 'Asia/Urumqi', description: '' });

    const bad = await upload(admin, 'sites', `code,name,timezone\nok-${p},x,Mars/Olympus\nbad code,y,\n`);
    expect(bad.json().error.details.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual(['2:timezone', '3:code']);

    const scoped = await t.userWith(admin, ['admin'], [existing.id]);
    const scopedRes = await upload(scoped, 'sites', `code,name\n${existing.code},mine\nother-${p},not mine\n`);
    expect(scopedRes.json().error.details.errors).toMatchObject([{ line: 3, field: 'code', code: 'siteNotYours', message: `other-${p} is not one of your sites (only a user who sees every site can add sites)` }]);
  });
});
