import { limitsOf, type ByteSource, type ImportEvent, type ImportOptions } from './events.ts';
import { finding } from './findings.ts';
import { formatFen, parseMoney } from './money.ts';
import { blankRecord, type NormalizedRecord } from './record.ts';
import { RowReader, settle, Tally } from './row-reader.ts';
import { readText } from './rows.ts';
import { localToEpoch } from './time.ts';

/**
 * SWIFT MT940 bank statements, as the 13 banks in the fixtures write them: with or without the {1:}{2:}{4: block
 * wrapper, with bank header lines, decimal comma or point, a funds code after the D/C mark, :86: spread over lines.
 * Per statement (:20:) the opening balance (:60F:/:60M:) plus the entries (:61:) must equal the closing balance
 * (:62F:/:62M:), else BALANCE_BREAK; a statement without a closing balance is TRUNCATED. Dates are bank dates
 * (no time), read as midnight in the caller's zone.
 */
interface Statement {
  ref: string;
  line: number;
  account: string | null;
  currency: string | null;
  opening: bigint | null;
  openingLine: number | null;
  sum: bigint;
  entries: number;
  closed: boolean;
}

const TAG = /^:(\d{2}[A-Z]?):(.*)$/;
const BALANCE = /^([CD])(\d{6})([A-Z]{3})([\d.,]+)$/;
const ENTRY = /^(\d{6})(\d{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\d[\d,.]*)([NFS][A-Z0-9]{3}|[NFS][A-Z]{2} )?(.*)$/;

function amountOf(text: string) {
  return parseMoney(text, { decimalComma: text.includes(',') });
}

function dateOf(yymmdd: string, zone: string): number | null {
  const y = Number(yymmdd.slice(0, 2));
  const m = Number(yymmdd.slice(2, 4));
  const d = Number(yymmdd.slice(4, 6));
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  // SWIFT's rule of thumb for two-digit years: 00–79 → 20xx, 80–99 → 19xx
  return localToEpoch(y < 80 ? 2000 + y : 1900 + y, m, d, 0, 0, 0, 0, zone);
}

export async function* importMt940(input: ByteSource, options: ImportOptions): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  const tally = new Tally();
  let st: Statement | null = null;
  let tag: { name: string; line: number; text: string } | null = null;
  let pending: { rec: NormalizedRecord; reader: RowReader; raw: string } | null = null;
  let statements = 0;
  const out: ImportEvent[] = [];

  const flushEntry = () => {
    if (!pending) return;
    settle(pending.rec, pending.reader);
    for (const f of pending.reader.findings) out.push(tally.found(f));
    out.push(tally.record(pending.rec, pending.raw));
    pending = null;
  };
  const closeStatement = (atEnd: boolean) => {
    flushEntry();
    if (st && !st.closed) {
      out.push(tally.found(finding('TRUNCATED', { file, line: st.line }, `statement ${st.ref} (line ${st.line}) has no closing balance (:62F:)${atEnd ? ': the file ends inside it' : ''}`, { statement: st.ref })));
    }
    st = null;
  };
  const handle = (t: { name: string; line: number; text: string }) => {
    const text = t.text.trim();
    switch (t.name) {
      case '20':
        closeStatement(false);
        statements++;
        st = { ref: text, line: t.line, account: null, currency: null, opening: null, openingLine: null, sum: 0n, entries: 0, closed: false };
        return;
      case '25':
        if (st) st.account = text;
        return;
      case '60F':
      case '60M': {
        if (!st) return;
        const m = BALANCE.exec(text.replace(/\s+/g, ''));
        const a = m ? amountOf(m[4]!) : null;
        if (!m || !a?.ok) {
          out.push(tally.found(finding('BAD_AMOUNT', { file, line: t.line, field: `:${t.name}:` }, `opening balance "${text}" cannot be read`, { value: text })));
          return;
        }
        st.currency = m[3]!;
        st.opening = BigInt(m[1] === 'D' ? -a.fen : a.fen);
        st.openingLine = t.line;
        return;
      }
      case '61': {
        flushEntry();
        if (!st) return;
        const reader = new RowReader(limits, t.line);
        const rec = blankRecord('mt940', { file, line: t.line, raw: '' });
        const [first, ...rest] = t.text.split('\n');
        const m = ENTRY.exec((first ?? '').trim());
        rec.account = st.account;
        rec.currency = st.currency ?? 'EUR';
        rec.type = 'transfer';
        rec.status = 'success';
        if (!m) {
          reader.error('BAD_ROW', ':61:', `entry "${first}" on line ${t.line} is not an MT940 statement line`, { value: (first ?? '').slice(0, 80) });
          rec.unmatchable = true;
        } else {
          const mark = m[3]!;
          rec.direction = mark === 'C' || mark === 'RD' || mark === 'EC' ? 'in' : 'out';
          const a = amountOf(m[5]!);
          if (a.ok) {
            rec.amountFen = a.fen;
            st.sum += BigInt(rec.direction === 'in' ? a.fen : -a.fen);
          } else {
            reader.error(a.reason === 'out_of_range' ? 'AMOUNT_OUT_OF_RANGE' : 'BAD_AMOUNT', ':61:', `amount "${m[5]}" on line ${t.line}: ${a.reason.replace(/_/g, ' ')}`, { value: m[5]!, reason: a.reason });
            rec.unmatchable = true;
          }
          rec.txnTime = dateOf(m[1]!, limits.timeZone);
          if (rec.txnTime === null) reader.error('BAD_DATE', ':61:', `value date "${m[1]}" on line ${t.line} is not a date`, { value: m[1]! });
          rec.statusRaw = m[6] ?? null;
          const [custRef, bankRef] = (m[7] ?? '').split('//');
          const cust = custRef?.trim();
          rec.txnId = bankRef?.trim() || (cust && cust !== 'NONREF' ? cust : null);
          if (cust && cust !== 'NONREF' && bankRef) rec.merchantOrderId = cust;
        }
        st.entries++;
        pending = { rec, reader, raw: [first, ...rest].join('\n') };
        return;
      }
      case '86':
        if (pending) pending.raw += `\n:86:${t.text}`;
        return;
      case '62F':
      case '62M': {
        flushEntry();
        if (!st) return;
        st.closed = true;
        const m = BALANCE.exec(text.replace(/\s+/g, ''));
        const a = m ? amountOf(m[4]!) : null;
        if (!m || !a?.ok) {
          out.push(tally.found(finding('BAD_AMOUNT', { file, line: t.line, field: `:${t.name}:` }, `closing balance "${text}" cannot be read`, { value: text })));
          return;
        }
        const closing = BigInt(m[1] === 'D' ? -a.fen : a.fen);
        if (st.opening === null) {
          out.push(tally.found(finding('BALANCE_BREAK', { file, line: t.line, field: ':60F:' }, `statement ${st.ref} has no opening balance to check its closing balance against`, { statement: st.ref }, 'warning')));
          return;
        }
        const expected = st.opening + st.sum;
        if (expected !== closing) {
          out.push(
            tally.found(
              finding('BALANCE_BREAK', { file, line: t.line, field: `:${t.name}:` }, `statement ${st.ref}: opening ${formatFen(st.opening)} + ${st.entries} entries ${formatFen(st.sum)} = ${formatFen(expected)}, but the closing balance is ${formatFen(closing)}`, {
                statement: st.ref,
                opening: formatFen(st.opening),
                entries: formatFen(st.sum),
                count: st.entries,
                expected: formatFen(expected),
                closing: formatFen(closing),
                difference: formatFen(closing - expected),
              }),
            ),
          );
        }
        return;
      }
      default:
        return;
    }
  };

  let meta: (ImportEvent & { type: 'meta' })['meta'] = { source: 'mt940', file, layout: 'mt940' };
  for await (const item of readText(input, limits)) {
    if (item.kind === 'encoding') {
      meta = { ...meta, encoding: item.encoding };
      yield { type: 'meta', meta };
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
      if (tag) handle(tag);
      closeStatement(true);
      if (statements === 0) out.push(tally.found(finding('UNKNOWN_LAYOUT', { file, line: 1 }, 'no MT940 statement (:20:) in the file', {})));
      yield* out.splice(0);
      yield { type: 'end', stats: tally.stats(item.bytes) };
      return;
    }
    // Block wrappers, bank header lines and DOS end-of-file marks (0x1A) carry nothing a statement needs.
    // eslint-disable-next-line no-control-regex -- NULs and the 0x1A end-of-file mark are exactly what is removed here
    const line = item.text.replace(/[\u0000-\u0008\u001a]/g, '').replace(/^\{1:[^}]*\}(\{2:[^}]*\})?(\{3:[^}]*\})?\{4:\s*$/, '').replace(/^-\}(\{5:[^}]*\})?\s*$/, '');
    const m = TAG.exec(line);
    if (m) {
      if (tag) handle(tag);
      tag = { name: m[1]!, line: item.line, text: m[2]! };
      if (tally.rows >= limits.maxRows) {
        yield tally.found(finding('TOO_MANY_ROWS', { file, line: item.line }, `more than ${limits.maxRows} entries; reading stopped`, { limit: limits.maxRows }));
        yield { type: 'end', stats: tally.stats(0) };
        return;
      }
    } else if (tag && line.trim() !== '' && line.trim() !== '-' && !/^[A-Z0-9]{8,11}$|^940( 00)?$|^0000 /.test(line.trim())) {
      // continuation of :86: (or :61:'s supplementary details); kept bounded like any line
      if (tag.text.length < 8192) tag.text += `\n${line}`;
    }
    yield* out.splice(0);
  }
}

