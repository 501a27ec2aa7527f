import { readBill } from './bill-table.ts';
import { checkClaims, ColumnSums, type Claim } from './bill-summary.ts';
import { limitsOf, type ByteSource, type ImportEvent, type ImportOptions } from './events.ts';
import { finding } from './findings.ts';
import { blankRecord } from './record.ts';
import { checkDuplicate, RowReader, settle, Tally } from './row-reader.ts';
import { zipEntries, type ZipLimits } from './zip-entries.ts';

/**
 * Alipay merchant bill (业务明细): a ZIP of GBK CSVs. The detail file has `#` lines before the header (account, period)
 * and after the rows (#交易合计：N笔，商家实收共X元，… and #退款合计：…), which are checked against the rows. The
 * 汇总 (summary) file repeats the totals per store and is skipped: the footer already states them.
 */
export interface AlipayOptions extends ImportOptions {
  zip?: Partial<ZipLimits>;
}

const REQUIRED = ['支付宝交易号', '商户订单号', '业务类型'];
const FOOTER = /^#?(交易|退款)合计[:：](\d+)笔[，,]商家实收共(-?[\d.,]+)元(?:.*?服务费共(-?[\d.,]+)元)?/;

export async function* importAlipayMerchant(input: ByteSource, options: AlipayOptions): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const zipLimits: ZipLimits = {
    maxZipBytes: limits.maxFileBytes,
    maxEntries: 32,
    maxEntryBytes: 1024 ** 3,
    maxTotalBytes: 2 * 1024 ** 3,
    ...options.zip,
  };
  const total = { rows: 0, records: 0, rejected: 0, findings: 0, bytes: 0 };
  let details = 0;
  for await (const item of zipEntries(input, zipLimits)) {
    const where = { file: item.name ? `${limits.fileName}!${item.name}` : limits.fileName };
    if (item.kind === 'refused') {
      total.findings++;
      yield { type: 'finding', finding: finding('ZIP_REFUSED', where, `${item.name ? `entry ${item.name}` : 'the archive'} is refused: ${item.reason}`, { reason: item.reason, ...(item.name ? { entry: item.name } : {}) }) };
      continue;
    }
    if (/汇总/.test(item.name)) continue;
    if (!/\.(csv|txt)$/i.test(item.name)) {
      total.findings++;
      yield { type: 'finding', finding: finding('UNKNOWN_LAYOUT', where, `entry ${item.name} is not a CSV bill; skipped`, { entry: item.name }, 'warning') };
      continue;
    }
    details++;
    try {
      const stream = await item.open();
      for await (const e of importAlipayMerchantCsv(stream, { ...options, fileName: where.file })) {
        if (e.type === 'end') {
          for (const k of ['rows', 'records', 'rejected', 'findings', 'bytes'] as const) total[k] += e.stats[k];
        } else yield e;
      }
    } catch (e) {
      total.findings++;
      const reason = e instanceof Error ? e.message : String(e);
      yield { type: 'finding', finding: finding('ZIP_REFUSED', where, `entry ${item.name} could not be read to its end: ${reason}`, { reason, entry: item.name }) };
    }
  }
  if (details === 0) {
    total.findings++;
    yield { type: 'finding', finding: finding('UNKNOWN_LAYOUT', { file: limits.fileName }, 'the archive holds no Alipay detail bill (业务明细 CSV)', {}) };
  }
  yield { type: 'end', stats: total };
}

