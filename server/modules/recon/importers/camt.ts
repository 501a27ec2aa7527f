import { SaxesParser } from 'saxes';
import { toBuffer } from './bytes.ts';
import { limitsOf, type ByteSource, type ImportEvent, type ImportOptions } from './events.ts';
import { finding, type Finding } from './findings.ts';
import { formatFen, parseMoney } from './money.ts';
import { blankRecord, capRaw, type NormalizedRecord } from './record.ts';
import { RowReader, settle, Tally } from './row-reader.ts';
import { parseDateTime } from './time.ts';

/**
 * ISO 20022 bank-to-customer statements (camt.053, any version: 001.02 … 001.08) and debit/credit notifications
 * (camt.054), read with saxes as a stream. saxes never reads a DTD, expands a declared entity or fetches anything;
 * on top of that a DOCTYPE is refused outright (XML_DOCTYPE), so an entity bomb or an external entity ends the file
 * with a finding. Depth and text size are bounded. Per statement, opening (OPBD, else PRCD) + booked entries must
 * equal closing (CLBD), else BALANCE_BREAK. Element names are matched without prefix, so every version reads alike.
 */
const MAX_DEPTH = 64;
const MAX_TEXT = 64 * 1024;

interface Stmt {
  id: string | null;
  line: number;
  account: string | null;
  currency: string | null;
  balances: { code: string; fen: bigint | null; ccy: string | null; line: number }[];
  sum: bigint;
  booked: number;
  currencies: Set<string>;
}

interface Entry {
  line: number;
  amount: string | null;
  ccy: string | null;
  cdtDbt: string | null;
  reversal: boolean;
  status: string | null;
  booking: string | null;
  value: string | null;
  refs: Record<string, string>;
  info: string[];
}

