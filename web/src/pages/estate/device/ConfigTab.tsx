import { DiffOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Select, Spin, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../../../api/estate';
import type { ConfigVersion } from '../../../api/types';
import { formatDateTime } from '../../../app/format';
import { CursorTable } from '../../../components/CursorTable';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAsync } from '../../../hooks/useAsync';
import { useCursorList } from '../../../hooks/useCursorList';
import { useCan } from '../../../hooks/usePermission';
import { ConfigFormModal } from './ConfigFormModal';
import { ConfigViewModal } from './ConfigViewModal';
import { DiffView } from './DiffView';

const PAGE_SIZE = 50;

interface Pair {
  from: number;
  to: number;
}

function DiffPanel({ deviceId, pair }: { deviceId: string; pair: Pair }) {
  const diff = useAsync(() => estateApi.configDiff(deviceId, pair), `${deviceId}:${pair.from}:${pair.to}`);
  if (diff.error) return <ErrorAlert error={diff.error} onRetry={diff.reload} />;
  if (!diff.data || diff.loading) return <Spin style={{ display: 'block', margin: '24px auto' }} />;
  return <DiffView diff={diff.data} />;
}

/** Configuration versions of a device: list, view, add (estate:write) and the diff between any two. */
export function ConfigTab({ deviceId }: { deviceId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const fetchPage = useCallback((cursor: string | undefined) => estateApi.configVersions(deviceId, cursor, PAGE_SIZE), [deviceId]);
  const list = useCursorList(fetchPage, deviceId);
  const [viewing, setViewing] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [picked, setPicked] = useState<Partial<Pair>>({});
  const [shown, setShown] = useState<Pair | null>(null);

  const newest = list.items[0] ?? null;
  const from = picked.from ?? list.items[1]?.version;
  const to = picked.to ?? newest?.version;
  const versionOptions = list.items.map((v) => ({ value: v.version, label: `v${v.version} · ${formatDateTime(v.createdAt)}` }));

  const columns: ColumnsType<ConfigVersion> = [
    { title: t('config.field.version'), key: 'version', width: 70, render: (_: unknown, v) => `v${v.version}` },
    { title: t('config.field.createdAt'), key: 'createdAt', render: (_: unknown, v) => formatDateTime(v.createdAt) },
    { title: t('config.field.author'), dataIndex: 'author', key: 'author' },
    { title: t('config.field.reason'), dataIndex: 'reason', key: 'reason' },
    {
      title: t('config.field.changeRef'),
      dataIndex: 'changeRef',
      key: 'changeRef',
      render: (ref: string | null) => (ref ? <Typography.Text code>{ref}</Typography.Text> : ''),
    },
    { title: t('config.field.format'), dataIndex: 'format', key: 'format', width: 70 },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, v) => (
        <Flex gap={4}>
          <Tooltip title={t('common.view')}>
            <Button
              type="link"
              size="small"
              icon={<EyeOutlined />}
              onClick={() => setViewing(v.version)}
              aria-label={t('common.view')}
              data-testid={`config-view-${v.version}`}
            />
          </Tooltip>
          {v.version > 1 ? (
            <Tooltip title={t('config.diffWithPrevious')}>
              <Button
                type="link"
                size="small"
                icon={<DiffOutlined />}
                onClick={() => {
                  const pair = { from: v.version - 1, to: v.version };
                  setPicked(pair);
                  setShown(pair);
                }}
                aria-label={t('config.diffWithPrevious')}
                data-testid={`config-diff-prev-${v.version}`}
              />
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <div data-testid="device-config">
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('config.intro')}</Typography.Text>
        {can('estate:write') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="config-add">
            {t('config.add')}
          </Button>
        ) : null}
      </Flex>
      <CursorTable<ConfigVersion>
        list={list}
        empty={<Empty description={t('config.empty')} />}
        rowKey="version"
        size="small"
        columns={columns}
        scroll={{ x: 'max-content' }}
      />
      {list.items.length >= 2 ? (
        <Card size="small" title={t('config.compare')} style={{ marginTop: 16 }}>
          <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
            <Select
              value={from}
              onChange={(value: number) => setPicked((p) => ({ ...p, from: value }))}
              options={versionOptions}
              style={{ minWidth: 220 }}
              data-testid="config-diff-from"
            />
            <span>→</span>
            <Select
              value={to}
              onChange={(value: number) => setPicked((p) => ({ ...p, to: value }))}
              options={versionOptions}
              style={{ minWidth: 220 }}
              data-testid="config-diff-to"
            />
            <Button
              icon={<DiffOutlined />}
              disabled={from === undefined || to === undefined || from === to}
              onClick={() => from !== undefined && to !== undefined && setShown({ from, to })}
              data-testid="config-diff-show"
            >
              {t('config.showDiff')}
            </Button>
          </Flex>
          {shown ? <DiffPanel deviceId={deviceId} pair={shown} /> : null}
        </Card>
      ) : null}
      {viewing !== null ? <ConfigViewModal deviceId={deviceId} version={viewing} onClose={() => setViewing(null)} /> : null}
      {adding ? (
        <ConfigFormModal
          deviceId={deviceId}
          latest={newest}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            setPicked({});
            setShown(null);
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}
