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

/**
 * Catalogue entries for bare keys (e.g. my own permissions), taken from the catalogue when it has them so that they
 * keep its `available` flag; a key the catalogue does not know (yet) counts as available.
 */
export function toPermissions(keys: string[], catalog: readonly Permission[] = []): Permission[] {
  const known = new Map(catalog.map((p) => [p.key, p]));
  return keys.map((key) => known.get(key) ?? { key, ...splitPermission(key), available: true });
}

/** Capabilities in use first, those still to come after them; otherwise the server's order. */
export function availableFirst(groups: CapabilityGroup[]): CapabilityGroup[] {
  const available = (g: CapabilityGroup) => g.permissions.every((p) => p.available);
  return [...groups.filter(available), ...groups.filter((g) => !available(g))];
}
