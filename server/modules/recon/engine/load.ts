import type { Finding } from '../importers/index.ts';
import type { SideInput } from '../matching.ts';
import type { DayWindow } from './day.ts';
import { lit, listLit, type Duck } from './duck.ts';
import { fastLayoutOf, loadFastCsv } from './fast-loader.ts';
import { COLUMN_NAMES, FIELD_OF, ID_COLUMNS, RECORD_COLUMNS } from './schema.ts';

/**
 * Load phase: a side's files (record files `.parquet`, or CSVs in a layout the fast loader reads) and the previous
 * day's carried-out records into one table, `l` or `r`, with a job-wide key `k`, `carried` (released from the
 * previous day) and `in_day` (carried, or transaction time inside the side's business day). Offline card records
 * are placed by their transaction time, never by when they were collected. An id field a record lists in `lostIds`
 * is nulled here (importers already leave it null; this keeps the rule in one place for every input).
 */
export async function loadSide(duck: Duck, name: 'l' | 'r', side: SideInput, carriedIn: string | null, window: DayWindow): Promise<Finding[]> {
  const findings: Finding[] = [];
  const parts: string[] = [];
  const cols = COLUMN_NAMES.join(', ');
  const parquet: string[] = [];
  let i = 0;
  for (const file of side.files) {
    const layout = await fastLayoutOf(file);
    if (layout === 'parquet') {
      parquet.push(file);
      continue;
    }
    if (layout === null) throw new Error(`${file}: neither a record file (.parquet) nor a CSV layout the fast loader reads (opsdesk-ledger/v1, WeChat Pay trade bill); import it to a record file first`);
    const table = `fast_${name}_${i++}`;
    findings.push(...(await loadFastCsv(duck, file, layout, table)));
    parts.push(`SELECT ${cols}, false AS carried FROM ${table}`);
  }
  if (parquet.length) parts.push(`SELECT ${cols}, false AS carried FROM read_parquet(${listLit(parquet)})`);
  if (carriedIn) parts.push(`SELECT ${cols}, true AS carried FROM read_parquet(${lit(carriedIn)})`);
  if (!parts.length) parts.push(`SELECT ${RECORD_COLUMNS.map(([c, t]) => `NULL::${t} AS ${c}`).join(', ')}, false AS carried WHERE false`);
  // a lost id is never joined on, whichever spelling (field or source column name) the record used for it
  const replace = ID_COLUMNS.map((c) => `CASE WHEN len(lost_ids) > 0 AND list_contains(lost_ids, ${lit(FIELD_OF[c]!)}) THEN NULL ELSE ${c} END AS ${c}`).join(', ');
  await duck.run(
    `CREATE TABLE ${name} AS
     SELECT row_number() OVER () AS k, * REPLACE (${replace}),
       (carried OR (txn_time >= ${window.start} AND txn_time < ${window.end})) AS in_day
     FROM (${parts.join(' UNION ALL ')})`,
  );
  return findings;
}
