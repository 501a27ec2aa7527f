import { toJsonText, type Executor } from '../../db/types.ts';
import { newId } from '../../ids.ts';
import { canSeeSite, type Actor } from '../auth/index.ts';
import { siteRecords, type SitesTable } from '../sites/index.ts';
import { deviceFieldProblems, findCycle } from './device-fields.ts';
import { devicesRepository, type DeviceRow } from './devices.repository.ts';
import type { DevicesTable } from './estate.tables.ts';
import { cellOf, dateCell, duplicateProblems, problem, subsystemCode, typeCode, type ColumnMap, type DeviceColumn, type ImportProblem } from './imports.columns.ts';
import type { SheetRow } from './imports.read.ts';

/** One device row of an import file, read and normalised; what it does to the estate is decided later. */
export interface DevicePlan {
  row: SheetRow;
  code: string;
  name: string;
  siteCode: string;
  type: string;
  subsystem: string;
  /** present only for columns the file has: undefined leaves a stored value alone, null clears it */
  optional: Partial<Record<'model' | 'serial' | 'ip' | 'firmware' | 'installDate' | 'warrantyEnd' | 'upstream', string | null>>;
}

/** An optional cell: undefined when the column is absent (leave as is), null when empty (clear it). */
const optional = (text: string | undefined, map: (t: string) => string = (t) => t): string | null | undefined =>
  text === undefined ? undefined : text === '' ? null : map(text);

function planDevice(row: SheetRow, columns: ColumnMap<DeviceColumn>): { plan: DevicePlan; problems: ImportProblem[] } {
  const get = (field: DeviceColumn) => cellOf(row, columns, field) ?? '';
  const plan: DevicePlan = { row, code: get('code'), name: get('name'), siteCode: get('site'), type: typeCode(get('type')), subsystem: subsystemCode(get('subsystem')), optional: {} };
  for (const field of ['model', 'serial', 'ip', 'firmware', 'upstream'] as const) {
    const value = optional(cellOf(row, columns, field));
    if (value !== undefined) plan.optional[field] = value;
  }
  for (const field of ['installDate', 'warrantyEnd'] as const) {
    const value = optional(cellOf(row, columns, field), dateCell);
    if (value !== undefined) plan.optional[field] = value;
  }
  const problems: ImportProblem[] = [];
  for (const field of ['code', 'name', 'site', 'type', 'subsystem'] as const) if (get(field) === '') problems.push(problem(row, field, 'required'));
  // The same field checks as the API, so a row is refused for the same reason, in the same words, as a form.
  const { upstream: _upstream, ...checked } = plan.optional;
  const present = { ...(plan.code && { code: plan.code }), ...(plan.name && { name: plan.name }), ...(plan.type && { type: plan.type }), ...(plan.subsystem && { subsystem: plan.subsystem }) };
  for (const p of deviceFieldProblems({ ...checked, ...present })) problems.push({ line: row.line, ...p });
  return { plan, problems };
}

export function planDevices(rows: SheetRow[], columns: ColumnMap<DeviceColumn>): { plans: DevicePlan[]; problems: ImportProblem[] } {
  const planned = rows.map((row) => planDevice(row, columns));
  const plans = planned.map((p) => p.plan);
  return { plans, problems: [...planned.flatMap((p) => p.problems), ...duplicateProblems(plans)] };
}

/**
 * Sites must exist and be the actor's; an existing code must belong to a device the actor can see; an upstream must
 * be an earlier row of the file or a registered device the actor can see; and no row may close a loop.
 */
