import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Layout, Spin, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { LiveIndicator } from '../components/LiveIndicator';
import { NotificationBell } from '../components/NotificationBell';
import { UserMenu } from '../components/UserMenu';
import { useIsMobile } from '../hooks/useIsMobile';
import { useLiveStream } from '../hooks/useLiveStream';
import { useCan } from '../hooks/usePermission';
import { SideMenu } from './SideMenu';
import { SIDER_WIDTH } from './theme';

const { Header, Sider, Content } = Layout;

/** The product mark at the top of the side menu; the header carries the full product name. */
function Brand({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      style={{
        height: 56,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        color: '#fff',
        fontWeight: 600,
        fontSize: collapsed ? 14 : 18,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
      }}
    >
      {t('app.shortName')}
    </div>
  );
}

/**
 * Signed-in layout: side menu (a drawer under 768px), header with product name, live-stream mark, the notification
 * bell, language switch and account. The shell owns the console's one live stream (useLiveStream).
 */
export function AppShell() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const can = useCan();
  useLiveStream();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const toggle = () => (isMobile ? setDrawerOpen((o) => !o) : setCollapsed((c) => !c));
  const folded = isMobile ? !drawerOpen : collapsed;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={SIDER_WIDTH + 32}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          <Brand collapsed={false} />
          <SideMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Sider width={SIDER_WIDTH} collapsible collapsed={collapsed} trigger={null} data-testid="side-menu">
          <Brand collapsed={collapsed} />
          <SideMenu />
        </Sider>
      )}
      <Layout>
        <Header style={{ position: 'sticky', top: 0, zIndex: 10, borderBottom: '1px solid #f0f0f0' }}>
          <Flex justify="space-between" align="center" style={{ height: '100%' }} gap={8}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              <Button
                type="text"
                icon={folded ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={toggle}
                aria-label={t('shell.toggleMenu')}
                data-testid="menu-toggle"
              />
              <Typography.Text strong ellipsis data-testid="product-name">
                {isMobile ? t('app.shortName') : t('app.name')}
              </Typography.Text>
            </Flex>
            <Flex align="center" gap={4}>
              {can('estate:read') ? <LiveIndicator compact={isMobile} /> : null}
              <NotificationBell />
              <LanguageSwitch />
              <UserMenu compact={isMobile} />
            </Flex>
          </Flex>
        </Header>
        <Content style={{ margin: isMobile ? 8 : 16 }}>
          <div style={{ background: '#fff', padding: isMobile ? 12 : 24, borderRadius: 8, minHeight: 360 }}>
            <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
              <Outlet />
            </Suspense>
          </div>
        </Content>
      </Layout>
    </Layout>
  );
}
