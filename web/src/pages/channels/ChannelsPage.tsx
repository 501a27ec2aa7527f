import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Table, Tag, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { channelsApi, type Channel, type ChannelKind } from '../../api/notify';
import { describeError } from '../../app/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useLocale } from '../../hooks/useLocale';
import { useCan } from '../../hooks/usePermission';
import { ChannelDrawer } from './ChannelDrawer';
import { ChannelTestButton } from './ChannelTestButton';
import { describeSettings, settingKey } from './settingsForm';

/** Which of a kind's secret fields are set, each by its title (secrets themselves never come back). */
function SecretTags({ channel, kind }: { channel: Channel; kind: ChannelKind | undefined }) {
  const { t } = useTranslation();
  const fields = useMemo(() => describeSettings(kind?.settingsSchema, kind?.secretFields ?? []).filter((f) => f.secret), [kind]);
  if (fields.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {fields.map((field) => {
        const set = channel.secretsSet.includes(field.key);
        return (
          <Tag key={field.key} color={set ? 'green' : 'default'} style={{ marginInlineEnd: 0 }} data-testid={`channel-secret-${channel.id}-${field.key}`} data-set={String(set)}>
            {t(`${settingKey(channel.kind, field)}.title`, { defaultValue: field.title })}: {t(set ? 'channel.secretSet' : 'channel.secretNotSet')}
          </Tag>
        );
      })}
    </Flex>
  );
}

/**
 * Notification channels (notify:read; editing notify:write): every configured sender with its kind, switch, rate and
 * which secrets are set; add and edit in a drawer whose settings form comes from the kind's schema; send a test.
 */
export default function ChannelsPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('notify:write');
  const channels = useAsync(() => channelsApi.list(), 'channels');
  const kinds = useAsync(() => channelsApi.kinds(), 'channel-kinds');
  const kindOf = useMemo(() => new Map((kinds.data?.items ?? []).map((k) => [k.kind, k])), [kinds.data]);
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);

  const remove = async (channel: Channel) => {
    try {
      await channelsApi.remove(channel.id);
      void message.success(t('channel.deleted'));
      channels.reload();
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<Channel> = [
    {
      title: t('channel.field.name'),
      key: 'name',
      render: (_: unknown, c) => (
        <Flex gap={6} align="center" wrap>
          <Typography.Text strong>{c.name}</Typography.Text>
          {c.builtin ? <Tag style={{ marginInlineEnd: 0 }}>{t('channel.builtin')}</Tag> : null}
        </Flex>
      ),
    },
    { title: t('channel.field.kind'), key: 'kind', render: (_: unknown, c) => kindOf.get(c.kind)?.label[locale] ?? c.kind },
    {
      title: t('channel.field.enabled'),
      key: 'enabled',
      width: 90,
      render: (_: unknown, c) => (
        <Tag color={c.enabled ? 'green' : 'default'} data-testid={`channel-enabled-${c.id}`} style={{ marginInlineEnd: 0 }}>
          {t(c.enabled ? 'channel.on' : 'channel.off')}
        </Tag>
      ),
    },
    {
      title: t('channel.field.rate'),
      key: 'rate',
      width: 130,
      render: (_: unknown, c) =>
        c.effectiveRatePerMinute === null ? (
          <Typography.Text type="secondary">{t('channel.rateUnlimited')}</Typography.Text>
        ) : (
          <span>
            {t('channel.perMinute', { count: c.effectiveRatePerMinute })}
            {c.ratePerMinute === null ? <Typography.Text type="secondary"> {t('channel.kindDefault')}</Typography.Text> : null}
          </span>
        ),
    },
    { title: t('channel.field.secrets'), key: 'secrets', render: (_: unknown, c) => <SecretTags channel={c} kind={kindOf.get(c.kind)} /> },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 250,
      render: (_: unknown, c) => (
        <Flex gap={0} wrap>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(c)} disabled={!kinds.data} data-testid={`channel-edit-${c.id}`}>
            {t('common.edit')}
          </Button>
          <ChannelTestButton channel={c} />
          {c.builtin ? null : (
            <Popconfirm
              title={t('channel.confirmDelete', { name: c.name })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, 'data-testid': 'channel-delete-confirm' } as ButtonProps}
              onConfirm={() => remove(c)}
            >
              <Button type="link" danger icon={<DeleteOutlined />} data-testid={`channel-delete-${c.id}`}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Flex>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.channels')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={!kinds.data} data-testid="channels-new">
              {t('channel.new')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('channel.hint')}</Typography.Paragraph>
      <ErrorAlert error={channels.error ?? kinds.error} onRetry={() => (channels.error ? channels.reload() : kinds.reload())} />
      <Table<Channel>
        rowKey="id"
        size="middle"
        loading={channels.loading}
        dataSource={channels.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="channels-table"
        onRow={(c) => ({ 'data-testid': `channel-row-${c.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {editing && kinds.data ? (
        <ChannelDrawer
          kinds={kinds.data.items}
          channel={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            channels.reload();
          }}
        />
      ) : null}
    </>
  );
}
