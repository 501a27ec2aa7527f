import type { DayWindow } from './day.ts';
import type { Duck } from './duck.ts';
import { ID_PAIRS } from './phases.ts';

/**
 * Classification: every record of the day in scope ends matched (in `m`), proposed (in `p`), carried to the next
 * day, or in exactly one difference row of `d` (kind, our keys, their keys, differing fields, delta, amount at stake,
 * time, account, params as JSON). The one-side checks of the card ledger (balances, counters) add their own rows.
 *
 * - amount-mismatch: a confirmed one-to-one pair whose amounts differ (delta = ours − theirs; a status difference
 *   is listed in `fields` too); status-mismatch: equal amounts, different folded status (neither `unknown`).
 * - duplicate: the same own id, direction, type and refund id twice or more on one side; all copies are shown, the
 *   first took part in matching, the amount at stake is the copies' sum beyond the first.
 * - carried out (not a difference): unmatched, not itself carried in, matchable, and within the carry window before
 *   the side's cut-off.
 * - out-of-window: unmatched, and an id partner exists on the other side outside its business day.
 * - missing-theirs (短款) / missing-ours (长款): what is left of ours / theirs, including unmatchable records
 *   (params.unmatchable) and carried-in records that found no partner on their second day (params.carried).
 * - balance-break: a ledger row whose balance before ± amount ≠ balance after; or two rows of one card with
 *   consecutive counters where the first's balance after ≠ the second's balance before (params.check = continuity).
 * - counter-gap: two rows of one card whose counters are not consecutive (params.from/to: the missing counters).
 */
export async function classify(duck: Duck, windows: { l: DayWindow; r: DayWindow }, carryWindowMs: number): Promise<void> {
  await duck.run(
    `CREATE TABLE d (kind VARCHAR, lks BIGINT[], rks BIGINT[], fields VARCHAR[], delta BIGINT, amount BIGINT, txn_time BIGINT, account VARCHAR, params VARCHAR)`,
  );
  // pairs whose amounts or statuses disagree
  await duck.run(
    `CREATE TABLE mo AS
     SELECT m.lk, m.rk, m.how, l.amount_fen AS la, r.amount_fen AS ra, l.status AS ls, r.status AS rs, l.txn_time AS lt, l.acct,
       CASE WHEN m.how IN ('id', 'key') AND l.amount_fen <> r.amount_fen THEN 'amount-mismatch'
            WHEN m.how IN ('id', 'key') AND l.status <> r.status AND l.status <> 'unknown' AND r.status <> 'unknown' THEN 'status-mismatch'
            ELSE 'matched' END AS outcome
     FROM m JOIN pl0 l ON l.k = m.lk JOIN pr0 r ON r.k = m.rk`,
  );
  await duck.run(
    `INSERT INTO d SELECT outcome, [lk], [rk],
       CASE WHEN la <> ra THEN ['amountFen'] ELSE [] END || CASE WHEN ls <> rs THEN ['status'] ELSE [] END,
       CASE WHEN outcome = 'amount-mismatch' THEN la - ra ELSE la END,
       CASE WHEN outcome = 'amount-mismatch' THEN abs(la - ra) ELSE la END,
       lt, acct, json_object('how', how, 'ours', la::VARCHAR, 'theirs', ra::VARCHAR, 'ourStatus', ls, 'theirStatus', rs)::VARCHAR
     FROM mo WHERE outcome <> 'matched'`,
  );
  for (const side of ['l', 'r'] as const) {
    await duck.run(
      `INSERT INTO d SELECT 'duplicate', ${side === 'l' ? 'g.ks' : '[]'}, ${side === 'r' ? 'g.ks' : '[]'}, [], NULL,
         coalesce(sum(s.amount_fen) FILTER (WHERE s.k <> g.ks[1]), 0), min(s.txn_time) FILTER (WHERE s.k = g.ks[1]), NULL,
         json_object('copies', len(g.ks))::VARCHAR
       FROM dup_${side} g JOIN (SELECT gid, unnest(ks) AS k FROM dup_${side}) mem ON mem.gid = g.gid JOIN ${side} s ON s.k = mem.k
       GROUP BY g.gid, g.ks`,
    );
  }
  // what no phase took: the day's records in scope, minus matched, proposed and duplicate copies
  for (const side of ['l', 'r'] as const) {
    const key = side === 'l' ? 'lk' : 'rk';
    await duck.run(
      `CREATE TABLE u${side} AS SELECT * FROM s${side}
       WHERE k NOT IN (SELECT ${key} FROM m) AND k NOT IN (SELECT unnest(${key}) FROM p) AND k NOT IN (SELECT k FROM dupx_${side})`,
    );
    const w = windows[side];
    await duck.run(
      `CREATE TABLE carry_${side} AS SELECT k FROM u${side}
       WHERE NOT carried AND NOT unmatchable AND amount_fen IS NOT NULL AND txn_time >= ${w.end - carryWindowMs} AND txn_time < ${w.end}`,
    );
  }
  // out-of-window: an id partner on the other side, outside that side's day
  const oow = (us: 'l' | 'r', them: 'l' | 'r') =>
    ID_PAIRS.map(([lc, rc]) => {
      const [uc, tc] = us === 'l' ? [lc, rc] : [rc, lc];
      return `SELECT u.k AS uk, t.k AS tk FROM u${us} u JOIN ${them} t ON u.${uc} = t.${tc} AND u.direction = t.direction
              WHERE NOT t.in_day AND NOT u.unmatchable AND u.k NOT IN (SELECT k FROM carry_${us})`;
    }).join(' UNION ALL ');
  await duck.run(`CREATE TABLE oow_l AS SELECT uk, min(tk) AS tk FROM (${oow('l', 'r')}) GROUP BY uk`);
  await duck.run(`CREATE TABLE oow_r AS SELECT uk, min(tk) AS tk FROM (${oow('r', 'l')}) GROUP BY uk`);
  await duck.run(
    `INSERT INTO d SELECT 'out-of-window', [o.uk], [o.tk], ['txnTime'], u.amount_fen, u.amount_fen, u.txn_time, coalesce(u.account, u.card),
       json_object('ourTime', u.txn_time, 'theirTime', t.txn_time, 'side', 'ours')::VARCHAR
     FROM oow_l o JOIN l u ON u.k = o.uk JOIN r t ON t.k = o.tk`,
  );
  await duck.run(
    `INSERT INTO d SELECT 'out-of-window', [o.tk], [o.uk], ['txnTime'], u.amount_fen, u.amount_fen, u.txn_time, coalesce(u.account, u.card),
       json_object('ourTime', t.txn_time, 'theirTime', u.txn_time, 'side', 'theirs')::VARCHAR
     FROM oow_r o JOIN r u ON u.k = o.uk JOIN l t ON t.k = o.tk`,
  );
  for (const side of ['l', 'r'] as const) {
    const kind = side === 'l' ? 'missing-theirs' : 'missing-ours';
    await duck.run(
      `INSERT INTO d SELECT '${kind}', ${side === 'l' ? '[k]' : '[]'}, ${side === 'r' ? '[k]' : '[]'}, [], amount_fen, coalesce(amount_fen, 0), txn_time,
         coalesce(account, card), json_object('unmatchable', unmatchable, 'carried', carried)::VARCHAR
       FROM u${side} WHERE k NOT IN (SELECT k FROM carry_${side}) AND k NOT IN (SELECT uk FROM oow_${side})`,
    );
  }
}

