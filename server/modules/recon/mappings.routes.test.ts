import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { upload } from './recon.test-support.ts';

/**
 * Saved column mappings on both databases: saved, listed, changed with the version read (a stale one is a 409),
 * deleted, each change audited; bad mappings are a 400 naming the field; recon:read lists but cannot change; an
 * import applies one by name, or by itself when the file's header is the one a mapping was saved for, and says so;
 * a file that needs a mapping lists the saved ones.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const URL = '/api/v1/recon/column-mappings';
/** A bank-style ledger whose header the recogniser does not know at all: no id, amount or time column it can name. */
const HEADER = ['凭证号', '发生金额', '记账日期', '摘要'];
const ledger = (rows: [string, string, string][]) => `${[HEADER.join(','), ...rows.map((r) => `${r.join(',')},消费`)].join('\n')}\n`;

describeEachDatabase('recon column mappings on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let finance: Caller;
  let auditor: Caller;
  let client: Caller;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(Date.parse('2026-12-01T04:00:00Z'));
    admin = await t.loginAdmin();
    finance = await t.userWith(admin, ['finance']);
    auditor = await t.userWith(admin, ['auditor']);
    client = await t.userWith(admin, ['client']);
  });
  afterAll(async () => t.close());

  const create = (caller: Caller, payload: unknown) => t.call(caller, { method: 'POST', url: URL, payload });
  const problems = (res: { json: () => Json }) => (res.json().error.details as { field: string; code: string }[]).map((p) => `${p.field}:${p.code}`);

  it('saves, lists, changes with the version read, deletes, and audits each change', async () => {
    const audits = await t.auditCount();
    const res = await create(finance, { name: ' 银行流水 A ', source: 'ledger', header: [...HEADER, ''], mapping: { txnId: '凭证号', amount: 1, txnTime: '记账 日期', amountUnit: 'yuan' } });
    expect(res.statusCode, res.body).toBe(200);
    const made = res.json() as Json;
    expect(made).toMatchObject({ name: '银行流水 A', source: 'ledger', version: 1, header: ['凭证号', '发生金额', '记账日期', '摘要'], mapping: { txnId: '凭证号', amount: 1, txnTime: '记账 日期', amountUnit: 'yuan' } });
    expect(made.createdBy).toMatchObject({ id: expect.any(String) as unknown });
    expect(await t.auditCount()).toBe(audits + 1);

    const listed = (await t.call(auditor, { method: 'GET', url: `${URL}?source=ledger` })).json() as Json;
    expect(listed.items.map((m: Json) => m.name)).toContain('银行流水 A');

    const patched = await t.call(finance, { method: 'PATCH', url: `${URL}/${made.id}`, payload: { version: 1, name: '银行流水 B', mapping: { txnId: 0, amount: 1, txnTime: 2, amountUnit: 'fen' } } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: '银行流水 B', version: 2, mapping: { amountUnit: 'fen' } });
    const stale = await t.call(finance, { method: 'PATCH', url: `${URL}/${made.id}`, payload: { version: 1, name: '银行流水 C' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('COLUMN_MAPPING_CHANGED');
    expect(await t.auditCount()).toBe(audits + 2);

    const taken = await create(finance, { name: '银行流水 B', source: 'ledger', header: HEADER, mapping: { txnId: 0, amount: 1, txnTime: 2 } });
    expect(taken.statusCode).toBe(400);
    expect(problems(taken)).toEqual(['name:nameTaken']);

    expect((await t.call(finance, { method: 'DELETE', url: `${URL}/${made.id}` })).statusCode).toBe(200);
    expect(await t.auditCount()).toBe(audits + 3);
    expect((await t.call(finance, { method: 'DELETE', url: `${URL}/${made.id}` })).statusCode).toBe(404);
    expect((await t.call(finance, { method: 'PATCH', url: `${URL}/${made.id}`, payload: { version: 2, name: 'x' } })).statusCode).toBe(404);
    expect(((await t.call(auditor, { method: 'GET', url: URL })).json() as Json).items.map((m: Json) => m.id)).not.toContain(made.id);
  });

  it('refuses bad mappings with a 400 naming the field', async () => {
    const base = { name: 'bad', source: 'ledger', header: HEADER };
    const cases: [unknown, string][] = [
      [{ ...base, mapping: { txnId: 0, amount: 1, txnTime: 2, colour: 3 } }, 'mapping.colour:enum'],
      [{ ...base, mapping: { txnId: 0, amount: 7, txnTime: 2 } }, 'mapping.amount:maximum'],
      [{ ...base, mapping: { txnId: 0, amount: '金额不存在', txnTime: 2 } }, 'mapping.amount:columnMissing'],
      [{ ...base, mapping: { txnId: 0, amount: 1, txnTime: '发生金额' } }, 'mapping.txnTime:duplicateValue'],
      [{ ...base, mapping: { txnId: 0, amount: 1 } }, 'mapping.txnTime:required'],
      [{ ...base, mapping: { txnId: 0, txnTime: 2 } }, 'mapping.amount:required'],
      [{ ...base, mapping: { amount: 1, txnTime: 2 } }, 'mapping.txnId:required'],
      [{ ...base, mapping: { txnId: 0, amount: 1, txnTime: 2, amountUnit: 'jiao' } }, 'mapping.amountUnit:enum'],
    ];
    for (const [payload, expected] of cases) {
      const res = await create(finance, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(problems(res), JSON.stringify(payload)).toContain(expected);
    }
    const long = await create(finance, { ...base, name: 'x'.repeat(101), mapping: { txnId: 0, amount: 1, txnTime: 2 } });
    expect(long.statusCode).toBe(400);
    expect(JSON.stringify(long.json().error.details)).toContain('name');
    const nul = await create(finance, { ...base, name: 'a\u0000b', mapping: { txnId: 0, amount: 1, txnTime: 2 } });
    expect(nul.statusCode).toBe(400);
    expect(JSON.stringify(nul.json().error.details)).toContain('name');
    const nulHeader = await create(finance, { ...base, header: ['a\u0000', 'b', 'c'], mapping: { txnId: 0, amount: 1, txnTime: 2 } });
    expect(nulHeader.statusCode).toBe(400);
    expect(JSON.stringify(nulHeader.json().error.details)).toContain('header');
    const source = await create(finance, { ...base, source: 'wechat', mapping: { txnId: 0, amount: 1, txnTime: 2 } });
    expect(source.statusCode).toBe(400);
    expect(JSON.stringify(source.json().error.details)).toContain('source');
    expect(((await t.call(finance, { method: 'GET', url: URL })).json() as Json).items.map((m: Json) => m.name)).not.toContain('bad');
  });

  it('lets recon:read list but not change, and refuses people without recon', async () => {
    const ok = { name: '只读测试', source: 'ledger', header: HEADER, mapping: { txnId: 0, amount: 1, txnTime: 2 } };
    expect((await create(auditor, ok)).statusCode).toBe(403);
    expect((await t.call(auditor, { method: 'GET', url: URL })).statusCode).toBe(200);
    expect((await t.call(client, { method: 'GET', url: URL })).statusCode).toBe(403);
    const made = (await create(finance, ok)).json() as Json;
    expect((await t.call(auditor, { method: 'PATCH', url: `${URL}/${made.id}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(403);
    expect((await t.call(auditor, { method: 'DELETE', url: `${URL}/${made.id}` })).statusCode).toBe(403);
    expect((await t.call(finance, { method: 'DELETE', url: `${URL}/${made.id}` })).statusCode).toBe(200);
  });

  it('imports with a mapping named, or found by the header, says which; a file that needs one lists the saved ones', async () => {
    // Without a saved mapping the file cannot be read: NEEDS_MAPPING, with its header for the console to map.
    const first = await upload(t, finance, 'ledger', ledger([['V001', '12.50', '2026-11-30 10:00:00']]), { fileName: 'bank-a.csv' });
    expect(first.statusCode).toBe(422);
    const needs = (first.json().error.details.findingList as Json[]).find((f) => f.code === 'NEEDS_MAPPING')!;
    expect(JSON.parse(needs.params.header as string)).toEqual(HEADER);
    expect(JSON.parse(needs.params.savedMappings as string)).toEqual([]);

    const saved = (await create(finance, { name: '银行 A', source: 'ledger', header: JSON.parse(needs.params.header as string) as string[], mapping: { txnId: '凭证号', amount: '发生金额', txnTime: 2 } })).json() as Json;

    // By name: the same bytes again make way for the retry (the failed import is replaced).
    const byName = await upload(t, finance, 'ledger', ledger([['V001', '12.50', '2026-11-30 10:00:00']]), { fileName: 'bank-a.csv', mapping: '银行 A' });
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json()).toMatchObject({ status: 'imported', records: 1, amountFen: 1250 });
    expect(byName.json().findingList[0]).toMatchObject({ code: 'MAPPING_APPLIED', severity: 'warning', line: null, params: { mappingId: saved.id, mappingName: '银行 A', matchedBy: 'name' } });
    expect(JSON.parse(byName.json().findingList[0].params.columns as string)).toEqual([
      { field: 'txnId', column: '凭证号', index: 0 },
      { field: 'amount', column: '发生金额', index: 1 },
      { field: 'txnTime', column: '记账日期', index: 2 },
    ]);
    // The stored import keeps saying it.
    const stored = (await t.call(finance, { method: 'GET', url: `/api/v1/recon/imports/${byName.json().id}` })).json() as Json;
    expect(stored.findingCounts).toMatchObject({ MAPPING_APPLIED: 1 });
    expect(stored.findingList[0]).toMatchObject({ code: 'MAPPING_APPLIED', params: { mappingName: '银行 A' } });

    // By the header: another file of the same layout (header spelt with other spaces and case) needs no name.
    const sameLayout = ledger([['V002', '3.00', '2026-11-30 11:00:00']]).replace('记账日期', ' 记账 日期 ');
    const byHeader = await upload(t, finance, 'ledger', sameLayout, { fileName: 'bank-a-2.csv' });
    expect(byHeader.statusCode, byHeader.body).toBe(200);
    expect(byHeader.json()).toMatchObject({ records: 1, amountFen: 300 });
    expect(byHeader.json().findingList[0]).toMatchObject({ code: 'MAPPING_APPLIED', params: { mappingId: saved.id, matchedBy: 'header' } });

    // Another layout still needs a mapping, and is told which saved ones the source has.
    const other = `流水编码,金额数,时刻\nX1,1.00,2026-11-30 12:00:00\n`;
    const needsAgain = await upload(t, finance, 'ledger', other, { fileName: 'bank-b.csv' });
    expect(needsAgain.statusCode).toBe(422);
    const listed = (needsAgain.json().error.details.findingList as Json[]).find((f) => f.code === 'NEEDS_MAPPING')!;
    expect(JSON.parse(listed.params.savedMappings as string)).toEqual([{ id: saved.id, name: '银行 A', matchesHeader: false }]);

    // A name the source has no mapping of is a 400 naming the parameter, before anything is read.
    const unknown = await upload(t, finance, 'ledger', other, { mapping: '没有这个' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0]).toMatchObject({ field: 'querystring.mapping', code: 'enum' });
    expect((await upload(t, finance, 'wechat', other, { mapping: '银行 A' })).statusCode).toBe(400);

    // A recognised ledger with no saved mapping for its header imports as before, without a MAPPING_APPLIED.
    const own = await upload(t, finance, 'ledger', 'txn_id,amount_fen,txn_time\nL1,100,2026-11-30 09:00:00\n#END,1,100\n', { fileName: 'own.csv' });
    expect(own.statusCode, own.body).toBe(200);
    expect((own.json().findingList as Json[]).map((f) => f.code)).not.toContain('MAPPING_APPLIED');

    // Two mappings saved for one header are not guessed between: the file needs a name, and is offered both.
    const twin = (await create(finance, { name: '银行 A（分）', source: 'ledger', header: HEADER, mapping: { txnId: 0, amount: 1, txnTime: 2, amountUnit: 'fen' } })).json() as Json;
    const undecided = await upload(t, finance, 'ledger', ledger([['V003', '4.00', '2026-11-30 12:00:00']]), { fileName: 'bank-a-3.csv' });
    expect(undecided.statusCode).toBe(422);
    const both = (undecided.json().error.details.findingList as Json[]).find((f) => f.code === 'NEEDS_MAPPING')!;
    expect(JSON.parse(both.params.savedMappings as string)).toEqual([
      { id: saved.id, name: '银行 A', matchesHeader: true },
      { id: twin.id, name: '银行 A（分）', matchesHeader: true },
    ]);
    const chosen = await upload(t, finance, 'ledger', ledger([['V003', '4.00', '2026-11-30 12:00:00']]), { fileName: 'bank-a-3.csv', mapping: twin.id as string });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json()).toMatchObject({ records: 1, amountFen: 4 });
  });
});
