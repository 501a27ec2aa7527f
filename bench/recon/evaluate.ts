import { DuckDBInstance } from '@duckdb/node-api';
import type { MatchResult } from '../../server/modules/recon/matching.ts';
import type { Generated } from './generate.ts';

/**
 * Precision and recall of a run against the generator's ground truth. An item is a planted difference (kind and the
 * exact rows on each side), a carried record, or a many/one group that must match with equal sums. False matches —
 * confirmed clean pairs the truth does not hold — count against precision.
 */
export interface Evaluation {
  truthItems: number;
  foundItems: number;
  truePositives: number;
  falseMatches: number;
  missed: string[];
  unexpected: string[];
  precision: number;
  recall: number;
}

const key = (kind: string, left: number[], right: number[]) => `${kind} L[${[...left].sort((a, b) => a - b).join(',')}] R[${[...right].sort((a, b) => a - b).join(',')}]`;

export async function evaluate(gen: Generated, result: MatchResult, carried: { left: number[]; right: number[] }): Promise<Evaluation> {
  const truth = new Set<string>();
  for (const d of gen.truth.differences) truth.add(key(d.kind, d.left, d.right));
  for (const l of gen.truth.carried.left) truth.add(key('carried', [l], []));
  for (const r of gen.truth.carried.right) truth.add(key('carried', [], [r]));
  for (const g of gen.truth.groups) truth.add(key('group', g.left, g.right));

  const found: string[] = result.differences.map((d) => key(d.kind, d.left.map((r) => r.provenance.line), d.right.map((r) => r.provenance.line)));
  for (const l of carried.left) found.push(key('carried', [l], []));
  for (const r of carried.right) found.push(key('carried', [], [r]));

  let falseMatches = 0;
  if (result.pairsFile) {
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    try {
      const groups = await conn.runAndReadAll(
        `SELECT list(DISTINCT left_line ORDER BY left_line) AS l, list(DISTINCT right_line ORDER BY right_line) AS r FROM read_parquet('${result.pairsFile}')
         WHERE how IN ('one-to-many', 'many-to-one') GROUP BY how, group_id`,
      );
      for (const g of groups.getRowObjectsJS()) found.push(key('group', (g.l as bigint[]).map(Number), (g.r as bigint[]).map(Number)));
      const wrong = await conn.runAndReadAll(
        `SELECT count(*) AS n FROM read_parquet('${result.pairsFile}') p
         WHERE p.how IN ('id', 'key') AND p.outcome = 'matched'
           AND NOT EXISTS (SELECT 1 FROM read_csv('${gen.pairsTruthPath}', header = true, columns = {'left_line': 'BIGINT', 'right_line': 'BIGINT'}) t
                           WHERE t.left_line = p.left_line AND t.right_line = p.right_line)`,
      );
      falseMatches = Number(wrong.getRowObjectsJS()[0]!.n);
      const missingPairs = await conn.runAndReadAll(
        `SELECT count(*) AS n FROM read_csv('${gen.pairsTruthPath}', header = true, columns = {'left_line': 'BIGINT', 'right_line': 'BIGINT'}) t
         WHERE NOT EXISTS (SELECT 1 FROM read_parquet('${result.pairsFile}') p WHERE p.outcome = 'matched' AND t.left_line = p.left_line AND t.right_line = p.right_line)`,
      );
      const unmatched = Number(missingPairs.getRowObjectsJS()[0]!.n);
      if (unmatched) truth.add(`expected pairs not matched: ${unmatched}`);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  }
  const foundSet = new Set(found);
  const tp = [...foundSet].filter((f) => truth.has(f)).length;
  const missed = [...truth].filter((t) => !foundSet.has(t));
  const unexpected = found.filter((f) => !truth.has(f));
  const foundItems = found.length + falseMatches;
  return {
    truthItems: truth.size,
    foundItems,
    truePositives: tp,
    falseMatches,
    missed,
    unexpected,
    precision: foundItems === 0 ? 1 : tp / foundItems,
    recall: truth.size === 0 ? 1 : tp / truth.size,
  };
}
