/**
 * Role names for the reader. The built-in roles ship with Chinese names and descriptions (server/modules/auth/
 * permissions.ts: data in the deployment's language), so the console words them by role id (`builtInRole.<id>.*`),
 * but only while they are as shipped: a name or description an administrator rewrote is shown as written, like any
 * custom role's.
 */
import type { TFunction } from 'i18next';

export interface RoleLike {
  id: string;
  name: string;
  description?: string;
  builtIn?: boolean;
}

type Field = 'name' | 'description';

/**
 * The English descriptions the built-in roles were seeded with before 2026-11-29; databases from then keep them
 * (seeding never overwrites), and they are as shipped too.
 */
const EARLIER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  admin: 'Administrator: users, roles, sites, channels, rules, calendars, backups',
  dispatcher: 'Dispatcher / team lead: assigns and escalates incidents, keeps the duty roster, watches SLA clocks',
  engineer: 'Duty engineer: live alerts, pages, incidents through the plan checklist, inspections',
  finance: 'Card-centre finance: channel bills and bank statements, daily reconciliation, discrepancies with a second approver',
  security: 'Security officer: login and transaction anomalies, freezes, vulnerabilities, the audit log',
  client: 'Client representative: dashboards, reports, SLA figures, confirms resolutions; masked personal data only',
  auditor: 'Auditor: reads the audit log, verifies its chain, reads reports and reconciliation results',
};

/** Whether a built-in role's text is still what it shipped with (in Chinese, or an earlier seed's English). */
function isShipped(t: TFunction, id: string, field: Field, text: string): boolean {
  if (field === 'description' && EARLIER_DESCRIPTIONS[id] === text) return true;
  return t(`builtInRole.${id}.${field}`, { lng: 'zh-CN', defaultValue: '' }) === text;
}

function worded(t: TFunction, role: RoleLike, field: Field): string {
  const text = role[field] ?? '';
  if (role.builtIn === false || !isShipped(t, role.id, field, text)) return text;
  return t(`builtInRole.${role.id}.${field}`);
}

export const roleName = (t: TFunction, role: RoleLike): string => worded(t, role, 'name');

export const roleDescription = (t: TFunction, role: RoleLike): string => worded(t, role, 'description');

/**
 * A role known by its id only (an audit record, a user's role list): the listed role's name when the reader may list
 * roles, otherwise a built-in's name, otherwise the id itself.
 */
export function roleNameById(t: TFunction, id: string, known?: ReadonlyMap<string, RoleLike>): string {
  const role = known?.get(id);
  if (role) return roleName(t, role);
  return t(`builtInRole.${id}.name`, { defaultValue: id });
}
