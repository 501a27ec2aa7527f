import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * FROZEN once shipped. Health reasons become a code with values, stored as JSON text, instead of English sentences
 * the console parsed back with regular expressions. The sentences the code wrote before are converted one by one;
 * any other text was an operator's maintenance note and becomes `{ code: 'operator', values: { note } }`.
 */
const COLUMNS = [
  { table: 'devices', column: 'health_reason' },
  { table: 'device_health_history', column: 'reason' },
] as const;

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  for (const { table, column } of COLUMNS) {
    const c = sql.ref(column);
    // The note needs JSON escaping, which only the database's own JSON builder does right for any text.
    const note: RawBuilder<string> = pg
      ? sql`json_build_object('code', 'operator', 'values', json_build_object('note', ${c}))::text`
      : sql`json_object('code', 'operator', 'values', json_object('note', ${c}))`;
    await sql`
      update ${sql.table(table)} set ${c} = case
        when ${c} = 'on battery power' then '{"code":"onBattery","values":{}}'
        when ${c} = 'degraded' then '{"code":"degraded","values":{}}'
        when ${c} = 'recovered' then '{"code":"recovered","values":{}}'
        when ${c} = 'first report' then '{"code":"firstReport","values":{}}'
        when ${c} = 'reporting again' then '{"code":"reportingAgain","values":{}}'
        when ${c} like 'reports status %' then '{"code":"status","values":{"status":"' || substr(${c}, 16) || '"}}'
        when ${c} like 'silent for % min' then '{"code":"silent","values":{"minutes":' || substr(${c}, 12, length(${c}) - 15) || '}}'
        else ${note}
      end
      where ${c} is not null`.execute(db);
  }
}

/** Back to the sentences; an operator's note back to its text. */
export async function down(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  for (const { table, column } of COLUMNS) {
    const c = sql.ref(column);
    const field = (path: string): RawBuilder<string> => (pg ? sql`(${c}::json #>> ${sql.lit(`{${path.replaceAll('.', ',')}}`)})` : sql`json_extract(${c}, ${sql.lit(`$.${path}`)})`);
    await sql`
      update ${sql.table(table)} set ${c} = case ${field('code')}
        when 'onBattery' then 'on battery power'
        when 'degraded' then 'degraded'
        when 'recovered' then 'recovered'
        when 'firstReport' then 'first report'
        when 'reportingAgain' then 'reporting again'
        when 'status' then 'reports status ' || ${field('values.status')}
        when 'silent' then 'silent for ' || ${field('values.minutes')} || ' min'
        else ${field('values.note')}
      end
      where ${c} is not null`.execute(db);
  }
}
