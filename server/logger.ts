import { Writable } from 'node:stream';
import pino from 'pino';
import type { Config } from './config.ts';

/**
 * The process's logger. JSON lines for collectors; on a terminal, one readable line per entry instead, so that a
 * person running `npm start` can read what happens (and the first start's password does not drown in JSON).
 */

export type LogFormat = 'json' | 'pretty';

/** auto means pretty when the output is a terminal, JSON when it goes to a file, a pipe or a collector. */
export function chooseLogFormat(format: Config['logFormat'], isTTY: boolean): LogFormat {
  return format === 'auto' ? (isTTY ? 'pretty' : 'json') : format;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, or that the readable line shows in its own place. */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'component', 'err']);

const twoDigits = (n: number): string => String(n).padStart(2, '0');
const clockTime = (ms: number): string => {
  const d = new Date(ms);
  return `${twoDigits(d.getHours())}:${twoDigits(d.getMinutes())}:${twoDigits(d.getSeconds())}`;
};
const fieldValue = (value: unknown): string => (typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value));

/**
 * One pino JSON entry as a readable line: `12:03:04 WARN  [worker] message key=value …`, and an error's stack under it.
 */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5);
  const component = typeof entry.component === 'string' ? ` [${entry.component}]` : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !SHOWN_APART.has(key))
    .map(([key, value]) => ` ${key}=${fieldValue(value)}`)
    .join('');
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n    ${(err.stack ?? err.message ?? '').split('\n').join('\n    ')}` : '';
  return `${clockTime(typeof entry.time === 'number' ? entry.time : Date.now())} ${level}${component} ${String(entry.msg ?? '')}${fields}${stack}`;
}

/** A stream that takes pino's JSON lines and writes readable ones to `out`. */
export function prettyStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = chunk.toString('utf8').split('\n').filter((line) => line !== '');
      out.write(lines.map((line) => `${prettyLine(line)}\n`).join(''));
      done();
    },
  });
}

export interface LoggerOptions {
  /** where lines go (default: standard output) */
  destination?: NodeJS.WritableStream;
  /** whether that destination is a terminal (default: asks standard output) */
  isTTY?: boolean;
}

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, options: LoggerOptions = {}): pino.Logger {
  const destination = options.destination ?? process.stdout;
  const format = chooseLogFormat(config.logFormat, options.isTTY ?? (options.destination ? false : process.stdout.isTTY === true));
  if (format === 'pretty') return pino({ level: config.logLevel }, prettyStream(destination));
  return options.destination ? pino({ level: config.logLevel }, options.destination as pino.DestinationStream) : pino({ level: config.logLevel });
}
