/** The cause taxonomy as the settings page edits it: ordered rows; a stored code is fixed, a new row's is typed. */
import type { CauseCategory, ReplaceCausesBody } from './settingsApi';

/** As the server allows (settings.schemas.ts CAUSE_CODE_PATTERN, CAUSE_LIMIT). */
export const CAUSE_CODE = /^[a-z0-9_-]{1,32}$/;
export const CAUSE_LIMIT = 100;

export interface CauseRow extends CauseCategory {
  /** typed in this session: its code may still change (a stored code is on incidents and stays) */
  added?: boolean;
}

export const causesToForm = (items: readonly CauseCategory[]): { items: CauseRow[] } => ({ items: items.map((c) => ({ ...c })) });

/** The whole list in the order shown, names trimmed, without the form's own marks. */
export const formToCauses = (rows: readonly CauseRow[]): ReplaceCausesBody => ({
  items: rows.map((r) => ({ code: r.code.trim(), nameZh: r.nameZh.trim(), nameEn: r.nameEn.trim(), enabled: r.enabled })),
});

/** Codes typed more than once (the server refuses the second, by row). */
export function repeatedCodes(rows: readonly CauseRow[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const r of rows) {
    const code = r.code?.trim();
    if (!code) continue;
    if (seen.has(code)) repeated.add(code);
    seen.add(code);
  }
  return repeated;
}
