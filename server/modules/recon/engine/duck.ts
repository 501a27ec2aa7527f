import { mkdirSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * One in-process DuckDB per engine call: an in-memory database with a memory limit, a thread count and a private
 * spill directory, so that a 10M-row job stays inside its budget (DuckDB spills joins and sorts to `tempDir`) and
 * never shares state with another job. Closed by `close()`; nothing of it outlives the call.
 */
export interface DuckOptions {
  /** e.g. '2GB'; DuckDB's own limit for buffers (the process also holds Node's heap) */
  memoryLimit?: string;
  threads?: number;
  /** spill files go here (created 0700) */
  tempDir: string;
  /** called with each statement and its duration (profiling) */
  trace?: (sql: string, ms: number) => void;
}

export interface Duck {
  conn: DuckDBConnection;
  run(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** the single row of an aggregate query */
  one<T = Record<string, unknown>>(sql: string): Promise<T>;
  close(): void;
}

export const DEFAULT_MEMORY_LIMIT = '2GB';
export const DEFAULT_THREADS = 2;

export async function openDuck(options: DuckOptions): Promise<Duck> {
  mkdirSync(options.tempDir, { recursive: true, mode: 0o700 });
  // Loaded on first use: DuckDB's binding takes half a second to load, and most processes (the CLI, the test
  // workers, a node that never runs a reconciliation) never need it.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    threads: String(options.threads ?? DEFAULT_THREADS),
    temp_directory: options.tempDir,
    // the engine reads only the files the caller names, and loads no extension at run time
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await instance.connect();
  return {
    conn,
    async run(sql) {
      const t = performance.now();
      await conn.run(sql);
      options.trace?.(sql, performance.now() - t);
    },
    async rows<T>(sql: string) {
      const t = performance.now();
      const reader = await conn.runAndReadAll(sql);
      options.trace?.(sql, performance.now() - t);
      return reader.getRowObjectsJS() as T[];
    },
    async one<T>(sql: string) {
      const t = performance.now();
      const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
      options.trace?.(sql, performance.now() - t);
      if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
      return rows[0]!;
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal. Paths and labels reach SQL only through this. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function listLit(items: string[]): string {
  return `[${items.map(lit).join(', ')}]`;
}
