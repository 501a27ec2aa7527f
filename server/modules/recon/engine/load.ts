import type { Finding } from '../importers/index.ts';
import type { SideInput } from '../matching.ts';
import type { DayWindow } from './day.ts';
import { lit, type Duck } from './duck.ts';
import { fastLayoutOf, loadFastCsv, type FastLoad } from './fast-loader.ts';
import type { Rereaders } from './records.ts';
import { COLUMN_NAMES, FIELD_OF, ID_COLUMNS, RECORD_COLUMNS } from './schema.ts';

/**
 * Load phase: a side's inputs (record files `.parquet`, or CSVs in a layout the fast loader reads, told apart by
 * their first bytes) and the previous day's carried-out records, as one view, `l` or `r`, with a job-wide key `k`
 * ((input number << 40) | the record's key in its input), `carried` (released from the previous day) and `in_day`
 * (carried, or transaction time inside the side's business day). A view, not a copy: the wide rows are read where
 * they lie and only the narrow match pools are materialized. Offline card records are placed by their transaction
 * time, never by when they were collected. An id field a record lists in `lostIds` is nulled here (importers leave
 * it null already; this keeps the rule in one place for every input).
 */
export async function loadSide(duck: Duck, name: 'l' | 'r', side: SideInput, carriedIn: string | null, window: DayWindow): Promise<{ findings: Finding[]; rereaders: Rereaders }> {
  const findings: Finding[] = [];
  const rereaders = new Map<string, FastLoad['reread']>();
  const parts: string[] = [];
  const cols = COLUMN_NAMES.join(', ');
  for (const [i, file] of side.files.entries()) {
    const input = `(${i + 1}::BIGINT << 40)`;
    const layout = await fastLayoutOf(file);
    if (layout === 'parquet') {
      parts.push(`SELECT ${input} | row_key AS k, ${cols}, false AS carried FROM read_parquet(${lit(file)})`);
      continue;
    }
    if (layout === null) throw new Error(`${file}: neither a record file (.parquet) nor a CSV layout the fast loader reads (opsdesk-ledger/v1, WeChat Pay trade bill); import it to a record file first`);
    const fast = await loadFastCsv(duck, file, layout, `fast_${name}_${i}`);
    findings.push(...fast.findings);
    rereaders.set(file, fast.reread);
    parts.push(`SELECT ${input} | line AS k, ${cols}, false AS carried FROM (${fast.select})`);
  }
  if (carriedIn) {
    // carried records come from several files of the day before: numbered afresh (a small table)
    await duck.run(`CREATE TABLE carried_${name} AS SELECT (4095::BIGINT << 40) | row_number() OVER (ORDER BY file, line) AS k, ${cols} FROM read_parquet(${lit(carriedIn)})`);
    parts.push(`SELECT k, ${cols}, true AS carried FROM carried_${name}`);
  }
  if (!parts.length) parts.push(`SELECT NULL::BIGINT AS k, ${RECORD_COLUMNS.map(([c, t]) => `NULL::${t} AS ${c}`).join(', ')}, false AS carried WHERE false`);
  // a lost id is never joined on, whichever spelling (field or source column name) the record used for it
  const replace = ID_COLUMNS.map((c) => `CASE WHEN len(lost_ids) > 0 AND list_contains(lost_ids, ${lit(FIELD_OF[c]!)}) THEN NULL ELSE ${c} END AS ${c}`).join(', ');
  await duck.run(
    `CREATE VIEW ${name} AS
     SELECT * REPLACE (${replace}), (carried OR (txn_time >= ${window.start} AND txn_time < ${window.end})) AS in_day
     FROM (${parts.join(' UNION ALL ')})`,
  );
  return { findings, rereaders };
}
