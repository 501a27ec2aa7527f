import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Table, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { useSites } from '../../hooks/useReferenceData';
import { slaErrorText, targetText } from './calendarText';
import { PolicyPreview } from './PolicyPreview';
import { SLA_CLOCKS, SLA_LEVELS, slaCalendarsApi, slaPoliciesApi, type SlaPolicy } from './slaApi';
import { SlaPolicyDrawer, type PolicyChoices } from './SlaPolicyDrawer';
import { useCanEditSla } from './slaPermissions';

/**
 * SLA policies in the order they are tried (incidents:read; editing incidents:assign with every site): the first
 * whose sites cover an incident's site sets its respond, on-site and resolve targets. The preview answers a caller.
 */
export default function SlaPoliciesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canEdit = useCanEditSla();
  const policies = useAsync(() => slaPoliciesApi.list(), 'sla-policies');
  const calendars = useAsync(() => slaCalendarsApi.list(), 'sla-calendars');
  const sites = useSites();
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const items = useMemo(() => [...(policies.data?.items ?? [])].sort((a, b) => a.position - b.position), [policies.data]);
  const calendarName = (id: string) => calendars.data?.items.find((c) => c.id === id)?.name ?? id;
  const siteName = (id: string) => sites.byId.get(id)?.name ?? id;
  const choices: PolicyChoices = {
    calendars: (calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
    sites: (sites.data ?? []).map((s) => ({ value: s.id, label: s.name })),
    sitesListed: can('sites:read'),
  };

  const remove = async (p: SlaPolicy) => {
    try {
      await slaPoliciesApi.remove(p.id, p.version);
      void message.success(t('slaPolicy.deleted'));
      policies.reload();
    } catch (error) {
      void message.error(slaErrorText(t, error));
    }
  };

  const columns: ColumnsType<SlaPolicy> = [
    { title: t('slaPolicy.field.position'), key: 'position', width: 70, render: (_: unknown, p) => p.position },
    {
      title: t('slaPolicy.field.name'),
      key: 'name',
      width: 200,
      render: (_: unknown, p) => (
        <Flex vertical gap={0}>
          <Typography.Text strong>{p.name}</Typography.Text>
          {p.description ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.description}</Typography.Text> : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.siteIds ? p.siteIds.map(siteName).join(t('common.listSeparator')) : t('slaPolicy.allSites')}
          </Typography.Text>
        </Flex>
      ),
    },
    ...SLA_CLOCKS.map((clock) => ({
      title: t(`incident.clock.${clock}`),
      key: clock,
      render: (_: unknown, p: SlaPolicy) => (
        <Flex vertical gap={0}>
          {SLA_LEVELS.map((level) => (
            <span key={level} style={{ fontSize: 12 }}>
              {t(`incident.level.${level}`)} {targetText(t, p.targets[level][clock].target)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' · '}
                {calendarName(p.targets[level][clock].calendarId)}
              </Typography.Text>
            </span>
          ))}
        </Flex>
      ),
    })),
    { title: t('slaPolicy.field.warnShare'), key: 'warn', width: 90, render: (_: unknown, p) => `${Math.round(p.warnShare * 100)}%` },
  ];
  if (canEdit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_: unknown, p) => (
        <Flex gap={0}>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid={`sla-policy-edit-${p.id}`} aria-label={t('common.edit')} />
          <Popconfirm
            title={t('slaPolicy.confirmDelete', { name: p.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'sla-policy-delete-confirm' } as ButtonProps}
            onConfirm={() => remove(p)}
          >
            <Button type="link" danger icon={<DeleteOutlined />} data-testid={`sla-policy-delete-${p.id}`} aria-label={t('common.delete')} />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.slaPolicies')}
        extra={
          canEdit ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={!calendars.data} data-testid="sla-policies-new">
              {t('slaPolicy.new')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('slaPolicy.hint')}</Typography.Paragraph>
      <ErrorAlert error={policies.error ?? calendars.error} onRetry={() => (policies.reload(), calendars.reload())} />
      <Table<SlaPolicy>
        rowKey="id"
        size="middle"
        loading={policies.loading}
        dataSource={items}
        columns={columns}
        pagination={false}
        scroll={{ x: 1000 }}
        style={{ marginBottom: 16 }}
        data-testid="sla-policies-table"
        onRow={(p) => ({ 'data-testid': `sla-policy-row-${p.id}`, 'data-name': p.name }) as HTMLAttributes<HTMLElement>}
      />
      {items.length > 0 ? <PolicyPreview policies={items} /> : null}
      {editing ? (
        <SlaPolicyDrawer
          policy={editing === 'new' ? undefined : editing}
          template={items[0]}
          choices={choices}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            policies.reload();
            calendars.reload();
          }}
        />
      ) : null}
    </>
  );
}
