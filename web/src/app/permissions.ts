/** Display names for permission keys (`capability:action`) come from i18n: capability.<c>, action.<a>, permission.<c>.<a>. */
import type { TFunction } from 'i18next';
import type { Permission } from '../api/types';

export function splitPermission(key: string): { capability: string; action: string } {
  const at = key.indexOf(':');
  return at < 0 ? { capability: key, action: '' } : { capability: key.slice(0, at), action: key.slice(at + 1) };
}

export function capabilityLabel(t: TFunction, capability: string): string {
  return t(`capability.${capability}`, { defaultValue: capability });
}

export function actionLabel(t: TFunction, action: string): string {
  return t(`action.${action}`, { defaultValue: action });
}

export function permissionLabel(t: TFunction, key: string): string {
  const { capability, action } = splitPermission(key);
  return t(`permission.${capability}.${action}`, { defaultValue: key });
}

export interface CapabilityGroup {
  capability: string;
  permissions: Permission[];
}

/** Groups the catalogue by capability, keeping the server's order. */
export function groupByCapability(permissions: Permission[]): CapabilityGroup[] {
  const groups = new Map<string, Permission[]>();
  for (const permission of permissions) {
    const list = groups.get(permission.capability) ?? [];
    list.push(permission);
    groups.set(permission.capability, list);
  }
  return [...groups].map(([capability, list]) => ({ capability, permissions: list }));
}

/** Builds catalogue entries for bare keys (used where only key strings are known, e.g. my own permissions). */
export function toPermissions(keys: string[]): Permission[] {
  return keys.map((key) => ({ key, ...splitPermission(key) }));
}
