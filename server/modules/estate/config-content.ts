import type { Static } from '@sinclair/typebox';
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import { fieldProblem, type FieldProblem } from '../../field-problems.ts';
import type { ConfigDiff as ConfigDiffSchema } from './config-records.schemas.ts';

/** A stored configuration may be at most this large (UTF-8 bytes, after normalisation). */
export const CONFIG_MAX_BYTES = 256 * 1024;

/** JSON deeper than this is not a device configuration; the limit also keeps key sorting off the call-stack edge. */
const MAX_DEPTH = 100;

export type ConfigFormat = 'json' | 'text';

class TooDeep extends Error {}

function sortKeys(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key], depth + 1);
    return sorted;
  }
  return value;
}

/**
 * The text that is stored for a configuration. JSON is parsed and written back pretty-printed with its keys sorted,
 * so that two versions differ only where their values do and a diff shows nothing but real changes. Text is kept
 * as it came. Returns a problem (for the `content` field) instead of throwing.
 */
export function normalizeConfig(format: ConfigFormat, content: string): { content: string } | { problem: FieldProblem } {
  let stored = content;
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (error) {
      return { problem: fieldProblem('content', 'invalidJson', { detail: error instanceof Error ? error.message : String(error) }) };
    }
    try {
      stored = `${JSON.stringify(sortKeys(parsed, 0), null, 2)}\n`;
    } catch (error) {
      if (error instanceof TooDeep || error instanceof RangeError) return { problem: fieldProblem('content', 'tooDeep', { limit: MAX_DEPTH }) };
      throw error;
    }
  }
  const bytes = Buffer.byteLength(stored, 'utf8');
  if (bytes > CONFIG_MAX_BYTES) return { problem: fieldProblem('content', 'tooManyBytes', { bytes, limit: CONFIG_MAX_BYTES }) };
  return { content: stored };
}

/** What changed between two versions, as the API shows it (`patch`: the same as a unified diff text). */
export type ConfigDiff = Static<typeof ConfigDiffSchema>;

/** A unified diff between two versions (three lines of context); Windows line ends do not count as changes. */
export function diffConfigs(from: { version: number; content: string }, to: { version: number; content: string }): ConfigDiff {
  const patch = structuredPatch(`v${from.version}`, `v${to.version}`, from.content, to.content, undefined, undefined, { context: 3, stripTrailingCr: true });
  return {
    from: from.version,
    to: to.version,
    hunks: patch.hunks.map((h) => ({ oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines })),
    patch: formatPatch(patch, FILE_HEADERS_ONLY),
  };
}
