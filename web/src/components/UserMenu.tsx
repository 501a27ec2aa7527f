import { DownOutlined, KeyOutlined, LogoutOutlined, NotificationOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth, useMe } from '../hooks/useAuth';
import { ChangePasswordModal } from './ChangePasswordModal';
import { NotifyProfileDrawer } from './notifyProfile/NotifyProfileDrawer';

/** The header's account menu: who is signed in, my notification settings, change password, log out. */
export function UserMenu({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useAuth();
  const [changing, setChanging] = useState(false);
  const [notifySettings, setNotifySettings] = useState(false);

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'notify',
              icon: <NotificationOutlined />,
              label: <span data-testid="notify-settings">{t('account.notifySettings')}</span>,
            },
            {
              key: 'password',
              icon: <KeyOutlined />,
              label: <span data-testid="change-password">{t('account.changePassword')}</span>,
            },
            { type: 'divider' },
            {
              key: 'logout',
              icon: <LogoutOutlined />,
              label: <span data-testid="logout">{t('account.logout')}</span>,
            },
          ],
          onClick: ({ key }) => {
            if (key === 'notify') setNotifySettings(true);
            if (key === 'password') setChanging(true);
            if (key === 'logout') void logout();
          },
        }}
      >
        <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
          {compact ? null : <span data-testid="current-user">{me.displayName}</span>}
          <DownOutlined />
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changing} onClose={() => setChanging(false)} />
      <NotifyProfileDrawer open={notifySettings} onClose={() => setNotifySettings(false)} />
    </>
  );
}
