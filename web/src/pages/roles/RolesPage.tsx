import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rolesApi } from '../../api/roles';
import type { Role } from '../../api/types';
import { describeError } from '../../app/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/usePermission';
import { useRoles } from '../../hooks/useReferenceData';
import { RoleDrawer } from './RoleDrawer';
import { roleDescription, roleName } from '../../app/roles';

export default function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('roles:write');
  const roles = useRoles();
  const [open, setOpen] = useState<Role | 'new' | null>(null);

  const remove = async (role: Role) => {
    try {
      await rolesApi.remove(role.id);
      void message.success(t('role.deleted', { name: roleName(t, role) }));
      roles.reload();
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<Role> = [
    {
      title: t('role.field.name'),
      key: 'name',
      render: (_: unknown, r) => (
        <Space>
          <span>{roleName(t, r)}</span>
          {r.builtIn ? <Tag color="gold">{t('role.builtIn')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('role.field.id'), dataIndex: 'id', key: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
    {
      title: t('role.field.description'),
      key: 'description',
      // The table scrolls to its content's width, so the column's own ellipsis would not hold it: the text's does.
      render: (_: unknown, r) => (
        <Typography.Text ellipsis={{ tooltip: roleDescription(t, r) }} style={{ maxWidth: 360 }}>
          {roleDescription(t, r)}
        </Typography.Text>
      ),
    },
    { title: t('role.field.permissionCount'), key: 'permissions', render: (_: unknown, r) => r.permissions.length },
    { title: t('role.field.userCount'), dataIndex: 'userCount', key: 'userCount' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, r) => (
        <Space size={0}>
          <Tooltip title={canWrite ? t('common.edit') : t('common.view')}>
            <Button
              type="link"
              icon={canWrite ? <EditOutlined /> : <EyeOutlined />}
              onClick={() => setOpen(r)}
              aria-label={canWrite ? t('common.edit') : t('common.view')}
              data-testid={`role-open-${r.id}`}
            />
          </Tooltip>
          {canWrite && !r.builtIn ? (
            <Popconfirm
              title={t('role.confirmDelete', { name: roleName(t, r) })}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(r)}
            >
              <Tooltip title={t('common.delete')}>
                <Button type="link" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid={`role-delete-${r.id}`} />
              </Tooltip>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.roles')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen('new')} data-testid="create-role">
              {t('role.create')}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={roles.error} onRetry={roles.reload} />
      <div data-testid="roles-table">
        <Table<Role>
          rowKey="id"
          columns={columns}
          dataSource={roles.data ?? []}
          loading={roles.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </div>
      {open ? (
        <RoleDrawer
          role={open === 'new' ? null : open}
          readOnly={!canWrite}
          onClose={() => setOpen(null)}
          onSaved={() => {
            setOpen(null);
            roles.reload();
          }}
        />
      ) : null}
    </>
  );
}
