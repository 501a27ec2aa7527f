import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tokensApi } from '../../api/tokens';
import type { ApiToken, CreateTokenResponse } from '../../api/types';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PermissionTags } from '../../components/PermissionTags';
import { useMe } from '../../hooks/useAuth';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { CreateTokenModal } from './CreateTokenModal';
import { SecretModal } from './SecretModal';

function tokenState(token: ApiToken): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) < Date.now()) return 'expired';
  return 'active';
}

const STATE_COLOR = { active: 'green', expired: 'orange', revoked: 'default' } as const;

export default function TokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const can = useCan();
  const canWrite = can('tokens:write');
  // An administrator sees and may revoke everybody's tokens (the simulator's service token among them), not just
  // their own; the server asks for tokens:admin for both.
  const seesAll = can('tokens:admin');
  const tokens = useAsync(async () => (await tokensApi.list(seesAll)).items, `tokens:${seesAll ? 'all' : 'mine'}`);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreateTokenResponse | null>(null);

  const revoke = async (token: ApiToken) => {
    try {
      const revoked = await tokensApi.revoke(token.id);
      tokens.setData((items) => items?.map((item) => (item.id === revoked.id ? revoked : item)));
      void message.success(t('token.revoked', { name: token.name }));
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const showOwner = seesAll || (tokens.data ?? []).some((token) => token.userId !== me.id);
  const mayRevoke = (token: ApiToken) => canWrite && !token.revokedAt && (token.userId === me.id || seesAll);
  const columns: ColumnsType<ApiToken> = [
    { title: t('token.field.name'), dataIndex: 'name', key: 'name' },
    ...(showOwner
      ? [
          {
            title: t('token.field.owner'),
            key: 'owner',
            render: (_: unknown, token: ApiToken) => (
              <span data-testid={`token-owner-${token.name}`}>
                {token.username}
                {token.userId === me.id ? <Tag style={{ marginInlineStart: 8 }}>{t('token.me')}</Tag> : null}
              </span>
            ),
          },
        ]
      : []),
    {
      title: t('token.field.prefix'),
      dataIndex: 'prefix',
      key: 'prefix',
      render: (prefix: string) => <Typography.Text code>{`${prefix}…`}</Typography.Text>,
    },
    {
      title: t('token.field.permissions'),
      key: 'permissions',
      render: (_: unknown, token) => <PermissionTags permissions={token.permissions} max={3} />,
    },
    { title: t('common.createdAt'), key: 'createdAt', render: (_: unknown, token) => formatDateTime(token.createdAt) },
    {
      title: t('token.field.expiresAt'),
      key: 'expiresAt',
      render: (_: unknown, token) => (token.expiresAt ? formatDateTime(token.expiresAt) : t('token.never')),
    },
    {
      title: t('token.field.lastUsedAt'),
      key: 'lastUsedAt',
      render: (_: unknown, token) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('token.neverUsed')),
    },
    {
      title: t('token.field.state'),
      key: 'state',
      render: (_: unknown, token) => {
        const state = tokenState(token);
        const tag = <Tag color={STATE_COLOR[state]}>{t(`token.state.${state}`)}</Tag>;
        return token.revokedAt ? <Tooltip title={formatDateTime(token.revokedAt)}>{tag}</Tooltip> : tag;
      },
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, token) =>
        !mayRevoke(token) ? null : (
          <Popconfirm
            title={t(token.userId === me.id ? 'token.confirmRevoke' : 'token.confirmRevokeOther', { name: token.name, owner: token.username })}
            description={t('token.revokeWarning')}
            okText={t('token.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke(token)}
          >
            <Button type="link" danger icon={<StopOutlined />} data-testid={`token-revoke-${token.name}`}>
              {t('token.revoke')}
            </Button>
          </Popconfirm>
        ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.tokens')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-token">
              {t('token.create')}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={tokens.error} onRetry={tokens.reload} />
      <div data-testid="tokens-table">
        <Table<ApiToken>
          rowKey="id"
          columns={columns}
          dataSource={tokens.data ?? []}
          loading={tokens.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </div>
      {creating ? (
        <CreateTokenModal
          onClose={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            setCreated(result);
            tokens.setData((items) => [result.token, ...(items ?? [])]);
          }}
        />
      ) : null}
      {created ? <SecretModal created={created} onClose={() => setCreated(null)} /> : null}
    </>
  );
}
