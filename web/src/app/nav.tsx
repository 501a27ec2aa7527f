import {
  ApiOutlined,
  AuditOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface NavEntry {
  key: string;
  path: string;
  labelKey: string;
  icon: ReactNode;
  /** Shown (and routable) only for users holding this permission; undefined = everyone. */
  permission?: string;
}

export const NAV: NavEntry[] = [
  { key: 'home', path: '/', labelKey: 'nav.home', icon: <HomeOutlined /> },
  { key: 'users', path: '/users', labelKey: 'nav.users', icon: <TeamOutlined />, permission: 'users:read' },
  {
    key: 'roles',
    path: '/roles',
    labelKey: 'nav.roles',
    icon: <SafetyCertificateOutlined />,
    permission: 'roles:read',
  },
  { key: 'sites', path: '/sites', labelKey: 'nav.sites', icon: <EnvironmentOutlined />, permission: 'sites:read' },
  { key: 'tokens', path: '/tokens', labelKey: 'nav.tokens', icon: <ApiOutlined />, permission: 'tokens:read' },
  { key: 'audit', path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, permission: 'audit:read' },
];

/** The menu entry a URL belongs to (longest matching path prefix). */
export function navKeyFor(pathname: string): string {
  let best: NavEntry | undefined;
  for (const entry of NAV) {
    const matches =
      entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best?.key ?? '';
}
