import { settlementRecord } from '../importers/balance-csv.ts';
import type { BalanceChecks, Difference, DifferenceKind, DifferenceRecord } from '../matching.ts';
import { balanceFromRow } from './balance-file.ts';
import { lit, type Duck } from './duck.ts';
import { wholeRecords, type Rereaders } from './records.ts';
import { toSafeNumber } from './schema.ts';

/** At most this many ledger records are attached to one account's difference (the sums count them all). */
export const RECORDS_PER_DIFFERENCE = 100;

/**
 * The checks of the card ledger against the card system's account balances (issue 13 item 4; the tender's
 * post-restore checks), on our side's in-day records (not carried in, duplicates' copies out, failed and closed
 * records out) and the day's account daily settlement (balance files, newest last; the newest file holding rows of
 * the day is the day's settlement):
 *
 * - `card-db-balance` (卡库不平), per settlement row: the card's balance — the balance after of its last in-day record
 *   (by card counter, then time), else the settlement's own card balance — ≠ the database's closing balance.
 * - `recharge-vs-increase`, per account: Σ the ledger's money in (recharges, subsidies, transfers in: direction in,
 *   not refunds) ≠ the settlement's increase.
 * - `consumption-vs-balance`, per account: Σ the ledger's money out net of refunds ≠ the consumption the balances
 *   imply, opening + increase − closing (the settlement's own consumption column is only reported alongside).
 *
 * An account the ledger moved and the settlement lacks is reported by the checks whose sums are not zero
 * (`params.snapshot = 'missing'`). Returns the differences with both sides' rows (the ledger's records; the settlement
 * rows as records of source `balance-csv`: opening as balance before, closing as balance after).
 */
