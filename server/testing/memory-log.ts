import pino, { type Logger } from 'pino';

/** A logger whose records a test can read: what must be logged rather than thrown (a failing job, a lost claim). */
export function memoryLog(): { log: Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, records };
}
