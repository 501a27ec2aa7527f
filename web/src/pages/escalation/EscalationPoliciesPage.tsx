import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Switch, Table, Tag, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { policiesApi, type EscalationPolicy, type StepTarget } from '../../api/oncall';
import { describeError } from '../../app/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCatalogLabels } from '../../hooks/useEstate';
import { useCan } from '../../hooks/usePermission';
import { LevelTag } from '../alerts/AlertTags';
import { PolicyDrawer } from './PolicyDrawer';
import { usePolicyChoices } from './usePolicyChoices';

type Names = ReturnType<typeof usePolicyChoices>['names'];

function targetText(t: TFunction, target: StepTarget, names: Names): string {
  switch (target.kind) {
    case 'user':
      return names.user(target.userId);
    case 'roster':
      return t(`policy.targetText.${target.include ?? 'on-duty'}`, { roster: names.roster(target.rosterId) });
    default:
      return t('policy.targetText.role', { role: names.role(target.roleId) });
  }
}

/** A policy's steps in a few lines: step, whom, over what, then how long it waits. */
function StepsSummary({ policy, names }: { policy: EscalationPolicy; names: Names }) {
  const { t } = useTranslation();
  return (
    <ol style={{ margin: 0, paddingInlineStart: 18 }}>
      {policy.steps.map((step, i) => (
        <li key={i}>
          {step.targets.map((target) => targetText(t, target, names)).join(t('common.listSeparator'))}
          <Typography.Text type="secondary">
            {' · '}
            {step.channelIds.map(names.channel).join(t('common.listSeparator'))}
            {' · '}
            {t('policy.waitShort', { count: step.waitMinutes })}
          </Typography.Text>
        </li>
      ))}
    </ol>
  );
}

/**
 * Escalation policies in the order they are tried (oncall:read; editing oncall:write): the first enabled one that
 * matches a group of alerts pages for it, step by step, until someone acknowledges.
 */
export default function EscalationPoliciesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('oncall:write');
  const labels = useCatalogLabels();
  const policies = useAsync(() => policiesApi.list(), 'escalation-policies');
  const choices = usePolicyChoices();
  const [editing, setEditing] = useState<EscalationPolicy | 'new' | null>(null);
  const items = [...(policies.data?.items ?? [])].sort((a, b) => a.position - b.position);

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(t(done));
      policies.reload();
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<EscalationPolicy> = [
    { title: t('policy.field.position'), key: 'position', width: 70, render: (_: unknown, p) => p.position },
    {
      title: t('policy.field.name'),
      key: 'name',
      render: (_: unknown, p) => (
        <Flex vertical gap={0}>
          <Typography.Text strong>{p.name}</Typography.Text>
          {p.description ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.description}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      title: t('policy.field.levels'),
      key: 'levels',
      width: 170,
      render: (_: unknown, p) => (
        <Flex gap={4} wrap>
          {p.levels.map((l) => (
            <LevelTag key={l} level={l as 1 | 2 | 3} />
          ))}
        </Flex>
      ),
    },
    {
      title: t('policy.field.scope'),
      key: 'scope',
      render: (_: unknown, p) => (
        <Flex vertical gap={2}>
          <span>{p.siteIds ? p.siteIds.map(choices.names.site).join(t('common.listSeparator')) : t('policy.allSites')}</span>
          <Typography.Text type="secondary">{p.subsystems ? p.subsystems.map(labels.subsystem).join(t('common.listSeparator')) : t('policy.allSubsystems')}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('policy.stepsTitle'), key: 'steps', render: (_: unknown, p) => <StepsSummary policy={p} names={choices.names} /> },
    { title: t('policy.field.repeat'), key: 'repeat', width: 80, render: (_: unknown, p) => t('policy.repeatTimes', { count: p.repeat }) },
    {
      title: t('policy.field.enabled'),
      key: 'enabled',
      width: 80,
      render: (_: unknown, p) =>
        canWrite ? (
          <Switch
            size="small"
            checked={p.enabled}
            onChange={(enabled) => void act(() => policiesApi.update(p.id, { enabled }), enabled ? 'policy.enabledNow' : 'policy.disabledNow')}
            data-testid={`policy-enabled-${p.id}`}
          />
        ) : (
          <Tag color={p.enabled ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
            {t(p.enabled ? 'channel.on' : 'channel.off')}
          </Tag>
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, p) => (
        <Flex gap={0}>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid={`policy-edit-${p.id}`}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('policy.confirmDelete', { name: p.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'policy-delete-confirm' } as ButtonProps}
            onConfirm={() => act(() => policiesApi.remove(p.id), 'policy.deleted')}
          >
            <Button type="link" danger icon={<DeleteOutlined />} data-testid={`policy-delete-${p.id}`} aria-label={t('common.delete')} />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.escalationPolicies')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="policies-new">
              {t('policy.new')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('policy.hint')}</Typography.Paragraph>
      <ErrorAlert error={policies.error} onRetry={policies.reload} />
      <Table<EscalationPolicy>
        rowKey="id"
        size="middle"
        loading={policies.loading}
        dataSource={items}
        columns={columns}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="policies-table"
        onRow={(p) => ({ 'data-testid': `policy-row-${p.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {editing ? (
        <PolicyDrawer
          policy={editing === 'new' ? undefined : editing}
          choices={choices}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            policies.reload();
          }}
        />
      ) : null}
    </>
  );
}