export async function checkBalances(duck: Duck, spec: { day: string; balances?: string[] | null }, rereaders: Rereaders): Promise<{ differences: Difference[]; checks: BalanceChecks }> {
  const files = spec.balances ?? [];
  const none = { differences: [], checks: { status: 'no-snapshot' as const, rows: 0, accounts: 0, unattributed: 0 } };
  if (files.length === 0) return none;
  const all = files.map((f, i) => `SELECT ${i + 1} AS input, * FROM read_parquet(${lit(f)})`).join(' UNION ALL ');
  await duck.run(
    `CREATE TABLE bal AS
     WITH a AS (SELECT * FROM (${all}) WHERE day = ${lit(spec.day)})
     SELECT row_number() OVER (ORDER BY row_key) AS bk, * FROM a WHERE input = (SELECT max(input) FROM a)`,
  );
  const { rows } = await duck.one<{ rows: bigint }>(`SELECT count(*) AS rows FROM bal`);
  if (!rows) return none;

  // the day's ledger records, each attributed to an account (its own, else the settlement's account of its card)
  await duck.run(
    `CREATE TABLE bl AS
     SELECT l.k, coalesce(l.account, cm.account) AS acct, l.card, l.type, l.direction, l.amount_fen AS amt, l.balance_after_fen AS after,
            l.card_counter AS ctr, l.txn_time, l.file, l.line
     FROM l LEFT JOIN (SELECT card, min(account) AS account FROM bal WHERE card IS NOT NULL GROUP BY card) cm ON cm.card = l.card
     WHERE l.in_day AND NOT l.carried AND l.k NOT IN (SELECT k FROM dupx_l) AND l.status NOT IN ('failed', 'closed')`,
  );
  const inc = `direction = 'in' AND type <> 'refund'`;
  const out = `(direction = 'out' OR (direction = 'in' AND type = 'refund'))`;
  await duck.run(
    `CREATE TABLE bla AS
     SELECT acct,
            coalesce(sum(amt) FILTER (WHERE ${inc}), 0)::HUGEINT AS inc,
            coalesce(sum(CASE WHEN direction = 'out' THEN amt ELSE -amt END) FILTER (WHERE ${out}), 0)::HUGEINT AS cons,
            coalesce(list(k ORDER BY txn_time, file, line) FILTER (WHERE ${inc}), []) AS inc_ks,
            coalesce(list(k ORDER BY txn_time, file, line) FILTER (WHERE ${out}), []) AS cons_ks,
            max(txn_time) AS last_time
     FROM bl WHERE acct IS NOT NULL AND amt IS NOT NULL GROUP BY acct`,
  );
  await duck.run(
    `CREATE TABLE bsa AS
     SELECT account, sum(opening_fen)::HUGEINT AS opening, sum(recharge_fen)::HUGEINT AS recharge, sum(closing_fen)::HUGEINT AS closing,
            CASE WHEN count(consumption_fen) = count(*) THEN sum(consumption_fen)::HUGEINT END AS stated, list(bk ORDER BY bk) AS bks
     FROM bal GROUP BY account`,
  );
  const cap = `[1:${RECORDS_PER_DIFFERENCE}]`;
  const recharge = await duck.rows(
    `SELECT coalesce(s.account, a.acct) AS account, coalesce(a.inc, 0) AS ledger, s.recharge AS snap, coalesce(a.inc_ks, [])${cap} AS lks, len(coalesce(a.inc_ks, [])) AS n,
            coalesce(s.bks, []) AS bks, a.last_time
     FROM bsa s FULL OUTER JOIN bla a ON a.acct = s.account
     WHERE coalesce(a.inc, 0) <> coalesce(s.recharge, 0)
     ORDER BY 1`,
  );
  const consumption = await duck.rows(
    `SELECT coalesce(s.account, a.acct) AS account, coalesce(a.cons, 0) AS ledger, s.opening, s.recharge, s.closing, s.stated,
            s.opening + s.recharge - s.closing AS implied, coalesce(a.cons_ks, [])${cap} AS lks, len(coalesce(a.cons_ks, [])) AS n,
            coalesce(s.bks, []) AS bks, a.last_time
     FROM bsa s FULL OUTER JOIN bla a ON a.acct = s.account
     WHERE (s.account IS NULL AND coalesce(a.cons, 0) <> 0) OR (s.account IS NOT NULL AND coalesce(a.cons, 0) <> s.opening + s.recharge - s.closing)
     ORDER BY 1`,
  );
  // the card's balance: the last in-day record of the row's card (of the account when the row names no card)
  const last = (by: string) =>
    `SELECT * FROM (SELECT k, ${by} AS holder, after, txn_time,
                           row_number() OVER (PARTITION BY ${by} ORDER BY ctr DESC NULLS LAST, txn_time DESC NULLS LAST, file DESC, line DESC) AS rn
                    FROM bl WHERE after IS NOT NULL AND ${by} IS NOT NULL) WHERE rn = 1`;
  const cardDb = await duck.rows(
    `SELECT b.bk, b.account, b.card, b.closing_fen AS db, coalesce(c.after, a.after, b.card_balance_fen) AS card_balance,
            coalesce(c.k, a.k) AS lk, coalesce(c.txn_time, a.txn_time) AS txn_time
     FROM bal b LEFT JOIN (${last('card')}) c ON b.card IS NOT NULL AND c.holder = b.card
                LEFT JOIN (${last('acct')}) a ON b.card IS NULL AND a.holder = b.account
     WHERE coalesce(c.after, a.after, b.card_balance_fen) IS NOT NULL AND coalesce(c.after, a.after, b.card_balance_fen) <> b.closing_fen
     ORDER BY b.bk`,
  );
  const counts = await duck.one<{ accounts: bigint; unattributed: bigint }>(
    `SELECT (SELECT count(*) FROM bsa) AS accounts, (SELECT count(*) FROM bl WHERE acct IS NULL AND amt IS NOT NULL) AS unattributed`,
  );

  const keys = [...recharge, ...consumption].flatMap((r) => (r.lks as unknown[]).map(toSafeNumber));
  for (const r of cardDb) if (r.lk !== null) keys.push(toSafeNumber(r.lk));
  const ledger = await ledgerRecords(duck, keys, rereaders);
  const settlement = new Map((await duck.rows(`SELECT * FROM bal`)).map((b) => [toSafeNumber(b.bk), settlementRecord(balanceFromRow(b))]));
  const lefts = (ks: unknown) => (ks as unknown[]).map((k) => ledger.get(toSafeNumber(k))!).filter(Boolean);
  const rights = (bks: unknown) => (bks as unknown[]).map((k) => settlement.get(toSafeNumber(k))!).filter(Boolean);
  const n = (v: unknown) => (v === null || v === undefined ? null : toSafeNumber(v));
  const diff = (kind: DifferenceKind, d: Omit<Difference, 'kind' | 'amountFen'>): Difference => ({ kind, ...d, amountFen: Math.abs(d.deltaFen ?? 0) });

  const differences: Difference[] = [
    ...cardDb.map((r) => {
      const card = n(r.card_balance)!;
      const db = n(r.db)!;
      return diff('card-db-balance', {
        left: r.lk === null ? [] : lefts([r.lk]),
        right: rights([r.bk]),
        fields: ['balanceAfterFen'],
        deltaFen: card - db,
        txnTime: n(r.txn_time),
        account: String(r.account),
        params: { day: spec.day, card: (r.card as string | null) ?? null, cardBalance: card, dbBalance: db, cardBalanceFrom: r.lk === null ? 'snapshot' : 'ledger' },
      });
    }),
    ...consumption.map((r) => {
      const missing = r.opening === null;
      const ledgerFen = n(r.ledger)!;
      const implied = n(r.implied);
      return diff('consumption-vs-balance', {
        left: lefts(r.lks),
        right: rights(r.bks),
        fields: [],
        deltaFen: ledgerFen - (implied ?? 0),
        txnTime: n(r.last_time),
        account: String(r.account),
        params: {
          day: spec.day,
          ledgerConsumption: ledgerFen,
          impliedConsumption: implied,
          opening: n(r.opening),
          increase: n(r.recharge),
          closing: n(r.closing),
          statedConsumption: n(r.stated),
          ledgerRecords: n(r.n),
          snapshot: missing ? 'missing' : 'present',
        },
      });
    }),
    ...recharge.map((r) => {
      const ledgerFen = n(r.ledger)!;
      const snap = n(r.snap);
      return diff('recharge-vs-increase', {
        left: lefts(r.lks),
        right: rights(r.bks),
        fields: [],
        deltaFen: ledgerFen - (snap ?? 0),
        txnTime: n(r.last_time),
        account: String(r.account),
        params: { day: spec.day, ledgerIncrease: ledgerFen, snapshotIncrease: snap, ledgerRecords: n(r.n), snapshot: snap === null ? 'missing' : 'present' },
      });
    }),
  ];
  return { differences, checks: { status: 'checked', rows: toSafeNumber(rows), accounts: toSafeNumber(counts.accounts), unattributed: toSafeNumber(counts.unattributed) } };
}

/** Our side's records by key, whole, as a difference shows them. */
async function ledgerRecords(duck: Duck, keys: number[], rereaders: Rereaders): Promise<Map<number, DifferenceRecord>> {
  const map = new Map<number, DifferenceRecord>();
  if (keys.length === 0) return map;
  for (const [k, { rowKey: _rowKey, ...record }] of await wholeRecords(duck, 'l', [...new Set(keys)].join(', '), rereaders)) map.set(k, record);
  return map;
}
