/**
 * The UnionPay settlement layout opsdesk reads (README.md, "UnionPay fixed-width settlement file"): one record per
 * line, fields at fixed byte positions, ASCII only. Positions are 1-based as in the README table; `width` in bytes.
 */
export interface FixedField {
  name: string;
  start: number;
  width: number;
}

const layout = (fields: [string, number][]): { fields: FixedField[]; length: number } => {
  let start = 1;
  const out = fields.map(([name, width]) => {
    const f = { name, start, width };
    start += width;
    return f;
  });
  return { fields: out, length: start - 1 };
};

export const HEADER = layout([
  ['recordType', 1], // 'H'
  ['acquirer', 11], // acquiring institution code
  ['settleDate', 8], // YYYYMMDD
  ['currency', 3], // ISO 4217 numeric, 156 = CNY
  ['version', 4], // 'V1.0'
]);

export const DETAIL = layout([
  ['recordType', 1], // 'D'
  ['traceNo', 6], // system trace audit number
  ['rrn', 12], // retrieval reference number: the transaction id
  ['txnTime', 14], // YYYYMMDDhhmmss, local time
  ['pan', 19], // card number as sent (masked), left-aligned
  ['amount', 12], // fen, zero-padded
  ['txnCode', 4], // S000 sale, R000 refund, V000 void, P000 pre-auth completion
  ['dc', 1], // C credit to the merchant, D debit
  ['fee', 12], // fen, zero-padded
  ['merchantId', 15],
  ['terminalId', 8],
  ['orderId', 32], // merchant order id, left-aligned
  ['respCode', 2], // 00 approved
]);

export const TRAILER = layout([
  ['recordType', 1], // 'T'
  ['count', 10], // detail records
  ['amountSum', 16], // Σ amount of C records − Σ amount of D records, fen, sign in front ('+'/'-')
  ['feeSum', 16], // Σ fee, fen
]);

export function cut(line: string, fields: FixedField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.name] = line.slice(f.start - 1, f.start - 1 + f.width);
  return out;
}

/** Writes a record (used by tests and by anyone making sample files). */
export function pad(values: Record<string, string>, fields: FixedField[], numeric: string[] = []): string {
  return fields.map((f) => (numeric.includes(f.name) ? (values[f.name] ?? '').padStart(f.width, '0') : (values[f.name] ?? '').padEnd(f.width, ' ')).slice(0, f.width)).join('');
}
