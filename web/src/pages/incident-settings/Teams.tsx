import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, Form, Input, Popconfirm, Select, Table, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { useIsMobile } from '../../hooks/useIsMobile';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { usePeople } from '../../hooks/usePeople';
import { useCan } from '../../hooks/usePermission';
import { teamsApi, type Team } from './settingsApi';
import { joinDetailLists } from './settingsForm';

const MEMBER_LIMIT = 200;

/** Teams incidents may be assigned to (a dispatcher assigns to a team, one of its members takes it). */
export function Teams() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canEdit = can('incidents:assign');
  const teams = useAsync(() => teamsApi.list(), 'teams');
  const [editing, setEditing] = useState<Team | 'new' | null>(null);

  const remove = async (team: Team) => {
    try {
      await teamsApi.remove(team.id);
      void message.success(t('team.deleted'));
      teams.reload();
    } catch (error) {
      void message.error(describeError(t, joinDetailLists(error, t('common.listSeparator'))));
    }
  };

  const columns: ColumnsType<Team> = [
    {
      title: t('team.field.name'),
      key: 'name',
      width: 220,
      render: (_: unknown, team) => (
        <Flex vertical gap={0}>
          <Typography.Text strong>{team.name}</Typography.Text>
          {team.description ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{team.description}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      title: t('team.field.members'),
      key: 'members',
      render: (_: unknown, team) => (team.members.length > 0 ? team.members.map((m) => m.displayName).join(t('common.listSeparator')) : <Typography.Text type="secondary">{t('team.noMembers')}</Typography.Text>),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_: unknown, team) => (
        <Flex gap={0}>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(team)} aria-label={t('common.edit')} data-testid={`team-edit-${team.id}`} />
          <Popconfirm
            title={t('team.confirmDelete', { name: team.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'team-delete-confirm' } as ButtonProps}
            onConfirm={() => remove(team)}
          >
            <Button type="link" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid={`team-delete-${team.id}`} />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('team.hint')}</Typography.Text>
        {canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="teams-new">
            {t('team.new')}
          </Button>
        ) : null}
      </Flex>
      <ErrorAlert error={teams.error} onRetry={teams.reload} />
      <Table<Team>
        rowKey="id"
        size="middle"
        loading={teams.loading}
        dataSource={teams.data ?? []}
        columns={columns}
        pagination={false}
        data-testid="teams-table"
        onRow={(team) => ({ 'data-testid': `team-row-${team.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {editing ? (
        <TeamDrawer
          team={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            teams.reload();
          }}
        />
      ) : null}
    </>
  );
}

interface TeamValues {
  name: string;
  description?: string | null;
  memberIds: string[];
}

/**
 * A team's name, description and members. Members are picked from the active users with users:read; without it they
 * are typed by id (the team's current members still show by name).
 */
function TeamDrawer({ team, onClose, onSaved }: { team?: Team; onClose: () => void; onSaved: (team: Team) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<TeamValues>();
  const { saving, run } = usePathFormSubmit(form);
  const known = useMemo(() => Object.fromEntries((team?.members ?? []).map((m) => [m.id, m.displayName])), [team]);
  const people = usePeople(known);
  const initialValues = useMemo<TeamValues>(() => ({ name: team?.name ?? '', description: team?.description ?? '', memberIds: team?.members.map((m) => m.id) ?? [] }), [team]);

  const submit = async () => {
    await form.validateFields();
    const values = form.getFieldsValue(true) as TeamValues;
    const body = { name: values.name.trim(), description: values.description?.trim() || null, memberIds: values.memberIds.map((id) => id.trim()).filter(Boolean) };
    await run(async () => {
      const saved = team ? await teamsApi.update(team.id, body) : await teamsApi.create(body);
      void message.success(t(team ? 'team.saved' : 'team.created'));
      onSaved(saved);
    });
  };

  const required = { required: true, whitespace: true, message: t('validation.required') };
  return (
    <Drawer
      open
      size={isMobile ? '100%' : 560}
      title={team ? t('team.editTitle', { name: team.name }) : t('team.newTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="team-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="team-form">
        <Form.Item name="name" label={t('team.field.name')} rules={[required, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
          <Input data-testid="team-name" />
        </Form.Item>
        <Form.Item name="description" label={t('team.field.description')} rules={[{ max: 2000, message: t('validation.maxLength', { max: 2000 }) }]}>
          <Input.TextArea rows={2} data-testid="team-description" />
        </Form.Item>
        <Form.Item
          name="memberIds"
          label={t('team.field.members')}
          extra={can('users:read') ? undefined : t('team.membersById')}
          rules={[{ type: 'array', max: MEMBER_LIMIT, message: t('team.tooMany', { max: MEMBER_LIMIT }) }]}
        >
          <Select mode={can('users:read') ? 'multiple' : 'tags'} allowClear showSearch optionFilterProp="label" options={people.options} loading={people.loading} data-testid="team-members" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
