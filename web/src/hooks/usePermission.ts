import { useCallback } from 'react';
import { useAuth } from './useAuth';

/** Returns a predicate telling whether the signed-in user holds a permission key such as `users:read`. */
export function useCan(): (permission: string) => boolean {
  const { session } = useAuth();
  const permissions = session?.user.permissions;
  return useCallback((permission: string) => permissions?.includes(permission) ?? false, [permissions]);
}
