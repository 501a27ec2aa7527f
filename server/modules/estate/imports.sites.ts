import type { Executor } from '../../db/types.ts';
import { newId } from '../../ids.ts';
import { canSeeSite, type Actor } from '../auth/index.ts';
import { DEFAULT_ZONE, isValidTimeZone } from '../calendar/index.ts';
import { SITE_CODE_PATTERN, siteRecords, type SitesTable } from '../sites/index.ts';
import { cellOf, duplicateProblems, problem, type ColumnMap, type SiteColumn } from './imports.columns.ts';
import type { SheetRow } from './imports.read.ts';

export interface SitePlan {
  row: SheetRow;
  code: string;
  name: string;
  /** undefined: no such column; '' for a time zone: the default for a new site, unchanged for an existing one */
  timezone: string | undefined;
  description: string | undefined;
}

const SITE_CODE = new RegExp(SITE_CODE_PATTERN);

export const planSites = (rows: SheetRow[], columns: ColumnMap<SiteColumn>): SitePlan[] =>
  rows.map((row) => ({
    row,
    code: cellOf(row, columns, 'code') ?? '',
    name: cellOf(row, columns, 'name') ?? '',
    timezone: cellOf(row, columns, 'timezone'),
    description: cellOf(row, columns, 'description'),
  }));

/** The same rules as the sites API; a user limited to some sites may update those and add none. */
export async function checkSites(trx: Executor, actor: Actor, plans: SitePlan[]) {
  const problems = duplicateProblems(plans);
  const existing = new Map((await siteRecords.findByCodes(trx, plans.map((p) => p.code).filter(Boolean))).map((s) => [s.code, s]));
  for (const p of plans) {
    if (p.code === '') problems.push(problem(p.row, 'code', 'required'));
    else if (!SITE_CODE.test(p.code)) problems.push(problem(p.row, 'code', 'codeFormat', { allowed: '. _ -' }));
    if (p.name === '') problems.push(problem(p.row, 'name', 'required'));
    else if (p.name.length > 100) problems.push(problem(p.row, 'name', 'maxLength', { limit: 100 }));
    if (p.timezone && !isValidTimeZone(p.timezone)) problems.push(problem(p.row, 'timezone', 'timeZone', { value: p.timezone }));
    if (p.description !== undefined && p.description.length > 2000) problems.push(problem(p.row, 'description', 'maxLength', { limit: 2000 }));
    const site = existing.get(p.code);
    // Both refusals read alike, so a scoped user learns nothing about sites it cannot see.
    if (p.code !== '' && actor.siteIds !== null && (!site || !canSeeSite(actor, site.id))) {
      problems.push(problem(p.row, 'code', 'siteNotYours', { code: p.code }));
    }
  }
  return { problems, existing };
}

export async function writeSites(trx: Executor, plans: SitePlan[], existing: Map<string, SitesTable>, now: number): Promise<void> {
  for (const p of plans) {
    const site = existing.get(p.code);
    if (site) {
      await siteRecords.update(trx, site.id, {
        name: p.name,
        ...(p.timezone && { timezone: p.timezone }),
        ...(p.description !== undefined && { description: p.description }),
        updated_at: now,
      });
    } else {
      const row: SitesTable = { id: newId(), code: p.code, name: p.name, timezone: p.timezone || DEFAULT_ZONE, opening_hours: null, description: p.description ?? '', created_at: now, updated_at: now };
      await siteRecords.insert(trx, row);
    }
  }
}
