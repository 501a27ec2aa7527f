import type { MatchTolerances } from '../matching.ts';
import type { Duck } from './duck.ts';

/**
 * The matching phases, in SQL over the tables the load phase built. Each phase takes what the earlier ones left in
 * the pools `pl`/`pr` (unmatched, matchable records of the day in scope) and adds confirmed matches to `m`
 * (lk, rk, how, grp, score, reasons) or proposals to `p`; then the pools lose what was taken. `pl0`/`pr0` keep what
 * the outcomes and the pairs file read of every pooled record (amount, status, time, holder, file, line, row key).
 *
 * Money is compared as BIGINT fen; percentages as integer parts per million of the larger amount (HUGEINT), so no
 * tolerance is ever computed in floating point.
 */

/** Id pairs tried in order: (our column, their column, reason). A column listed in lostIds is already NULL. */
export const ID_PAIRS: [string, string, string][] = [
  ['merchant_order_id', 'merchant_order_id', 'same-merchant-order-id'],
  ['channel_order_id', 'txn_id', 'same-channel-order-id'],
  ['third_party_order_id', 'third_party_order_id', 'same-third-party-order-id'],
  ['refund_id', 'refund_id', 'same-refund-id'],
  ['merchant_refund_id', 'merchant_refund_id', 'same-merchant-refund-id'],
];

const POOL_COLUMNS = 'k, merchant_order_id, channel_order_id, third_party_order_id, refund_id, merchant_refund_id, txn_id, direction, amount_fen, txn_time, status, card';

export async function createPools(duck: Duck, leftScope: string): Promise<void> {
  // duplicates: the same transaction twice on one side (same own id, direction, type and refund id); the first by
  // file and line takes part in matching, the others are reported
  for (const [side, scope] of [['l', leftScope], ['r', 'true']] as const) {
    await duck.run(`CREATE VIEW s${side} AS SELECT * FROM ${side} WHERE in_day AND (${scope})`);
    await duck.run(
      `CREATE TABLE dup_${side} AS
       WITH keyed AS (
         SELECT k, file, line, coalesce(txn_id, merchant_order_id) AS dk, direction, type, coalesce(merchant_refund_id, refund_id, '') AS rf,
                hash(coalesce(txn_id, merchant_order_id), direction, type, coalesce(merchant_refund_id, refund_id, '')) AS h
         FROM s${side} WHERE coalesce(txn_id, merchant_order_id) IS NOT NULL),
       hot AS (SELECT h FROM keyed GROUP BY h HAVING count(*) > 1)
       SELECT row_number() OVER () AS gid, ks FROM (
         SELECT list(k ORDER BY file, line) AS ks FROM keyed WHERE h IN (SELECT h FROM hot)
         GROUP BY dk, direction, type, rf HAVING count(*) > 1)`,
    );
    await duck.run(`CREATE TABLE dupx_${side} AS SELECT unnest(ks[2:]) AS k FROM dup_${side}`);
    await duck.run(
      `CREATE TABLE p${side} AS SELECT ${POOL_COLUMNS}, coalesce(account, card) AS acct, file, line, row_key FROM s${side}
       WHERE NOT unmatchable AND amount_fen IS NOT NULL AND txn_time IS NOT NULL AND k NOT IN (SELECT k FROM dupx_${side})`,
    );
    // what the outcomes and the pairs file need of every record that can be matched, kept as the pools shrink
    await duck.run(`CREATE TABLE p${side}0 AS SELECT k, amount_fen, status, txn_time, acct, file, line, row_key FROM p${side}`);
  }
  await duck.run(`CREATE TABLE m (lk BIGINT, rk BIGINT, how VARCHAR, grp BIGINT, score DOUBLE, reasons VARCHAR[])`);
  await duck.run(`CREATE TABLE p (lk BIGINT[], rk BIGINT[], score DOUBLE, reasons VARCHAR[])`);
}

/** The pools lose the records a phase just matched or proposed (`taken`: a query of lk, rk). */
async function shrinkPools(duck: Duck, taken: string): Promise<void> {
  await duck.run(`DELETE FROM pl WHERE k IN (SELECT lk FROM (${taken}))`);
  await duck.run(`DELETE FROM pr WHERE k IN (SELECT rk FROM (${taken}))`);
}

/**
 * By id, one pair of columns at a time. A candidate pair must share the id and the direction. Where an id joins one
 * record to several (a side's two records with one order id), the mutually best pair wins (equal amount, equal
 * status, nearest time); the others stay in the pools. A pair whose other ids contradict (the ledger's channel order
 * id is not the bill's) is proposed, not confirmed.
 */
