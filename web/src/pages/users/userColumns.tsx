import { EditOutlined, EyeInvisibleOutlined, EyeOutlined, KeyOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import type { Role, Site, User } from '../../api/types';
import { formatDateTime } from '../../app/format';
import { SiteScope } from '../../components/SiteScope';
import { roleNameById } from '../../app/roles';

export interface UserColumnOptions {
  t: TFunction;
  roles: Map<string, Role>;
  sites: Map<string, Site>;
  unmasked: Record<string, User>;
  canWrite: boolean;
  canUnmask: boolean;
  /** Pin the username and actions columns while scrolling sideways (off on phones, where space is short). */
  pinColumns: boolean;
  onEdit(user: User): void;
  onToggleStatus(user: User): void;
  onResetPassword(user: User): void;
  onUnmask(user: User): void;
  onMask(user: User): void;
}

export function userColumns(o: UserColumnOptions): ColumnsType<User> {
  const { t } = o;
  const personal = (user: User, field: 'email' | 'phone') => {
    const whole = o.unmasked[user.id];
    if (whole) return <Tag color="orange" data-testid={`unmasked-${field}`}>{whole[field] ?? ''}</Tag>;
    return user[field] ?? '';
  };
  const columns: ColumnsType<User> = [
    { title: t('user.field.username'), dataIndex: 'username', key: 'username', fixed: o.pinColumns ? 'left' : undefined },
    { title: t('user.field.displayName'), dataIndex: 'displayName', key: 'displayName' },
    { title: t('user.field.email'), key: 'email', render: (_: unknown, u) => personal(u, 'email') },
    { title: t('user.field.phone'), key: 'phone', render: (_: unknown, u) => personal(u, 'phone') },
    {
      title: t('user.field.roles'),
      key: 'roles',
      render: (_: unknown, u) =>
        u.roleIds.map((id) => (
          <Tag key={id} color="geekblue">
            {roleNameById(t, id, o.roles)}
          </Tag>
        )),
    },
    {
      title: t('user.field.siteScope'),
      key: 'sites',
      render: (_: unknown, u) => <SiteScope siteIds={u.siteIds} sites={o.sites} />,
    },
    {
      title: t('user.field.status'),
      key: 'status',
      render: (_: unknown, u) => (
        <Tag color={u.status === 'active' ? 'green' : 'default'}>{t(`user.status.${u.status}`)}</Tag>
      ),
    },
    {
      title: t('user.field.lastLogin'),
      key: 'lastLoginAt',
      render: (_: unknown, u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('user.neverLoggedIn')),
    },
  ];
  if (o.canWrite || o.canUnmask) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: o.pinColumns ? 'right' : undefined,
      render: (_: unknown, u) => (
        <Space size={0} wrap>
          {o.canUnmask ? (
            o.unmasked[u.id] ? (
              <Tooltip title={t('personal.hide')}>
                <Button type="link" icon={<EyeInvisibleOutlined />} onClick={() => o.onMask(u)} aria-label={t('personal.hide')} />
              </Tooltip>
            ) : (
              <Tooltip title={t('personal.show')}>
                <Button
                  type="link"
                  icon={<EyeOutlined />}
                  onClick={() => o.onUnmask(u)}
                  aria-label={t('personal.show')}
                  data-testid={`unmask-${u.username}`}
                />
              </Tooltip>
            )
          ) : null}
          {o.canWrite ? (
            <>
              <Tooltip title={t('common.edit')}>
                <Button type="link" icon={<EditOutlined />} onClick={() => o.onEdit(u)} aria-label={t('common.edit')} data-testid={`edit-${u.username}`} />
              </Tooltip>
              <Tooltip title={t('user.resetPassword')}>
                <Button type="link" icon={<KeyOutlined />} onClick={() => o.onResetPassword(u)} aria-label={t('user.resetPassword')} />
              </Tooltip>
              <Popconfirm
                title={u.status === 'active' ? t('user.confirmDisable', { name: u.username }) : t('user.confirmEnable', { name: u.username })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => o.onToggleStatus(u)}
              >
                <Tooltip title={u.status === 'active' ? t('user.disable') : t('user.enable')}>
                  <Button
                    type="link"
                    danger={u.status === 'active'}
                    icon={u.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined />}
                    aria-label={u.status === 'active' ? t('user.disable') : t('user.enable')}
                  />
                </Tooltip>
              </Popconfirm>
            </>
          ) : null}
        </Space>
      ),
    });
  }
  return columns;
}
