import { Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { telemetryApi } from '../../../api/telemetry';
import type { DeviceEvent, EventKind } from '../../../api/types';
import { compactJson, formatDateTime, prettyJson } from '../../../app/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadMore } from '../../../components/LoadMore';
import { useCursorList } from '../../../hooks/useCursorList';

const PAGE_SIZE = 50;
const KINDS: readonly EventKind[] = ['heartbeat', 'metric', 'event', 'txn', 'login'];
const KIND_COLOR: Record<string, string> = { heartbeat: 'green', metric: 'blue', event: 'orange', txn: 'purple', login: 'cyan' };

/** A device's recent raw events, newest first, with the envelope's data as compact JSON (Chinese text intact). */
export function DeviceEvents({ deviceId }: { deviceId: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<EventKind | undefined>(undefined);
  const fetchPage = useCallback(
    (cursor: string | undefined) => telemetryApi.events(deviceId, { kind, cursor, limit: PAGE_SIZE }),
    [deviceId, kind],
  );
  const list = useCursorList(fetchPage, `${deviceId}:${kind ?? ''}`);

  const columns: ColumnsType<DeviceEvent> = [
    { title: t('event.ts'), key: 'ts', width: 170, render: (_: unknown, e) => formatDateTime(e.ts) },
    {
      title: t('event.kind'),
      key: 'kind',
      width: 100,
      render: (_: unknown, e) => <Tag color={KIND_COLOR[e.kind]}>{t(`event.kindName.${e.kind}`, { defaultValue: e.kind })}</Tag>,
    },
    { title: t('event.source'), dataIndex: 'source', key: 'source', width: 90 },
    {
      title: t('event.data'),
      key: 'data',
      render: (_: unknown, e) => (
        <Typography.Text code style={{ wordBreak: 'break-all', fontSize: 12 }} data-testid="event-data">
          {compactJson(e.data)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <div data-testid="device-events">
      <Select
        allowClear
        placeholder={t('event.allKinds')}
        value={kind}
        onChange={(next?: EventKind) => setKind(next)}
        options={KINDS.map((k) => ({ value: k, label: t(`event.kindName.${k}`) }))}
        style={{ width: 160, marginBottom: 12 }}
        data-testid="events-filter-kind"
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<DeviceEvent>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 720 }}
        expandable={{
          expandedRowRender: (e) => (
            <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
              {prettyJson({ id: e.id, ts: e.ts, receivedAt: e.receivedAt, siteCode: e.siteCode, labels: e.labels, data: e.data })}
            </pre>
          ),
        }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onLoadMore={list.loadMore} count={list.items.length} />
    </div>
  );
}