export async function* importCamt(input: ByteSource, options: ImportOptions): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  const tally = new Tally();
  const out: ImportEvent[] = [];
  const parser = new SaxesParser({ xmlns: false, position: true });
  const path: string[] = [];
  let text = '';
  let stopped = false;
  let kind: 'camt053' | 'camt054' | null = null;
  let version = '';
  let stmt: Stmt | null = null;
  let entry: Entry | null = null;
  let bal: { code: string | null; amount: string | null; ccy: string | null; cd: string | null; line: number } | null = null;
  let entryXml: string[] = [];

  const stop = (f: Finding) => {
    if (stopped) return;
    stopped = true;
    out.push(tally.found(f));
  };
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  const at = (...tail: string[]) => tail.every((t, i) => path[path.length - tail.length + i] === t);

  parser.on('doctype', () => stop(finding('XML_DOCTYPE', { file, line: parser.line }, 'the document declares a DOCTYPE; DTDs and entities are refused, nothing was expanded or fetched', {})));
  parser.on('error', (e) => stop(finding(/entity/i.test(e.message) ? 'XML_DOCTYPE' : 'XML_MALFORMED', { file, line: parser.line }, `the XML cannot be read: ${e.message.split('\n')[0]}`, { reason: e.message.split('\n')[0]!.slice(0, 200) })));
  parser.on('opentag', (tag) => {
    if (stopped) return;
    const name = local(tag.name);
    path.push(name);
    text = '';
    if (path.length > MAX_DEPTH) return stop(finding('XML_TOO_DEEP', { file, line: parser.line }, `elements nest deeper than ${MAX_DEPTH}`, { limit: MAX_DEPTH }));
    if (path.length === 1) {
      const ns = String(tag.attributes.xmlns ?? '');
      const m = /camt\.(053|054)\.(\d{3}\.\d{2})/.exec(ns);
      if (name !== 'Document' || !m) return stop(finding('UNKNOWN_LAYOUT', { file, line: parser.line }, `not a camt.053/054 document (root ${name}, namespace "${ns}")`, { root: name, namespace: ns.slice(0, 200) }));
      kind = m[1] === '053' ? 'camt053' : 'camt054';
      version = `camt.${m[1]}.${m[2]}`;
    }
    if (name === 'Stmt' || name === 'Ntfctn' || name === 'Rpt') stmt = { id: null, line: parser.line, account: null, currency: null, balances: [], sum: 0n, booked: 0, currencies: new Set() };
    else if (name === 'Bal' && stmt) bal = { code: null, amount: null, ccy: null, cd: null, line: parser.line };
    else if (name === 'Ntry' && stmt) {
      entry = { line: parser.line, amount: null, ccy: null, cdtDbt: null, reversal: false, status: null, booking: null, value: null, refs: {}, info: [] };
      entryXml = [];
    }
    if (name === 'Amt' && (entry || bal) && tag.attributes.Ccy) {
      const ccy = String(tag.attributes.Ccy);
      if (bal && at('Bal', 'Amt')) bal.ccy = ccy;
      else if (entry && at('Ntry', 'Amt')) entry.ccy = ccy;
    }
  });
  parser.on('text', (t) => {
    if (stopped) return;
    if (text.length + t.length > MAX_TEXT) return stop(finding('LINE_TOO_LONG', { file, line: parser.line }, `an element's text is longer than ${MAX_TEXT} characters`, { limit: MAX_TEXT }));
    text += t;
  });
  parser.on('closetag', () => {
    if (stopped) return;
    const v = text.trim();
    const name = path[path.length - 1]!;
    if (stmt && !entry && !bal && v) {
      if (at('Stmt', 'Id') || at('Ntfctn', 'Id') || at('Rpt', 'Id')) stmt.id = v;
      else if (at('Acct', 'Id', 'IBAN') || at('Acct', 'Id', 'Othr', 'Id')) stmt.account ??= v;
      else if (at('Acct', 'Ccy')) stmt.currency = v;
    }
    if (bal && v) {
      if (at('Tp', 'CdOrPrtry', 'Cd')) bal.code = v;
      else if (at('Bal', 'Amt')) bal.amount = v;
      else if (at('Bal', 'CdtDbtInd')) bal.cd = v;
    }
    // A parent's closing tag sees only whitespace: only non-empty text is taken.
    if (entry && v) {
      entryXml.push(`${name}=${v}`);
      if (at('Ntry', 'Amt')) entry.amount = v;
      else if (at('Ntry', 'CdtDbtInd')) entry.cdtDbt = v;
      else if (at('Ntry', 'RvslInd')) entry.reversal = v === 'true';
      else if (at('Ntry', 'Sts') || at('Ntry', 'Sts', 'Cd')) entry.status = v;
      else if (at('BookgDt', 'Dt') || at('BookgDt', 'DtTm')) entry.booking = v;
      else if (at('ValDt', 'Dt') || at('ValDt', 'DtTm')) entry.value = v;
      else if (at('Ntry', 'AcctSvcrRef') || at('Ntry', 'NtryRef')) entry.refs[name] ??= v;
      else if (at('Refs', name)) entry.refs[name] ??= v;
      else if (at('RmtInf', 'Ustrd')) entry.info.push(v);
    }
    if (name === 'Bal' && bal && stmt) {
      const a = bal.amount === null ? null : parseMoney(bal.amount);
      if (!a?.ok) out.push(tally.found(finding('BAD_AMOUNT', { file, line: bal.line, field: `Bal/${bal.code}` }, `balance ${bal.code} "${bal.amount}" cannot be read exactly`, { value: bal.amount ?? '' })));
      stmt.balances.push({ code: bal.code ?? '', fen: a?.ok ? BigInt(bal.cd === 'DBIT' ? -a.fen : a.fen) : null, ccy: bal.ccy, line: bal.line });
      bal = null;
    } else if (name === 'Ntry' && entry && stmt) {
      emitEntry(entry, stmt);
      entry = null;
    } else if ((name === 'Stmt' || name === 'Ntfctn' || name === 'Rpt') && stmt) {
      checkStatement(stmt);
      stmt = null;
    }
    path.pop();
    text = '';
  });

  function emitEntry(e: Entry, s: Stmt) {
    const r = new RowReader(limits, e.line);
    const rec: NormalizedRecord = blankRecord(kind ?? 'camt053', { file, line: e.line, raw: '' });
    rec.account = s.account;
    rec.currency = e.ccy ?? s.currency ?? 'EUR';
    rec.type = 'transfer';
    const credit = e.cdtDbt === 'CRDT';
    rec.direction = credit !== e.reversal ? 'in' : 'out';
    rec.amountFen = r.money(e.amount ?? '', 'Ntry/Amt', { required: true });
    rec.statusRaw = e.status;
    rec.status = e.status === 'BOOK' ? 'success' : e.status === 'PDNG' ? 'processing' : e.status === 'INFO' ? 'unknown' : 'unknown';
    const when = e.booking ?? e.value;
    rec.txnTime = when === null ? null : parseDateTime(when, limits.timeZone);
    if (rec.txnTime === null) {
      r.error('BAD_DATE', 'BookgDt', `entry on line ${e.line} has no readable booking or value date ("${when ?? ''}")`, { value: when ?? '' });
      rec.unmatchable = true;
    }
    rec.txnId = r.id(e.refs.AcctSvcrRef ?? e.refs.NtryRef ?? e.refs.TxId, 'AcctSvcrRef');
    rec.merchantOrderId = r.id(e.refs.EndToEndId && e.refs.EndToEndId !== 'NOTPROVIDED' ? e.refs.EndToEndId : undefined, 'EndToEndId');
    rec.thirdPartyOrderId = r.id(e.refs.InstrId ?? e.refs.PmtInfId, 'InstrId');
    if (rec.amountFen !== null && rec.status === 'success' && (e.status === 'BOOK' || e.status === null)) {
      s.sum += BigInt(rec.direction === 'in' ? rec.amountFen : -rec.amountFen);
      s.booked++;
      s.currencies.add(rec.currency);
    }
    settle(rec, r);
    for (const f of r.findings) out.push(tally.found(f));
    out.push(tally.record(rec, capRaw(entryXml.join('; '))));
  }

  function checkStatement(s: Stmt) {
    if (kind !== 'camt053') return;
    const opening = s.balances.find((b) => b.code === 'OPBD') ?? s.balances.find((b) => b.code === 'PRCD');
    const closing = s.balances.find((b) => b.code === 'CLBD');
    const where = { file, line: closing?.line ?? s.line, field: 'CLBD' };
    if (!opening || !closing) {
      out.push(tally.found(finding('BALANCE_BREAK', where, `statement ${s.id ?? ''} lacks an opening (OPBD/PRCD) or closing (CLBD) balance to check`, { statement: s.id ?? '' }, 'warning')));
      return;
    }
    if (opening.fen === null || closing.fen === null) return;
    const ccys = new Set([opening.ccy, closing.ccy, ...s.currencies].filter((c) => c !== null));
    const expected = opening.fen + s.sum;
    if (ccys.size > 1) {
      out.push(tally.found(finding('BALANCE_BREAK', where, `statement ${s.id ?? ''} mixes currencies (${[...ccys].join(', ')}) between balances and entries; it cannot add up`, { statement: s.id ?? '', currencies: [...ccys].join(',') })));
    } else if (expected !== closing.fen) {
      out.push(
        tally.found(
          finding('BALANCE_BREAK', where, `statement ${s.id ?? ''}: opening ${formatFen(opening.fen)} + ${s.booked} booked entries ${formatFen(s.sum)} = ${formatFen(expected)}, but the closing balance is ${formatFen(closing.fen)}`, {
            statement: s.id ?? '',
            opening: formatFen(opening.fen),
            entries: formatFen(s.sum),
            count: s.booked,
            expected: formatFen(expected),
            closing: formatFen(closing.fen),
            difference: formatFen(closing.fen - expected),
          }),
        ),
      );
    }
  }

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let metaSent = false;
  try {
    for await (const chunk of input) {
      const b = toBuffer(chunk);
      bytes += b.length;
      if (bytes > limits.maxFileBytes) {
        stop(finding('FILE_TOO_LARGE', { file }, `the file is larger than ${limits.maxFileBytes} bytes; reading stopped`, { limit: limits.maxFileBytes }));
        break;
      }
      let s: string;
      try {
        s = decoder.decode(b, { stream: true });
      } catch {
        stop(finding('BAD_ENCODING', { file, line: parser.line }, 'the XML is not valid UTF-8', { encoding: 'utf8' }));
        break;
      }
      if (!stopped) parser.write(s.replace(/^\uFEFF/, ''));
      if (!metaSent && kind) {
        metaSent = true;
        yield { type: 'meta', meta: { source: kind, file, layout: version, encoding: { name: 'utf8', reason: 'format' } } };
      }
      yield* out.splice(0);
      if (stopped) break;
    }
    if (!stopped && path.length > 0) stop(finding('TRUNCATED', { file, line: parser.line }, `the document ends inside <${path.join('/')}>`, { open: path.join('/') }));
    if (!stopped) parser.close();
  } catch {
    // saxes reports through its error handler; a throw after that is the same error
  }
  if (!kind && !stopped) out.push(tally.found(finding('UNKNOWN_LAYOUT', { file, line: 1 }, 'no camt document in the file', {})));
  yield* out.splice(0);
  yield { type: 'end', stats: tally.stats(bytes) };
}
