import type { EscalationPoliciesTable } from '../oncall.tables.ts';
import type { EscalationStep } from './policies.schemas.ts';

export interface ParsedPolicy {
  id: string;
  levels: number[];
  siteIds: string[] | null;
  subsystems: string[] | null;
  steps: EscalationStep[];
  repeat: number;
}

export function parsePolicy(row: EscalationPoliciesTable): ParsedPolicy {
  return {
    id: row.id,
    levels: JSON.parse(row.levels) as number[],
    siteIds: row.site_ids === null ? null : (JSON.parse(row.site_ids) as string[]),
    subsystems: row.subsystems === null ? null : (JSON.parse(row.subsystems) as string[]),
    steps: JSON.parse(row.steps) as EscalationStep[],
    repeat: row.repeat,
  };
}

/** The first policy (in position order) whose level, site and subsystem all match the alert group. */
export function matchingPolicy(
  rows: readonly EscalationPoliciesTable[],
  group: { level: number; siteId: string | null; subsystem: string | null },
): EscalationPoliciesTable | null {
  for (const row of rows) {
    const p = parsePolicy(row);
    if (!p.levels.includes(group.level)) continue;
    if (p.siteIds !== null && (group.siteId === null || !p.siteIds.includes(group.siteId))) continue;
    if (p.subsystems !== null && (group.subsystem === null || !p.subsystems.includes(group.subsystem))) continue;
    return row;
  }
  return null;
}
