import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** Either the database or a transaction on it: repository functions that must join the caller's transaction take this. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** JSON columns are text in both databases; these are the only two functions that cross that line. */
export const toJsonText = (value: unknown): string => JSON.stringify(value);
export const fromJsonText = <T>(text: string): T => JSON.parse(text) as T;

/**
 * Case-insensitive "column contains text" that works the same on SQLite and PostgreSQL, with the user's % and _
 * taken literally.
 */
export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
