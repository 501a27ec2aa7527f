import { describe, expect, it } from 'vitest';
import { importCamt } from './camt.ts';
import type { ImportEvent } from './events.ts';
import { importLedgerCsv } from './ledger-csv.ts';
import { importMt940 } from './mt940.ts';
import { importWechatTrade } from './wechat-trade.ts';

/**
 * Streaming, shown by behaviour: the first record comes out while most of the source has not been read yet, so an
 * importer never needs the whole file in memory.
 */
function source(head: string, row: (i: number) => string, rows: number, tail: string, pulled: { chunks: number }) {
  return (async function* () {
    pulled.chunks++;
    yield Buffer.from(head);
    for (let i = 0; i < rows; i += 100) {
      pulled.chunks++;
      let s = '';
      for (let j = i; j < Math.min(rows, i + 100); j++) s += row(j);
      yield Buffer.from(s);
    }
    pulled.chunks++;
    yield Buffer.from(tail);
  })();
}

async function firstRecordAfter(events: AsyncIterable<ImportEvent>, pulled: { chunks: number }) {
  let at = -1;
  let records = 0;
  for await (const e of events) {
    if (e.type === 'record') {
      if (at < 0) at = pulled.chunks;
      records++;
    }
  }
  return { at, records, total: pulled.chunks };
}

describe('importers stream', () => {
  const rows = 20_000;

  it('card ledger', async () => {
    const pulled = { chunks: 0 };
    const src = source('txn_id,amount_fen,txn_time\n', (i) => `T${i},100,2026-11-30 10:00:00\n`, rows, `#END,${rows},${rows * 100}\n`, pulled);
    const r = await firstRecordAfter(importLedgerCsv(src, { fileName: 'l.csv' }), pulled);
    expect(r.records).toBe(rows);
    // the sniffer reads ahead at most 64 KiB (a few chunks here) before the first record
    expect(r.at).toBeLessThan(r.total / 5);
  });

  it('WeChat trade bill', async () => {
    const pulled = { chunks: 0 };
    const head = '交易时间,微信订单号,商户订单号,交易状态,订单金额\r\n';
    const src = source(head, (i) => `\`2026-11-30 10:00:00,\`4200${i},\`M${i},\`SUCCESS,\`1.00\r\n`, rows, `总交易单数,订单总金额\r\n\`${rows},\`${rows}.00\r\n`, pulled);
    const r = await firstRecordAfter(importWechatTrade(src, { fileName: 'b.csv' }), pulled);
    expect(r.records).toBe(rows);
    expect(r.at).toBeLessThan(r.total / 5);
  });

  it('MT940', async () => {
    const pulled = { chunks: 0 };
    const src = source(':20:S1\n:25:A\n:60F:C250101EUR0,00\n', () => ':61:2501010101C1,00NTRFNONREF\n:86:x\n', rows, `:62F:C250101EUR${rows},00\n`, pulled);
    const r = await firstRecordAfter(importMt940(src, { fileName: 's.sta' }), pulled);
    expect(r.records).toBe(rows);
    expect(r.at).toBeLessThan(r.total / 5);
  });

  it('camt.053', async () => {
    const pulled = { chunks: 0 };
    const head = '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>S</Id>';
    const entry = '<Ntry><Amt Ccy="CNY">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-30</Dt></BookgDt></Ntry>';
    const src = source(head, () => entry, rows, '</Stmt></BkToCstmrStmt></Document>', pulled);
    const r = await firstRecordAfter(importCamt(src, { fileName: 'c.xml' }), pulled);
    expect(r.records).toBe(rows);
    expect(r.at).toBeLessThan(r.total / 5);
  });
});
