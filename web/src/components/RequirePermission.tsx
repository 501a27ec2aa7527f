import type { ReactNode } from 'react';
import { useCan } from '../hooks/usePermission';
import { Forbidden } from './Forbidden';

/** Renders the page only for users holding `permission`; others get the 403 result instead. */
export function RequirePermission({ permission, children }: { permission?: string; children: ReactNode }) {
  const can = useCan();
  if (permission && !can(permission)) return <Forbidden />;
  return <>{children}</>;
}