export async function matchById(duck: Duck): Promise<void> {
  for (const [lc, rc, reason] of ID_PAIRS) {
    const others = ID_PAIRS.filter(([a]) => a !== lc);
    const agree = others.map(([a, b, why]) => `CASE WHEN l.${a} = r.${b} THEN ['${why}'] ELSE [] END`).join(' || ');
    const conflict = others.map(([a, b]) => `(l.${a} IS NOT NULL AND r.${b} IS NOT NULL AND l.${a} <> r.${b})`).join(' OR ');
    await duck.run(
      `CREATE OR REPLACE TABLE c AS
       SELECT l.k AS lk, r.k AS rk, (l.amount_fen = r.amount_fen) AS same_amount, (l.status = r.status) AS same_status,
              abs(r.txn_time - l.txn_time) AS dt, ['${reason}'] || ${agree} AS reasons, (${conflict}) AS conflict
       FROM pl l JOIN pr r ON l.${lc} = r.${rc} AND l.direction = r.direction`,
    );
    // almost every id joins one to one; only the records an id joins to several are ranked (a sort, kept small)
    await duck.run(
      `CREATE OR REPLACE TABLE c AS
       WITH al AS (SELECT lk FROM c GROUP BY lk HAVING count(*) > 1), ar AS (SELECT rk FROM c GROUP BY rk HAVING count(*) > 1),
            amb AS (SELECT * FROM c WHERE lk IN (SELECT lk FROM al) OR rk IN (SELECT rk FROM ar))
       SELECT * EXCLUDE (bl, br) FROM (
         SELECT *, row_number() OVER (PARTITION BY lk ORDER BY same_amount DESC, same_status DESC, dt, rk) AS bl,
                   row_number() OVER (PARTITION BY rk ORDER BY same_amount DESC, same_status DESC, dt, lk) AS br
         FROM amb) WHERE bl = 1 AND br = 1
       UNION ALL
       SELECT * FROM c WHERE lk NOT IN (SELECT lk FROM al) AND rk NOT IN (SELECT rk FROM ar)`,
    );
    await duck.run(`INSERT INTO m SELECT lk, rk, 'id', NULL, 1.0, reasons FROM c WHERE NOT conflict`);
    await duck.run(`INSERT INTO p SELECT [lk], [rk], 0.5, reasons || ['conflicting-ids'] FROM c WHERE conflict`);
    await shrinkPools(duck, 'SELECT lk, rk FROM c');
  }
}

/** The tolerance test and the time window as SQL over `l`/`r` pool rows. */
function keyConditions(t: MatchTolerances): { time: string; amount: string } {
  const w = Math.max(0, Math.floor(t.timeWindowMs));
  const time =
    t.timeDirection === 'right-after-left'
      ? `r.txn_time BETWEEN l.txn_time AND l.txn_time + ${w}`
      : t.timeDirection === 'right-before-left'
        ? `r.txn_time BETWEEN l.txn_time - ${w} AND l.txn_time`
        : `r.txn_time BETWEEN l.txn_time - ${w} AND l.txn_time + ${w}`;
  const abs = Math.max(0, Math.floor(t.amountAbsFen));
  const ppm = Math.max(0, Math.round(t.amountPct * 10_000));
  const amount = `(abs(l.amount_fen - r.amount_fen) <= ${abs} OR abs(l.amount_fen - r.amount_fen)::HUGEINT * 1000000 <= ${ppm}::HUGEINT * greatest(l.amount_fen, r.amount_fen))`;
  return { time, amount };
}

/**
 * By composite key, one to one: same direction, time inside the window (and its direction), amount within the
 * tolerances, the same card when both sides carry one. Score (0..1) = 0.4 amount (1 when equal, falling to 0 at the
 * tolerance) + 0.3 time (1 at the same instant, 0 at the window's edge) + 0.15 same status + 0.15 same card (0.075
 * when a side has none). Mutually best pairs at or above `autoConfirm` are confirmed, the others proposed.
 */
export async function matchByKey(duck: Duck, t: MatchTolerances, autoConfirm: number): Promise<void> {
  const { time, amount } = keyConditions(t);
  const w = Math.max(1, Math.floor(t.timeWindowMs));
  const ppm = Math.max(0, Math.round(t.amountPct * 10_000));
  const abs = Math.max(0, Math.floor(t.amountAbsFen));
  await duck.run(
    `CREATE OR REPLACE TABLE c AS
     WITH j AS (
       SELECT l.k AS lk, r.k AS rk, abs(l.amount_fen - r.amount_fen) AS da, abs(r.txn_time - l.txn_time) AS dt,
              greatest(${abs}::HUGEINT, ${ppm}::HUGEINT * greatest(l.amount_fen, r.amount_fen) // 1000000) AS tol,
              l.status = r.status AS same_status, l.card IS NOT NULL AND r.card IS NOT NULL AS cards
       FROM pl l JOIN pr r ON l.direction = r.direction AND ${time}
       WHERE ${amount} AND (l.card IS NULL OR r.card IS NULL OR l.card = r.card))
     SELECT lk, rk, dt,
       round(0.4 * CASE WHEN da = 0 THEN 1 ELSE greatest(0, 1 - da / (tol + 1)) END
             + 0.3 * greatest(0, 1 - dt / ${w})
             + CASE WHEN same_status THEN 0.15 ELSE 0 END
             + CASE WHEN cards THEN 0.15 ELSE 0.075 END, 4) AS score,
       [CASE WHEN da = 0 THEN 'amount-equal' ELSE 'amount-within-tolerance:' || da::VARCHAR END,
        'time-within-' || (dt // 1000)::VARCHAR || 's'] ||
       CASE WHEN same_status THEN ['same-status'] ELSE [] END || CASE WHEN cards THEN ['same-card'] ELSE [] END AS reasons
     FROM j`,
  );
  await duck.run(
    `CREATE OR REPLACE TABLE c AS
     SELECT * FROM (
       SELECT *, row_number() OVER (PARTITION BY lk ORDER BY score DESC, dt, rk) AS bl,
                 row_number() OVER (PARTITION BY rk ORDER BY score DESC, dt, lk) AS br
       FROM c) WHERE bl = 1 AND br = 1`,
  );
  await duck.run(`INSERT INTO m SELECT lk, rk, 'key', NULL, score, reasons FROM c WHERE score >= ${Number(autoConfirm)}`);
  await duck.run(`INSERT INTO p SELECT [lk], [rk], score, reasons FROM c WHERE score < ${Number(autoConfirm)}`);
  await shrinkPools(duck, 'SELECT lk, rk FROM c');
}

