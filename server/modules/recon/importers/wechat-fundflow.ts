import { readBill } from './bill-table.ts';
import { ColumnSums, checkClaims, type Claim } from './bill-summary.ts';
import { limitsOf, type ByteSource, type ImportEvent, type ImportOptions } from './events.ts';
import { finding } from './findings.ts';
import { blankRecord } from './record.ts';
import { checkDuplicate, RowReader, settle, Tally } from './row-reader.ts';
import { foldDirection, foldType } from './vocab.ts';

/**
 * WeChat Pay fund-flow bill (`downloadfundflow`): comma + backtick, one row per movement of the merchant account,
 * then 资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额 and their values. Every figure is checked: the fixture's
 * summary claims 20 rows (17 in, 3 out) and holds one, which must be said, not believed.
 */
const REQUIRED = ['记账时间', '资金流水单号', '收支类型'];

export async function* importWechatFundflow(input: ByteSource, options: ImportOptions): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  const tally = new Tally();
  const inSum = new ColumnSums();
  const outSum = new ColumnSums();
  let inCount = 0;
  let outCount = 0;
  let amountColumn = '收支金额（元）';
  const trailer: { line: number; cells: string[] }[] = [];
  let meta: (ImportEvent & { type: 'meta' })['meta'] = { source: 'wechat-fundflow', file, layout: 'wechat-fundflow/backtick-csv' };

  for await (const item of readBill(input, limits, {
    isHeader: (cells) => REQUIRED.every((n) => cells.includes(n)),
    endsRows: (cells) => /总笔数/.test(cells[0] ?? ''),
    maxPreambleLines: 5,
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
      case 'preamble':
        break;
      case 'header':
        amountColumn = item.names.find((n) => /^收支金额/.test(n)) ?? amountColumn;
        yield { type: 'meta', meta };
        break;
      case 'trailer':
        trailer.push({ line: item.line, cells: item.cells });
        break;
      case 'row': {
        if (tally.rows >= limits.maxRows) {
          yield tally.found(finding('TOO_MANY_ROWS', { file, line: item.line }, `more than ${limits.maxRows} rows; reading stopped`, { limit: limits.maxRows }));
          return yield { type: 'end', stats: tally.stats(0) };
        }
        const r = new RowReader(limits, item.line);
        const rec = blankRecord('wechat-fundflow', { file, line: item.line, raw: '' });
        rec.channel = 'wechat';
        rec.txnTime = r.time(item.get('记账时间'), '记账时间', limits.timeZone, true);
        rec.txnId = r.id(item.get('资金流水单号'), '资金流水单号');
        rec.channelOrderId = r.id(item.get('微信支付业务单号'), '微信支付业务单号');
        const typeRaw = r.text(item.get('业务类型'), '业务类型') ?? r.text(item.get('业务名称'), '业务名称');
        rec.type = foldType(typeRaw) ?? (typeRaw === '交易' ? 'consume' : 'other');
        if (rec.type === 'refund') rec.refundId = r.id(item.get('业务凭证号'), '业务凭证号');
        else rec.thirdPartyOrderId = r.id(item.get('业务凭证号'), '业务凭证号');
        const dirRaw = r.text(item.get('收支类型'), '收支类型');
        rec.direction = foldDirection(dirRaw) ?? 'none';
        rec.amountFen = r.money(item.get(amountColumn), amountColumn, { required: true });
        if (rec.amountFen !== null && rec.amountFen < 0) rec.amountFen = -rec.amountFen;
        rec.balanceAfterFen = r.money(item.get('账户结余（元）') ?? item.get('账户结余(元)'), '账户结余（元）');
        rec.status = 'success';
        rec.statusRaw = typeRaw;
        if (rec.direction === 'in') {
          inCount++;
          inSum.add('amount', item.get(amountColumn));
        } else if (rec.direction === 'out') {
          outCount++;
          outSum.add('amount', item.get(amountColumn));
        }
        if (rec.txnTime === null) rec.unmatchable = true;
        settle(rec, r);
        checkDuplicate(tally, r, rec.txnId, `资金流水单号 ${rec.txnId}`);
        for (const f of r.findings) yield tally.found(f);
        yield tally.record(rec, item.raw);
        break;
      }
      case 'end': {
        if (!item.headerFound) {
          yield tally.found(finding('UNKNOWN_LAYOUT', { file, line: 1 }, `no WeChat Pay fund-flow bill header (${REQUIRED.join(', ')}) in the first lines`, { expected: REQUIRED.join(',') }));
          return yield { type: 'end', stats: tally.stats(item.bytes) };
        }
        const labels = trailer[0];
        const values = trailer[1];
        if (labels && values) {
          const counted: Record<string, { kind: 'count' | 'amount'; value: bigint }> = {
            资金流水总笔数: { kind: 'count', value: BigInt(tally.rows) },
            收入笔数: { kind: 'count', value: BigInt(inCount) },
            收入金额: { kind: 'amount', value: inSum.get('amount') },
            支出笔数: { kind: 'count', value: BigInt(outCount) },
            支出金额: { kind: 'amount', value: outSum.get('amount') },
          };
          const claims: Claim[] = [];
          labels.cells.forEach((label, i) => {
            const c = counted[label];
            if (c) claims.push({ label, kind: c.kind, claimedText: values.cells[i] ?? '', counted: c.value, line: values.line });
          });
          for (const f of checkClaims(file, claims)) yield tally.found(f);
        } else if (!item.stopped) {
          yield tally.found(finding('SUMMARY_MISSING', { file }, 'the bill has no summary lines (资金流水总笔数 …): it may have been cut short', {}));
        }
        return yield { type: 'end', stats: tally.stats(item.bytes) };
      }
    }
  }
}
