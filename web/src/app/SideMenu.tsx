import { Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useCan } from '../hooks/usePermission';
import { NAV, navKeyFor } from './nav';

export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { pathname } = useLocation();
  const items = NAV.filter((entry) => !entry.permission || can(entry.permission)).map((entry) => ({
    key: entry.key,
    icon: entry.icon,
    label: (
      <Link to={entry.path} data-testid={`menu-${entry.key}`} onClick={onNavigate}>
        {t(entry.labelKey)}
      </Link>
    ),
  }));
  return <Menu theme="dark" mode="inline" selectedKeys={[navKeyFor(pathname)]} items={items} />;
}