/** The card ledger's own checks, on our side's records of the day (all of them, not only the channel's; copies out). */
export async function checkLedger(duck: Duck): Promise<void> {
  await duck.run(
    `INSERT INTO d SELECT 'balance-break', [k], [], ['balanceAfterFen'], balance_after_fen - expected, abs(balance_after_fen - expected), txn_time,
       coalesce(card, account),
       json_object('check', 'row', 'before', balance_before_fen, 'amount', amount_fen, 'expected', expected, 'after', balance_after_fen)::VARCHAR
     FROM (SELECT *, balance_before_fen + CASE direction WHEN 'in' THEN amount_fen ELSE -amount_fen END AS expected FROM l
           WHERE in_day AND direction IN ('in', 'out') AND balance_before_fen IS NOT NULL AND balance_after_fen IS NOT NULL AND amount_fen IS NOT NULL
             AND k NOT IN (SELECT k FROM dupx_l))
     WHERE expected <> balance_after_fen`,
  );
  await duck.run(
    `CREATE TABLE seq AS
     SELECT * FROM (
       SELECT k, holder, card_counter AS c, balance_before_fen AS b, txn_time,
              lag(k) OVER w AS pk, lag(card_counter) OVER w AS pc, lag(balance_after_fen) OVER w AS pa
       FROM (SELECT *, coalesce(card, account) AS holder FROM l
             WHERE in_day AND card_counter IS NOT NULL AND coalesce(card, account) IS NOT NULL AND k NOT IN (SELECT k FROM dupx_l))
       WINDOW w AS (PARTITION BY holder ORDER BY card_counter, file, line))
     WHERE pk IS NOT NULL AND (c > pc + 1 OR (c = pc + 1 AND b IS NOT NULL AND pa IS NOT NULL AND b <> pa))`,
  );
  await duck.run(
    `INSERT INTO d SELECT 'counter-gap', [pk, k], [], ['cardCounter'], NULL, 0, txn_time, holder,
       json_object('from', pc + 1, 'to', c - 1, 'missing', c - pc - 1)::VARCHAR
     FROM seq WHERE c > pc + 1`,
  );
  await duck.run(
    `INSERT INTO d SELECT 'balance-break', [pk, k], [], ['balanceBeforeFen'], b - pa, abs(b - pa), txn_time, holder,
       json_object('check', 'continuity', 'previousAfter', pa, 'before', b)::VARCHAR
     FROM seq WHERE c = pc + 1`,
  );
}
