import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Segmented, Tag, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Silence, SilenceState } from '../../api/alerts';
import { silencesApi } from '../../api/silences';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { ALERT_PERMISSION } from './alertPermissions';
import { SilenceModal } from './SilenceModal';

const PAGE_SIZE = 50;
const STATE_FILTERS = ['active', 'pending', 'expired', 'all'] as const;
type StateFilter = (typeof STATE_FILTERS)[number];
export const SILENCE_STATE_COLOR: Record<SilenceState, string> = { active: 'processing', pending: 'gold', expired: 'default' };

/** Silences: active, pending (starting later) and expired ones; create with matchers and a live count; expire early. */
export default function SilencesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can(ALERT_PERMISSION.silence);
  const [state, setState] = useState<StateFilter>('active');
  const fetchPage = useCallback(
    (cursor: string | undefined) => silencesApi.list({ state: state === 'all' ? undefined : state, cursor, limit: PAGE_SIZE }),
    [state],
  );
  const list = useCursorList(fetchPage, state);
  const [creating, setCreating] = useState(false);

  const expire = async (silence: Silence) => {
    try {
      const next = await silencesApi.expire(silence.id);
      list.replace((s) => s.id === silence.id, next);
      void message.success(t('silence.expired'));
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<Silence> = [
    {
      title: t('silence.column.matchers'),
      key: 'matchers',
      render: (_: unknown, s) => (
        <Flex gap={4} wrap>
          {s.matchers.map((m, i) => (
            <Tag key={i} style={{ marginInlineEnd: 0, fontFamily: 'monospace' }}>
              {m.name}
              {m.op}
              {JSON.stringify(m.value)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('silence.column.state'),
      key: 'state',
      width: 90,
      render: (_: unknown, s) => (
        <Tag color={SILENCE_STATE_COLOR[s.state]} data-testid={`silence-state-${s.id}`}>
          {t(`silence.state.${s.state}`)}
        </Tag>
      ),
    },
    {
      title: t('silence.column.period'),
      key: 'period',
      width: 230,
      render: (_: unknown, s) => (
        <Flex vertical gap={0} style={{ whiteSpace: 'nowrap' }}>
          <span>{formatDateTime(s.startsAt)}</span>
          <Typography.Text type="secondary">
            {t('silence.until', { end: formatDateTime(s.endsAt) })} · <RelativeTime iso={s.endsAt} />
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('silence.column.comment'),
      key: 'comment',
      render: (_: unknown, s) => (
        <Flex vertical gap={0}>
          <Typography.Text>{s.comment}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('silence.createdBy', { who: s.createdByName ?? s.createdBy })}
          </Typography.Text>
        </Flex>
      ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_: unknown, s) =>
        s.state === 'expired' ? null : (
          <Popconfirm
            title={t('silence.confirmExpire')}
            okText={t('silence.expire')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'silence-expire-confirm' } as ButtonProps}
            onConfirm={() => expire(s)}
          >
            <Button type="link" danger icon={<StopOutlined />} data-testid={`silence-expire-${s.id}`}>
              {t('silence.expire')}
            </Button>
          </Popconfirm>
        ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.silences')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="silences-new">
              {t('silence.new')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('silence.hint')}</Typography.Paragraph>
      <Segmented<StateFilter>
        value={state}
        onChange={setState}
        options={STATE_FILTERS.map((s) => ({ value: s, label: t(s === 'all' ? 'silence.all' : `silence.state.${s}`) }))}
        style={{ marginBottom: 16 }}
        data-testid="silences-state"
      />
      <CursorTable<Silence>
        list={list}
        testId="silences-table"
        rowKey="id"
        size="middle"
        columns={columns}
        scroll={{ x: 900 }}
        onRow={(s) => ({ 'data-testid': `silence-row-${s.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {creating ? (
        <SilenceModal
          matchers={[{ name: '', op: '=', value: '' }]}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}