/**
 * Sums, one of ours to several of theirs and several of ours to one of theirs: the parts (2 to `maxParts`) must
 * share the direction (and card when both have one), lie inside the time window of the single record, and add up to
 * its amount exactly (no tolerance). Each record's 16 nearest candidates are searched, in both directions, before
 * anything is confirmed. A group is confirmed only when none of its records is named by another exact combination
 * (in either direction: it is the single record's only combination and its parts belong to no other); anything
 * ambiguous stays unmatched and is reported.
 */
export async function matchBySums(duck: Duck, t: MatchTolerances, maxParts = 3): Promise<void> {
  const { time } = keyConditions(t);
  // both directions' exact combinations first, so that a record claimed by a group in each direction is seen
  for (const [one, many, name] of [['l', 'r', 'gl'], ['r', 'l', 'gr']] as const) {
    // candidates: parts smaller than the single record, nearest first
    await duck.run(
      `CREATE OR REPLACE TABLE sc AS
       SELECT * FROM (
         SELECT ${one}.k AS ok, ${many}.k AS pk, ${many}.amount_fen AS pa, ${one}.amount_fen AS total,
                row_number() OVER (PARTITION BY ${one}.k ORDER BY abs(r.txn_time - l.txn_time), ${many}.k) AS near
         FROM pl l JOIN pr r ON l.direction = r.direction AND ${time}
         WHERE ${many}.amount_fen < ${one}.amount_fen AND (l.card IS NULL OR r.card IS NULL OR l.card = r.card))
       WHERE near <= 16`,
    );
    const combos = [`SELECT a.ok, [a.pk, b.pk] AS parts FROM sc a JOIN sc b ON a.ok = b.ok AND a.pk < b.pk WHERE a.pa + b.pa = a.total`];
    if (maxParts >= 3) {
      combos.push(
        `SELECT a.ok, [a.pk, b.pk, c.pk] FROM sc a JOIN sc b ON a.ok = b.ok AND a.pk < b.pk JOIN sc c ON a.ok = c.ok AND b.pk < c.pk
         WHERE a.pa + b.pa + c.pa = a.total`,
      );
    }
    await duck.run(`CREATE OR REPLACE TABLE ${name} AS SELECT row_number() OVER (ORDER BY ok, parts) + ${name === 'gl' ? 0 : 1_000_000_000} AS gid, * FROM (${combos.join(' UNION ALL ')})`);
  }
  // every record a combination names, by side: our side is gl's single and gr's parts, theirs the other way round
  await duck.run(
    `CREATE OR REPLACE TABLE gm AS
     SELECT gid, 'l' AS side, ok AS k FROM gl UNION ALL SELECT gid, 'r', unnest(parts) FROM gl
     UNION ALL SELECT gid, 'r', ok FROM gr UNION ALL SELECT gid, 'l', unnest(parts) FROM gr`,
  );
  // a group stands only if none of its records is named by another combination (in either direction)
  await duck.run(
    `CREATE OR REPLACE TABLE gok AS
     SELECT gid FROM gm GROUP BY gid
     HAVING bool_and((side, k) NOT IN (SELECT (side, k) FROM gm GROUP BY side, k HAVING count(DISTINCT gid) > 1))`,
  );
  for (const [name, how, lk, rk] of [['gl', 'one-to-many', 'ok', 'pk'], ['gr', 'many-to-one', 'pk', 'ok']] as const) {
    await duck.run(
      `INSERT INTO m SELECT ${lk}, ${rk}, '${how}', gid, 1.0, ['sum-equal', 'parts-' || len(parts)::VARCHAR]
       FROM (SELECT gid, ok, unnest(parts) AS pk, parts FROM ${name} WHERE gid IN (SELECT gid FROM gok))`,
    );
  }
  await shrinkPools(duck, `SELECT lk, rk FROM m WHERE how IN ('one-to-many', 'many-to-one')`);
}
