import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PermissionTags } from '../components/PermissionTags';
import { SiteScope } from '../components/SiteScope';
import { useAuth, useMe } from '../hooks/useAuth';
import { useCan } from '../hooks/usePermission';
import { useSites } from '../hooks/useReferenceData';
import { formatDateTime } from '../app/format';
import { AlertsGlance } from './alerts/AlertsGlance';
import { EstateGlance } from './EstateGlance';

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { session } = useAuth();
  const sites = useSites();
  const can = useCan();

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} data-testid="home-welcome" style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      </div>
      {/* Open alerts first: what an engineer on duty wants to see; then the estate at a glance. */}
      {can('alerts:read') ? <AlertsGlance /> : null}
      {can('estate:read') ? <EstateGlance /> : null}
      <Card title={t('home.whoAmI')}>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('user.field.username')}>{me.username}</Descriptions.Item>
          <Descriptions.Item label={t('user.field.displayName')}>{me.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('user.field.roles')}>
            {me.roleNames.length > 0
              ? me.roleNames.map((name) => (
                  <Tag key={name} color="geekblue">
                    {name}
                  </Tag>
                ))
              : t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('user.field.siteScope')}>
            <SiteScope siteIds={me.siteIds} sites={sites.byId} />
          </Descriptions.Item>
          <Descriptions.Item label={t('home.sessionExpires')}>
            {formatDateTime(session?.expiresAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.permissionCount')}>{me.permissions.length}</Descriptions.Item>
          <Descriptions.Item label={t('home.permissions')} span={2}>
            <PermissionTags permissions={me.permissions} max={12} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </Space>
  );
}
