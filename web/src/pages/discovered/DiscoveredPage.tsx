import { CheckOutlined, DeleteOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { discoveredApi } from '../../api/discovered';
import type { DiscoveredDevice } from '../../api/types';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { useCursorList } from '../../hooks/useCursorList';
import { useEstateTree } from '../../hooks/useEstate';
import { useCan } from '../../hooks/usePermission';
import { AdoptModal } from './AdoptModal';

const PAGE_SIZE = 50;

/** Devices that reported without being registered: adopt them into the estate, or dismiss them. */
export default function DiscoveredPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('estate:write');
  const tree = useEstateTree();
  const fetchPage = useCallback((cursor: string | undefined) => discoveredApi.list(cursor, PAGE_SIZE), []);
  const list = useCursorList(fetchPage, 'discovered');
  const [adopting, setAdopting] = useState<DiscoveredDevice | null>(null);

  const dismiss = async (d: DiscoveredDevice) => {
    try {
      await discoveredApi.dismiss(d.code);
      void message.success(t('discovered.dismissed', { code: d.code }));
      list.reload();
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<DiscoveredDevice> = [
    {
      title: t('discovered.field.code'),
      key: 'code',
      render: (_: unknown, d) => <Typography.Text code>{d.code}</Typography.Text>,
    },
    {
      title: t('discovered.field.site'),
      key: 'site',
      render: (_: unknown, d) =>
        d.siteId ? (tree.siteById.get(d.siteId)?.name ?? d.siteCode) : d.siteCode ? (
          <Tooltip title={t('discovered.unknownSite')}>
            <Typography.Text type="warning">{d.siteCode}</Typography.Text>
          </Tooltip>
        ) : (
          ''
        ),
    },
    { title: t('discovered.field.address'), dataIndex: 'address', key: 'address', render: (a: string | null) => a ?? '' },
    { title: t('discovered.field.source'), dataIndex: 'source', key: 'source' },
    {
      title: t('discovered.field.lastKind'),
      key: 'lastKind',
      render: (_: unknown, d) => t(`event.kindName.${d.lastKind}`, { defaultValue: d.lastKind }),
    },
    { title: t('discovered.field.events'), dataIndex: 'events', key: 'events', align: 'right' },
    { title: t('discovered.field.firstSeen'), key: 'firstSeenAt', render: (_: unknown, d) => formatDateTime(d.firstSeenAt) },
    { title: t('discovered.field.lastSeen'), key: 'lastSeenAt', render: (_: unknown, d) => <RelativeTime iso={d.lastSeenAt} /> },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, d) => (
        <>
          <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setAdopting(d)} data-testid={`adopt-${d.code}`}>
            {t('discovered.adopt')}
          </Button>
          <Popconfirm
            title={t('discovered.confirmDismiss', { code: d.code })}
            description={t('discovered.dismissHint')}
            okText={t('discovered.dismiss')}
            cancelText={t('common.cancel')}
            onConfirm={() => dismiss(d)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`dismiss-${d.code}`}>
              {t('discovered.dismiss')}
            </Button>
          </Popconfirm>
        </>
      ),
    });
  }

  return (
    <>
      <PageHeader title={t('nav.discovered')} />
      <Typography.Paragraph type="secondary">{t('discovered.intro')}</Typography.Paragraph>
      <CursorTable<DiscoveredDevice>
        list={list}
        testId="discovered-table"
        rowKey="code"
        columns={columns}
        size="middle"
        scroll={{ x: 'max-content' }}
        onRow={(d) => ({ 'data-testid': `discovered-row-${d.code}` }) as HTMLAttributes<HTMLElement>}
      />
      {adopting ? (
        <AdoptModal
          device={adopting}
          sites={tree.data ?? []}
          onClose={() => setAdopting(null)}
          onAdopted={() => {
            setAdopting(null);
            list.reload();
            tree.reload();
          }}
        />
      ) : null}
    </>
  );
}
