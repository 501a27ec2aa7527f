import { limitsOf, type ByteSource, type ImportEvent, type ImportOptions } from './events.ts';
import { finding } from './findings.ts';
import { formatFen, parseMoney } from './money.ts';
import { blankRecord } from './record.ts';
import { checkDuplicate, RowReader, settle, Tally } from './row-reader.ts';
import { readText } from './rows.ts';
import { cut, DETAIL, HEADER, TRAILER } from './unionpay-layout.ts';

/**
 * UnionPay fixed-width settlement file (layout in unionpay-layout.ts and README.md): H header, D details, T trailer.
 * A line of the wrong length is rejected (BAD_ROW) — or, as the last line, TRUNCATED; a missing trailer is TRUNCATED;
 * the trailer's count and sums are checked against the details (SUMMARY_MISMATCH).
 */
const TYPES: Record<string, 'consume' | 'refund'> = { S000: 'consume', P000: 'consume', R000: 'refund', V000: 'refund' };
const CURRENCIES: Record<string, string> = { '156': 'CNY', '840': 'USD', '344': 'HKD', '978': 'EUR' };

export async function* importUnionpaySettlement(input: ByteSource, options: ImportOptions): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  const tally = new Tally();
  let header: Record<string, string> | null = null;
  let trailer: { line: number; fields: Record<string, string> } | null = null;
  let lastBad: { line: number; length: number; type: string } | null = null;
  let sum = 0n;
  let fees = 0n;
  let details = 0;
  let currency = 'CNY';
  let lastLine = 0;

  for await (const item of readText(input, { ...limits, encoding: limits.encoding ?? 'utf8' })) {
    if (item.kind === 'encoding') {
      yield { type: 'meta', meta: { source: 'unionpay-settlement', file, layout: 'unionpay-settlement/v1', encoding: item.encoding } };
      continue;
    }
    if (item.kind === 'finding') {
      yield tally.found(item.finding);
      continue;
    }
    if (item.kind === 'rejected') {
      tally.rows++;
      tally.rejected++;
      continue;
    }
    if (item.kind === 'end') {
      if (lastBad && lastBad.line === lastLine) {
        yield tally.found(finding('TRUNCATED', { file, line: lastBad.line }, `the last line is ${lastBad.length} bytes where a ${lastBad.type} record has ${expected(lastBad.type)}: the file was cut`, { length: lastBad.length, expected: expected(lastBad.type) }));
      } else if (lastBad) {
        yield tally.found(finding('BAD_ROW', { file, line: lastBad.line }, `line ${lastBad.line} is ${lastBad.length} bytes where a ${lastBad.type} record has ${expected(lastBad.type)}; rejected`, { length: lastBad.length }));
      }
      if (!header) yield tally.found(finding('UNKNOWN_LAYOUT', { file, line: 1 }, 'no UnionPay settlement header record (H) on the first line', {}));
      else if (!trailer) yield tally.found(finding('TRUNCATED', { file }, 'the file has no trailer record (T): it was cut short', {}));
      else {
        const t = trailer.fields;
        const claims: [string, string, string][] = [
          ['count', String(Number(t.count)), String(details)],
          ['amountSum', signed(t.amountSum!), formatFen(sum)],
          ['feeSum', signed(t.feeSum!), formatFen(fees)],
        ];
        for (const [field, claimed, counted] of claims) {
          if (claimed !== counted) yield tally.found(finding('SUMMARY_MISMATCH', { file, line: trailer.line, field }, `the trailer's ${field} claims ${claimed}, the details give ${counted}`, { claimed, counted }));
        }
      }
      yield { type: 'end', stats: tally.stats(item.bytes) };
      return;
    }
    lastLine = item.line;
    const line = item.text;
    if (line.trim() === '') continue;
    if (lastBad) {
      // a wrong-length line that is not the last one is a damaged record, not a cut file
      yield tally.found(finding('BAD_ROW', { file, line: lastBad.line }, `line ${lastBad.line} is ${lastBad.length} bytes where a ${lastBad.type} record has ${expected(lastBad.type)}; rejected`, { length: lastBad.length }));
      lastBad = null;
    }
    const type = line[0] ?? '';
    if (/[^\x20-\x7e]/.test(line)) {
      tally.rows++;
      tally.rejected++;
      yield tally.found(finding('BAD_ROW', { file, line: item.line }, `line ${item.line} holds characters outside ASCII; fixed-width positions cannot be trusted`, {}));
      continue;
    }
    if (Buffer.byteLength(line) !== expected(type)) {
      if (type === 'D') {
        tally.rows++;
        tally.rejected++;
      }
      lastBad = { line: item.line, length: Buffer.byteLength(line), type };
      continue;
    }
    if (type === 'H') {
      header = cut(line, HEADER.fields);
      currency = CURRENCIES[header.currency!] ?? header.currency!;
      continue;
    }
    if (type === 'T') {
      trailer = { line: item.line, fields: cut(line, TRAILER.fields) };
      continue;
    }
    if (tally.rows >= limits.maxRows) {
      yield tally.found(finding('TOO_MANY_ROWS', { file, line: item.line }, `more than ${limits.maxRows} rows; reading stopped`, { limit: limits.maxRows }));
      yield { type: 'end', stats: tally.stats(0) };
      return;
    }
    const f = cut(line, DETAIL.fields);
    const r = new RowReader(limits, item.line);
    const rec = blankRecord('unionpay-settlement', { file, line: item.line, raw: '' });
    rec.channel = 'unionpay';
    rec.currency = currency;
    rec.txnId = r.id(f.rrn, 'rrn');
    rec.thirdPartyOrderId = r.id(f.traceNo, 'traceNo');
    rec.txnTime = r.time(f.txnTime, 'txnTime', limits.timeZone, true);
    rec.card = r.id(f.pan, 'pan');
    rec.account = r.id(f.merchantId, 'merchantId');
    rec.terminal = r.id(f.terminalId, 'terminalId');
    rec.merchantOrderId = r.id(f.orderId, 'orderId');
    rec.amountFen = r.money(f.amount, 'amount', { unit: 'fen', required: true });
    rec.feeFen = r.money(f.fee, 'fee', { unit: 'fen' });
    const code = f.txnCode!.trim();
    rec.type = TYPES[code] ?? 'other';
    if (!TYPES[code]) r.warn('UNKNOWN_VALUE', 'txnCode', `transaction code "${code}" on line ${item.line} is not one this importer knows`, { value: code });
    rec.direction = f.dc === 'C' ? 'in' : f.dc === 'D' ? 'out' : 'none';
    if (rec.direction === 'none') r.error('BAD_ROW', 'dc', `debit/credit mark "${f.dc}" on line ${item.line} is neither C nor D`, { value: f.dc! });
    rec.statusRaw = f.respCode!;
    rec.status = f.respCode === '00' ? 'success' : 'failed';
    details++;
    if (rec.amountFen !== null) sum += BigInt(rec.direction === 'out' ? -rec.amountFen : rec.amountFen);
    if (rec.feeFen !== null) fees += BigInt(rec.feeFen);
    if (rec.txnTime === null || rec.amountFen === null) rec.unmatchable = true;
    settle(rec, r);
    checkDuplicate(tally, r, rec.txnId, `RRN ${rec.txnId}`);
    for (const x of r.findings) yield tally.found(x);
    yield tally.record(rec, line);
  }
}

function expected(type: string): number {
  return type === 'H' ? HEADER.length : type === 'T' ? TRAILER.length : DETAIL.length;
}

/** '+000000000012345' → '123.45' as formatFen writes it; anything unreadable is shown as written. */
function signed(text: string): string {
  const r = parseMoney(text.trim(), { unit: 'fen' });
  return r.ok ? formatFen(r.fen) : text.trim();
}