/** One 业务明细 CSV (also usable on its own, when someone uploads the unzipped file). */
export async function* importAlipayMerchantCsv(input: ByteSource, options: ImportOptions): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  const tally = new Tally();
  const sums = { 交易: new ColumnSums(), 退款: new ColumnSums() };
  const counts = { 交易: 0, 退款: 0 };
  const footers: { line: number; kind: '交易' | '退款'; count: string; net: string; fee?: string }[] = [];
  let meta: (ImportEvent & { type: 'meta' })['meta'] = { source: 'alipay-merchant', file, layout: 'alipay-merchant/detail' };

  for await (const item of readBill(input, limits, {
    isHeader: (cells) => REQUIRED.every((n) => cells.includes(n)),
    endsRows: (cells) => (cells[0] ?? '').startsWith('#'),
    maxPreambleLines: 20,
  })) {
    switch (item.kind) {
      case 'encoding':
        meta = { ...meta, encoding: item.encoding };
        break;
      case 'finding':
        yield tally.found(item.finding);
        break;
      case 'rejected':
        tally.rows++;
        tally.rejected++;
        break;
      case 'header':
        yield { type: 'meta', meta };
        break;
      case 'preamble':
        break;
      case 'trailer': {
        const m = FOOTER.exec(item.cells.join(',').replace(/,+$/, ''));
        if (m) footers.push({ line: item.line, kind: m[1] as '交易' | '退款', count: m[2]!, net: m[3]!, ...(m[4] ? { fee: m[4] } : {}) });
        break;
      }
      case 'row': {
        if (tally.rows >= limits.maxRows) {
          yield tally.found(finding('TOO_MANY_ROWS', { file, line: item.line }, `more than ${limits.maxRows} rows; reading stopped`, { limit: limits.maxRows }));
          return yield { type: 'end', stats: tally.stats(0) };
        }
        const r = new RowReader(limits, item.line);
        const rec = blankRecord('alipay-merchant', { file, line: item.line, raw: '' });
        rec.channel = 'alipay';
        rec.txnId = r.id(item.get('支付宝交易号'), '支付宝交易号');
        rec.merchantOrderId = r.id(item.get('商户订单号'), '商户订单号');
        rec.terminal = r.id(item.get('终端号'), '终端号');
        rec.account = r.text(item.get('对方账户'), '对方账户');
        const kind = r.text(item.get('业务类型'), '业务类型') ?? '';
        rec.statusRaw = kind;
        rec.status = 'success';
        rec.txnTime = r.time(item.get('完成时间') ?? item.get('创建时间'), '完成时间', limits.timeZone, true);
        // read for its findings; the footer's 商家实收 is checked against these cells below
        r.money(item.get('商家实收（元）'), '商家实收（元）');
        rec.feeFen = r.money(item.get('服务费（元）'), '服务费（元）');
        if (kind === '退款') {
          rec.type = 'refund';
          rec.direction = 'out';
          rec.refundId = r.id(item.get('退款批次号/请求号'), '退款批次号/请求号');
          const amount = r.money(item.get('订单金额（元）'), '订单金额（元）', { required: true });
          rec.amountFen = amount === null ? null : Math.abs(amount);
        } else {
          rec.type = kind === '交易' ? 'consume' : 'other';
          rec.direction = 'in';
          const amount = r.money(item.get('订单金额（元）'), '订单金额（元）', { required: true });
          rec.amountFen = amount === null ? null : Math.abs(amount);
          if (kind !== '交易') r.warn('UNKNOWN_VALUE', '业务类型', `业务类型 "${kind}" on line ${item.line} is neither 交易 nor 退款`, { value: kind });
        }
        if (kind === '交易' || kind === '退款') {
          counts[kind]++;
          sums[kind].add('net', item.get('商家实收（元）'));
          sums[kind].add('fee', item.get('服务费（元）'));
        }
        if (rec.txnTime === null) rec.unmatchable = true;
        settle(rec, r);
        checkDuplicate(tally, r, rec.txnId === null ? null : `${rec.txnId}|${kind}|${rec.refundId ?? ''}`, `支付宝交易号 ${rec.txnId} (${kind})`);
        for (const f of r.findings) yield tally.found(f);
        yield tally.record(rec, item.raw);
        break;
      }
      case 'end': {
        if (!item.headerFound) {
          yield tally.found(finding('UNKNOWN_LAYOUT', { file, line: 1 }, `no Alipay detail bill header (${REQUIRED.join(', ')}) in the first lines`, { expected: REQUIRED.join(',') }));
          return yield { type: 'end', stats: tally.stats(item.bytes) };
        }
        if (footers.length === 0 && !item.stopped) yield tally.found(finding('SUMMARY_MISSING', { file }, 'the bill has no #交易合计 / #退款合计 footer: it may have been cut short', {}));
        const claims: Claim[] = [];
        for (const f of footers) {
          claims.push({ label: `${f.kind}合计笔数`, kind: 'count', claimedText: f.count, counted: BigInt(counts[f.kind]), line: f.line });
          claims.push({ label: `${f.kind}合计商家实收`, kind: 'amount', claimedText: f.net, counted: sums[f.kind].get('net'), line: f.line });
          if (f.fee !== undefined) claims.push({ label: `${f.kind}合计服务费`, kind: 'amount', claimedText: f.fee, counted: sums[f.kind].get('fee'), line: f.line });
        }
        for (const f of checkClaims(file, claims)) yield tally.found(f);
        return yield { type: 'end', stats: tally.stats(item.bytes) };
      }
    }
  }
}
