import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

/**
 * Back-fill through the API on both databases: records from the form (idempotent by device and record number),
 * imports all or nothing with every problem by line (GBK CSV, XLSX, repeats in the file and against what is stored,
 * outside the outage window, malformed amounts, NUL bytes), permissions, audit and timeline, and the records booked
 * in `transactions` with source 'backfill' for reconciliation.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

// 2026-11-10 10:00 in Shanghai.
const START = Date.parse('2026-11-10T02:00:00Z');
const HEADER = '类型,记录号,设备编号,时间,金额（元）,支付方式,备注';

describeEachDatabase('back-fill API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let engineer: Caller;
  let client: Caller;
  let finance: Caller;
  let site: Json;
  let incident: Json;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(START);
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'scenic-south', name: '景区南门' } })).json();
    for (const [code, type] of [['HH-01', 'handheld'], ['HH-02', 'handheld'], ['TW-01', 'ticket_pc']] as const) {
      const res = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code, name: code, type, subsystem: 'ticketing', siteId: site.id } });
      expect(res.statusCode, res.body).toBe(200);
    }
    engineer = await t.userWith(admin, ['engineer']);
    client = await t.userWith(admin, ['client'], [site.id]);
    finance = await t.userWith(admin, ['finance']);
    incident = await openIncident();
  });
  afterAll(async () => t.close());

  async function openIncident(): Promise<Json> {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '南门售票系统故障', siteId: site.id, impact: 'high', urgency: 'high' } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const post = (caller: Caller, id: string, records: Json[]) => t.call(caller, { method: 'POST', url: `/api/v1/incidents/${id}/backfill`, payload: { records } });
  const list = async (caller: Caller, id: string, query = ''): Promise<Json> => (await t.call(caller, { method: 'GET', url: `/api/v1/incidents/${id}/backfill${query}` })).json();
  const upload = (caller: Caller, id: string, bytes: Buffer | string, type = 'text/csv', query = '') =>
    t.call(caller, { method: 'POST', url: `/api/v1/incidents/${id}/backfill/imports${query}`, payload: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, headers: { 'content-type': type } });
  const txns = (source = 'backfill') => t.db.kysely.selectFrom('transactions').selectAll().where('source', '=', source).orderBy('txn_id').execute();
  const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

  it('records a sale, a check and a counter payment from the form, booked as transactions with source backfill, and says the same record again is already there', async () => {
    const audits = await t.auditCount();
    const res = await post(engineer, incident.id, [
      { kind: 'ticket_sale', deviceCode: 'TW-01', recordNo: 'P-0001', occurredAt: at(10), amountFen: 6000, note: '纸质售票' },
      { kind: 'ticket_check', deviceCode: 'HH-01', recordNo: 'C-0001', occurredAt: at(11) },
      { kind: 'counter_payment', deviceCode: 'TW-01', recordNo: 'P-0002', occurredAt: at(12), amountFen: 1250, channel: 'wechat', account: 'A100' },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: Json) => i.status)).toEqual(['created', 'created', 'created']);
    expect(await t.auditCount()).toBe(audits + 1);

    const rows = await txns();
    expect(rows.map((r) => [r.txn_id, r.type, Number(r.amount_fen), r.channel, r.site_code, Number(r.device_ts), r.offline])).toEqual([
      ['backfill:HH-01:C-0001', 'ticket_check', 0, null, 'scenic-south', START + 11 * 60_000, 1],
      ['backfill:TW-01:P-0001', 'ticket_sale', 6000, 'cash', 'scenic-south', START + 10 * 60_000, 1],
      ['backfill:TW-01:P-0002', 'consume', 1250, 'wechat', 'scenic-south', START + 12 * 60_000, 1],
    ]);

    // The same record again (even with another amount): answered as existing, nothing written twice.
    const again = await post(engineer, incident.id, [
      { kind: 'ticket_sale', deviceCode: 'TW-01', recordNo: 'P-0001', occurredAt: at(10), amountFen: 9999 },
      { kind: 'ticket_sale', deviceCode: 'TW-01', recordNo: 'P-0003', occurredAt: at(13), amountFen: 6000 },
    ]);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().items.map((i: Json) => [i.status, i.record.recordNo, i.record.amountFen])).toEqual([
      ['existing', 'P-0001', 6000],
      ['created', 'P-0003', 6000],
    ]);
    expect(await txns()).toHaveLength(4);

    const page = await list(client, incident.id);
    expect(page.items).toHaveLength(4);
    expect(page.items[0]).toMatchObject({ recordNo: 'P-0003', enteredVia: 'form', enteredBy: { id: engineer.userId } });
    expect(page.totals).toMatchObject({ count: 4, amountFen: 13250 });
    expect(page.totals.byKind).toEqual([
      { kind: 'ticket_sale', count: 2, amountFen: 12000 },
      { kind: 'ticket_check', count: 1, amountFen: 0 },
      { kind: 'counter_payment', count: 1, amountFen: 1250 },
    ]);

    // Paging by cursor walks every record once.
    const first = await list(client, incident.id, '?limit=3');
    const second = await list(client, incident.id, `?limit=3&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((r: Json) => r.recordNo)).toEqual(page.items.map((r: Json) => r.recordNo));
    expect(second.nextCursor).toBeNull();
    expect((await list(client, incident.id, '?kind=ticket_check')).items.map((r: Json) => r.recordNo)).toEqual(['C-0001']);

    // Each save is a line on the incident's timeline.
    const timeline = await t.db.kysely.selectFrom('incident_timeline').select('kind').where('incident_id', '=', incident.id).where('kind', '=', 'backfill').execute();
    expect(timeline).toHaveLength(2);
  });

  it('books a record saved twice at the same moment once: one save creates it, the other says it is there or asks to retry', async () => {
    const rec = [{ kind: 'ticket_sale', deviceCode: 'HH-02', recordNo: 'RACE-1', occurredAt: at(30), amountFen: 500 }];
    const answers = await Promise.all([post(engineer, incident.id, rec), post(admin, incident.id, rec), post(engineer, incident.id, rec)]);
    for (const a of answers) expect([200, 409], a.body).toContain(a.statusCode);
    expect(answers.filter((a) => a.statusCode === 200 && a.json().items[0].status === 'created')).toHaveLength(1);
    expect((await txns()).filter((r) => r.txn_id === 'backfill:HH-02:RACE-1')).toHaveLength(1);
  });

  it('refuses the whole form when one record is wrong, naming each field, and writes nothing', async () => {
    const before = (await txns()).length;
    const res = await post(engineer, incident.id, [
      { kind: 'ticket_sale', deviceCode: 'TW-01', recordNo: 'P-0100', occurredAt: at(20), amountFen: 100 },
      { kind: 'ticket_sale', deviceCode: 'NOPE-9', recordNo: 'P-0101', occurredAt: at(20), amountFen: 100 },
      { kind: 'ticket_sale', deviceCode: 'TW-01', recordNo: 'P-0102', occurredAt: at(-24 * 60), amountFen: 100 },
      { kind: 'ticket_check', deviceCode: 'HH-01', recordNo: 'C-0100', occurredAt: at(20), amountFen: 500 },
      { kind: 'counter_payment', deviceCode: 'TW-01', recordNo: 'P-0103', occurredAt: at(20), amountFen: 0 },
    ]);
    expect(res.statusCode, res.body).toBe(400);
    const fields = res.json().error.details.map((d: Json) => `${d.field}:${d.code}`);
    expect(fields.sort()).toEqual(['records.1.deviceCode:unknownDevice', 'records.2.occurredAt:outsideWindow', 'records.3.amountFen:amountNotZero', 'records.4.amountFen:amountPositive'].sort());
    expect((await txns()).length).toBe(before);

    // Schema limits: too many records, a NUL byte, a float amount.
    const many = Array.from({ length: 51 }, (_, i) => ({ kind: 'ticket_check', deviceCode: 'HH-01', recordNo: `M-${i}`, occurredAt: at(1) }));
    expect((await post(engineer, incident.id, many)).statusCode).toBe(400);
    expect((await post(engineer, incident.id, [{ kind: 'ticket_check', deviceCode: 'HH-01', recordNo: 'C\u0000', occurredAt: at(1) }])).statusCode).toBe(400);
    expect((await post(engineer, incident.id, [{ kind: 'ticket_sale', deviceCode: 'TW-01', recordNo: 'F-1', occurredAt: at(1), amountFen: 12.5 }])).statusCode).toBe(400);
    expect((await txns()).length).toBe(before);
  });

  it('enforces incidents:write to record and incidents:read to read, and hides incidents of other sites', async () => {
    const rec = [{ kind: 'ticket_check', deviceCode: 'HH-01', recordNo: 'C-9000', occurredAt: at(5) }];
    expect((await post(client, incident.id, rec)).statusCode).toBe(403);
    expect((await upload(client, incident.id, `${HEADER}\n检票,C-9001,HH-01,2026-11-10 10:05,,,\n`)).statusCode).toBe(403);
    expect((await t.call(finance, { method: 'GET', url: `/api/v1/incidents/${incident.id}/backfill` })).statusCode).toBe(403);
    expect((await t.call(null, { method: 'GET', url: `/api/v1/incidents/${incident.id}/backfill` })).statusCode).toBe(401);
    const other = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'north', name: '北门' } })).json();
    const outsider = await t.userWith(admin, ['engineer'], [other.id]);
    expect((await post(outsider, incident.id, rec)).statusCode).toBe(404);
    expect((await t.call(outsider, { method: 'GET', url: `/api/v1/incidents/${incident.id}/backfill` })).statusCode).toBe(404);
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/incidents/nope/backfill' })).statusCode).toBe(404);
  });

  it('imports a GBK CSV all at once, and refuses the same file again as duplicates of what is stored', async () => {
    const inc = await openIncident();
    const csv = `${HEADER}\n售票,G-0001,TW-01,2026-11-10 10:20,60.00,现金,南门\n收款,G-0002,TW-01,2026/11/10 10:21:30,"1,200.5",支付宝,\n检票,G-0003,HH-02,2026-11-10 10:22,,,\n`;
    const audits = await t.auditCount();
    const res = await upload(engineer, inc.id, iconv.encode(csv, 'gbk'), 'text/csv; charset=gbk');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, total: 3, imported: 3, errorCount: 0 });
    expect(await t.auditCount()).toBe(audits + 1);
    const page = await list(engineer, inc.id);
    expect(page.items.map((r: Json) => [r.recordNo, r.kind, r.amountFen, r.occurredAt, r.enteredVia, r.importId])).toEqual([
      ['G-0003', 'ticket_check', 0, '2026-11-10T02:22:00.000Z', 'import', res.json().importId],
      ['G-0002', 'counter_payment', 120050, '2026-11-10T02:21:30.000Z', 'import', res.json().importId],
      ['G-0001', 'ticket_sale', 6000, '2026-11-10T02:20:00.000Z', 'import', res.json().importId],
    ]);
    const stored = await t.db.kysely.selectFrom('transactions').select(['txn_id', 'channel', 'source']).where('txn_id', '=', 'backfill:TW-01:G-0002').executeTakeFirstOrThrow();
    expect(stored).toEqual({ txn_id: 'backfill:TW-01:G-0002', channel: 'alipay', source: 'backfill' });

    const again = await upload(engineer, inc.id, iconv.encode(csv, 'gbk'), 'text/csv');
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('IMPORT_REJECTED');
    expect(again.json().error.details.errors.map((e: Json) => [e.line, e.code])).toEqual([
      [2, 'recordExists'],
      [3, 'recordExists'],
      [4, 'recordExists'],
    ]);
    expect((await list(engineer, inc.id)).totals.count).toBe(3);
  });

  it('stores every text of an imported row as it was written, whatever characters it holds (PostgreSQL writes imports as column arrays)', async () => {
    const inc = await openIncident();
    const notes = ['他说"你好", 再见', 'C:\\票据\\{1,2}', 'NULL', '  前后空格 ', "it's ✓ 🎫", '{}', ''];
    const lines = notes.map((note, i) => `售票,Q-${i},TW-01,2026-11-10 10:1${i},10.00,现金,"${note.replace(/"/g, '""')}"`);
    const res = await upload(engineer, inc.id, `${HEADER}\n${lines.join('\n')}\n`);
    expect(res.statusCode, res.body).toBe(200);
    const stored = await t.db.kysely.selectFrom('backfill_records').select(['record_no', 'note', 'amount_fen']).where('incident_id', '=', inc.id).orderBy('record_no').execute();
    const kept = (await list(engineer, inc.id)).items.map((r: Json) => [r.recordNo, r.note]).sort();
    expect(stored.map((r) => Number(r.amount_fen))).toEqual(notes.map(() => 1000));
    // A cell with nothing in it is no note; every other text comes back as the file wrote it (trimmed, as cells are).
    expect(kept).toEqual(notes.map((note, i) => [`Q-${i}`, note.trim() === '' ? null : note.trim()]));
    const txn = await t.db.kysely.selectFrom('transactions').select(['txn_id', 'site_code', 'account', 'offline']).where('txn_id', '=', 'backfill:TW-01:Q-2').executeTakeFirstOrThrow();
    expect(txn).toEqual({ txn_id: 'backfill:TW-01:Q-2', site_code: 'scenic-south', account: null, offline: 1 });
  });

  it('refuses a file with any bad row — every problem by line — and imports nothing of it', async () => {
    const inc = await openIncident();
    const before = (await txns()).length;
    const csv = [
      HEADER,
      '售票,B-0001,TW-01,2026-11-10 10:20,60,现金,',
      '售票,B-0001,TW-01,2026-11-10 10:21,60,现金,', // repeated in the file
      '售票,B-0003,TW-01,2026-11-09 10:20,60,现金,', // the day before: outside the window
      '售票,B-0004,TW-01,2026-11-10 10:20,12.345,现金,', // three decimals
      '售票,B-0005,TW-01,2026-11-10 10:20,abc,现金,', // not an amount
      '售票,B-0006,GHOST-1,2026-11-10 10:20,5,现金,', // unknown device
      '退票,B-0007,TW-01,2026-11-10 10:20,5,现金,', // unknown kind
      '售票,B-0008,TW-01,2026-13-40 10:20,5,现金,', // no such date
      '售票,B-0009,TW-01,2026-11-10 10:20,5,比特币,', // unknown channel
      '检票,B-0010,HH-01,2026-11-10 10:20,5,,', // a check with an amount
      '售票,,TW-01,2026-11-10 10:20,5,现金,', // no record number
      `售票,B-0012,TW-01,2026-11-10 10:20,5,现金,a\u0000b`, // NUL byte
    ].join('\n');
    const res = await upload(engineer, inc.id, csv);
    expect(res.statusCode, res.body).toBe(422);
    const problems = res.json().error.details.errors.map((e: Json) => `${e.line}:${e.field}:${e.code}`);
    // NUL bytes are refused before anything else is looked at (PostgreSQL could not even compare them).
    expect(problems).toEqual(['13:note:nulCharacter']);

    const withoutNul = csv.replace('a\u0000b', '');
    const second = await upload(engineer, inc.id, withoutNul);
    expect(second.statusCode).toBe(422);
    expect(second.json().error.details.errors.map((e: Json) => `${e.line}:${e.field}:${e.code}`)).toEqual([
      '3:recordNo:recordRepeated',
      '4:occurredAt:outsideWindow',
      '5:amount:amountFormat',
      '6:amount:amountFormat',
      '7:device:unknownDevice',
      '8:kind:enum',
      '9:occurredAt:timeFormat',
      '10:channel:enum',
      '11:amount:amountNotZero',
      '12:recordNo:required',
    ]);
    expect(second.json().error.details).toMatchObject({ total: 12, imported: 0, errorCount: 10 });
    expect((await txns()).length).toBe(before);
    expect((await list(engineer, inc.id)).totals.count).toBe(0);

    // A dry run reports the same without a refusal, and writes nothing either.
    const dry = await upload(engineer, inc.id, withoutNul, 'text/csv', '?dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, imported: 0, errorCount: 10, importId: null });
    expect((await txns()).length).toBe(before);
  });

  it('imports an XLSX with date cells on the site wall clock, and refuses unreadable files clearly', async () => {
    const inc = await openIncident();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('补录');
    sheet.addRow(['类型', '记录号', '设备编号', '时间', '金额（元）']);
    // exceljs writes a Date as the sheet's wall clock: 10:30 in the sheet is 10:30 Shanghai time.
    sheet.addRow(['售票', 'X-0001', 'TW-01', new Date(Date.UTC(2026, 10, 10, 10, 10)), 45.5]);
    sheet.addRow(['ticket_check', 'X-0002', 'HH-01', '2026-11-10 10:11', null]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await upload(engineer, inc.id, bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, imported: 2 });
    const page = await list(engineer, inc.id);
    expect(page.items.map((r: Json) => [r.recordNo, r.amountFen, r.occurredAt])).toEqual([
      ['X-0002', 0, '2026-11-10T02:11:00.000Z'],
      ['X-0001', 4550, '2026-11-10T02:10:00.000Z'],
    ]);

    // A missing column, an empty body, a form upload, bytes that are neither UTF-8 nor clearly GBK or Big5.
    const missing = await upload(engineer, inc.id, '类型,记录号\n售票,1\n');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details.errors.map((e: Json) => e.code)).toEqual(['columnMissing', 'columnMissing']);
    expect((await upload(engineer, inc.id, Buffer.alloc(0))).statusCode).toBe(400);
    expect((await upload(engineer, inc.id, 'x', 'multipart/form-data; boundary=x')).statusCode).toBe(415);
    const garbled = Buffer.concat([Buffer.from(`${HEADER}\n售票,Z-1,TW-01,2026-11-10 10:20,5,`, 'utf8').subarray(0, 10), Buffer.from([0xa4, 0x40, 0xb5, 0xa1, 0xa4, 0x40, 0xc6, 0xa7, 0xb0, 0xa1])]);
    const bad = await upload(engineer, inc.id, garbled);
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    const xls = await upload(engineer, inc.id, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'application/octet-stream');
    expect(xls.statusCode).toBe(400);
    expect(xls.json().error.details[0].code).toBe('xlsNotAccepted');
  });

  it('takes records within the margin after resolution and refuses them later; a closed incident takes none', async () => {
    const inc = await openIncident();
    await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${inc.id}/transitions`, payload: { kind: 'take' } });
    await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${inc.id}/transitions`, payload: { kind: 'start_work' } });
    t.clock.advance(60 * 60_000);
    const resolved = await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${inc.id}/transitions`, payload: { kind: 'resolve', fix: '重启售票服务器', causeCategory: 'hardware' } });
    expect(resolved.statusCode, resolved.body).toBe(200);
    t.clock.advance(5 * 3_600_000);
    const resolvedAt = START + 60 * 60_000;
    const near = await post(engineer, inc.id, [{ kind: 'ticket_check', deviceCode: 'HH-02', recordNo: 'R-1', occurredAt: new Date(resolvedAt + 20 * 60_000).toISOString() }]);
    expect(near.statusCode, near.body).toBe(200);
    const late = await post(engineer, inc.id, [{ kind: 'ticket_check', deviceCode: 'HH-02', recordNo: 'R-2', occurredAt: new Date(resolvedAt + 40 * 60_000).toISOString() }]);
    expect(late.statusCode).toBe(400);
    expect(late.json().error.details[0]).toMatchObject({ field: 'records.0.occurredAt', code: 'outsideWindow' });

    // Confirmed and closed: the books of this incident are shut.
    const confirmed = await t.call(client, { method: 'POST', url: `/api/v1/incidents/${inc.id}/transitions`, payload: { kind: 'confirm', comment: '已恢复' } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const closed = await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${inc.id}/transitions`, payload: { kind: 'close' } });
    expect(closed.statusCode, closed.body).toBe(200);
    const refused = await post(engineer, inc.id, [{ kind: 'ticket_check', deviceCode: 'HH-02', recordNo: 'R-3', occurredAt: new Date(resolvedAt).toISOString() }]);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('INCIDENT_CLOSED');
    expect((await upload(engineer, inc.id, `${HEADER}\n检票,R-4,HH-02,2026-11-10 11:00,,,\n`)).statusCode).toBe(409);
    expect((await list(client, inc.id)).totals.count).toBe(1);
    t.clock.set(START);
  });

  it('refuses a file of more than 100,000 rows before checking any of it', async () => {
    const rows = Array.from({ length: 100_001 }, (_, i) => `检票,L-${i},HH-01,2026-11-10 10:05,,,`);
    const res = await upload(engineer, incident.id, `${HEADER}\n${rows.join('\n')}\n`);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('IMPORT_TOO_LARGE');
  });

  it('serves the template in CSV and XLSX, and the template imports as it is', async () => {
    const csv = await t.call(engineer, { method: 'GET', url: '/api/v1/backfill/template?format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('backfill-template.csv');
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('类型,记录号,设备编号,时间,金额（元）,支付方式,账号,卡号,备注');
    const xlsx = await t.call(engineer, { method: 'GET', url: '/api/v1/backfill/template?format=xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await t.call(engineer, { method: 'GET', url: '/api/v1/backfill/template?format=pdf' })).statusCode).toBe(400);

    // The example row is a record of HH-01 at 10:30 on 2026-11-10, inside this incident's window.
    const inc = await openIncident();
    const res = await upload(engineer, inc.id, csv.rawPayload);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().imported).toBe(1);
    const again = await upload(engineer, inc.id, xlsx.rawPayload, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(again.statusCode).toBe(422);
    expect(again.json().error.details.errors[0]).toMatchObject({ line: 2, code: 'recordExists' });
  });
});
