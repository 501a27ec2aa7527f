/**
 * How a field of an audit record's before/after reads to a person. The record keeps what the service wrote (ids,
 * epoch milliseconds, role ids); the page names and formats them, and still offers the exact JSON.
 */
import { formatDateTime } from '../../app/format';

export type AuditValue =
  | { kind: 'empty' }
  | { kind: 'time'; text: string }
  | { kind: 'roles'; ids: string[] }
  | { kind: 'user'; id: string }
  | { kind: 'sites'; ids: string[] }
  | { kind: 'id'; id: string }
  | { kind: 'text'; text: string };

/** Instants plausible for this system: epoch ms between 2000 and 2100 (a duration in ms is far smaller). */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
const TIME_KEY = /(At|Ms|Time)$|^(ts|at|time)$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const USER_KEYS = new Set(['userId', 'actorId', 'ownerId', 'createdBy', 'assigneeId']);

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function classify(key: string, value: unknown): AuditValue {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (TIME_KEY.test(key)) {
    if (typeof value === 'number' && value >= EARLIEST && value < LATEST) return { kind: 'time', text: formatDateTime(new Date(value).toISOString()) };
    if (typeof value === 'string' && ISO_INSTANT.test(value)) return { kind: 'time', text: formatDateTime(value) };
  }
  if ((key === 'roleIds' || key === 'roles') && isStrings(value)) return { kind: 'roles', ids: value };
  if ((key === 'siteIds' || key === 'sites') && isStrings(value)) return { kind: 'sites', ids: value };
  if (key === 'siteId' && typeof value === 'string') return { kind: 'sites', ids: [value] };
  if (USER_KEYS.has(key) && typeof value === 'string') return { kind: 'user', id: value };
  if (typeof value === 'string' && ULID.test(value)) return { kind: 'id', id: value };
  return { kind: 'text', text: plain(value) };
}

/** An id short enough for a table cell: its start and its end (a ULID's start is its time, its end is random). */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}…${id.slice(-6)}` : id;
}

/** The fields of before/after, in the order they were written, or null when the value is not an object. */
export function fieldsOf(value: unknown): [string, unknown][] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  return Object.entries(value as Record<string, unknown>);
}

/** The user ids the record names (to look their names up). */
export function userIdsOf(...values: unknown[]): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    for (const [key, field] of fieldsOf(value) ?? []) {
      const shown = classify(key, field);
      if (shown.kind === 'user') ids.add(shown.id);
    }
  }
  return [...ids];
}