export async function checkDeviceReferences(trx: Executor, actor: Actor, plans: DevicePlan[]) {
  const problems: ImportProblem[] = [];
  const sites = new Map((await siteRecords.findByCodes(trx, plans.map((p) => p.siteCode).filter(Boolean))).map((s) => [s.code, s]));
  const upstreamCodes = plans.map((p) => p.optional.upstream).filter((c): c is string => !!c);
  const existing = new Map((await devicesRepository.findByCodes(trx, [...plans.map((p) => p.code).filter(Boolean), ...upstreamCodes])).map((d) => [d.code, d]));
  const indexOf = new Map<string, number>();
  plans.forEach((p, i) => {
    if (!indexOf.has(p.code)) indexOf.set(p.code, i);
  });

  plans.forEach((p, i) => {
    const site = sites.get(p.siteCode);
    if (p.siteCode !== '' && (!site || !canSeeSite(actor, site.id))) problems.push(problem(p.row, 'site', 'unknownSite', { site: p.siteCode }));
    const current = existing.get(p.code);
    if (current && !canSeeSite(actor, current.site_id)) problems.push(problem(p.row, 'code', 'codeOutsideScope', { code: p.code }));
    const up = p.optional.upstream;
    if (!up) return;
    const inFile = indexOf.get(up);
    const registered = existing.get(up);
    if (up === p.code) problems.push(problem(p.row, 'upstream', 'upstreamSelf'));
    else if (inFile !== undefined && inFile < i) return;
    else if (registered && canSeeSite(actor, registered.site_id)) return;
    else if (inFile !== undefined) problems.push(problem(p.row, 'upstream', 'upstreamLater', { upstream: up, line: plans[inFile]!.row.line }));
    else problems.push(problem(p.row, 'upstream', 'unknownDevice', { device: up }));
  });
  if (problems.length > 0) return { problems, existing, sites };

  // Only a device that exists already can have children that would close a loop (file rows may only point up to
  // earlier rows), so only those rows need the walk; it follows the file where the file changes an upstream.
  const byCode = new Map(plans.map((p) => [p.code, p]));
  const codeOfId = new Map<string, string | null>();
  async function upstreamOf(code: string): Promise<string | null> {
    const plan = byCode.get(code);
    if (plan && plan.optional.upstream !== undefined) return plan.optional.upstream;
    const device = existing.get(code) ?? (await devicesRepository.findByCode(trx, code));
    if (!device?.upstream_id) return null;
    if (!codeOfId.has(device.upstream_id)) codeOfId.set(device.upstream_id, (await devicesRepository.findById(trx, device.upstream_id))?.code ?? null);
    return codeOfId.get(device.upstream_id)!;
  }
  for (const p of plans) {
    if (!existing.has(p.code) || !p.optional.upstream) continue;
    const cycle = await findCycle(p.code, p.optional.upstream, upstreamOf);
    if (cycle) problems.push(problem(p.row, 'upstream', 'upstreamLoop', { path: cycle.join(' → ') }));
  }
  return { problems, existing, sites };
}

/** New devices first, in file order (a row may hang off an earlier one), then updates (which may hang off new ones). */
export async function writeDevices(trx: Executor, plans: DevicePlan[], existing: Map<string, DeviceRow>, sites: Map<string, SitesTable>, now: number): Promise<void> {
  const idOf = new Map<string, string>([...existing.values()].map((d) => [d.code, d.id]));
  const fresh = plans.filter((p) => !existing.has(p.code));
  for (const p of fresh) idOf.set(p.code, newId());
  const upstreamId = (p: DevicePlan) => (p.optional.upstream === undefined ? undefined : p.optional.upstream === null ? null : idOf.get(p.optional.upstream)!);
  const rows: DevicesTable[] = fresh.map((p) => ({
    id: idOf.get(p.code)!,
    code: p.code,
    name: p.name,
    type: p.type,
    subsystem: p.subsystem,
    model: p.optional.model ?? null,
    serial: p.optional.serial ?? null,
    ip: p.optional.ip ?? null,
    firmware: p.optional.firmware ?? null,
    site_id: sites.get(p.siteCode)!.id,
    install_date: p.optional.installDate ?? null,
    warranty_end: p.optional.warrantyEnd ?? null,
    upstream_id: upstreamId(p) ?? null,
    labels: toJsonText({}),
    maintenance: 0,
    health: 'unknown',
    health_since: now,
    health_reason: null,
    last_seen_at: null,
    created_at: now,
    updated_at: now,
  }));
  await devicesRepository.insertMany(trx, rows);
  for (const p of plans) {
    const device = existing.get(p.code);
    if (!device) continue;
    const o = p.optional;
    const up = upstreamId(p);
    await devicesRepository.update(trx, device.id, {
      name: p.name,
      type: p.type,
      subsystem: p.subsystem,
      site_id: sites.get(p.siteCode)!.id,
      ...(o.model !== undefined && { model: o.model }),
      ...(o.serial !== undefined && { serial: o.serial }),
      ...(o.ip !== undefined && { ip: o.ip }),
      ...(o.firmware !== undefined && { firmware: o.firmware }),
      ...(o.installDate !== undefined && { install_date: o.installDate }),
      ...(o.warrantyEnd !== undefined && { warranty_end: o.warrantyEnd }),
      ...(up !== undefined && { upstream_id: up }),
      updated_at: now,
    });
  }
}
