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

/** The text a built-in role shipped with, in either language (databases from before 2026-11-29 kept English descriptions). */
function isShipped(t: TFunction, id: string, field: Field, text: string): boolean {
  return (['zh-CN', 'en'] as const).some((lng) => t(`builtInRole.${id}.${field}`, { lng, defaultValue: '' }) === text);
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
