import { Flex, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { telemetryApi } from '../../../api/telemetry';
import type { DeviceEvent, EventKind } from '../../../api/types';
import { formatDateTime, prettyJson } from '../../../app/format';
import { CursorTable } from '../../../components/CursorTable';
import { useCursorList } from '../../../hooks/useCursorList';
import { eventFieldKeys, eventFieldLabel, eventFields } from './eventFields';

const PAGE_SIZE = 50;
const KINDS: readonly EventKind[] = ['heartbeat', 'metric', 'event', 'txn', 'login'];
const KIND_COLOR: Record<string, string> = { heartbeat: 'green', metric: 'blue', event: 'orange', txn: 'purple', login: 'cyan' };
const FIELD_WIDTH = 130;

/** The fields an event carries, as "label value" pairs on one wrapping line: the all-kinds view. */
function EventContent({ event }: { event: DeviceEvent }) {
  const { t } = useTranslation();
  const fields = eventFields(t, event.kind, event.data).filter((f) => f.text !== null);
  return (
    <Flex wrap gap="2px 16px" data-testid="event-data" data-kind={event.kind}>
      {fields.map((f) => (
        <span key={f.key} data-testid={`event-field-${f.key}`} style={{ whiteSpace: 'nowrap', maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          <Typography.Text type="secondary">{f.label} </Typography.Text>
          <Typography.Text>{f.text}</Typography.Text>
        </span>
      ))}
    </Flex>
  );
}

/**
 * A device's recent events, newest first, in words: each kind's fields labelled (amounts in yuan, statuses translated,
 * personal fields as the server sends them — masked for most readers). Filtered to one kind, each field gets a column.
 * The envelope as received stays one click away in the expandable row.
 */
export function DeviceEvents({ deviceId }: { deviceId: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<EventKind | undefined>(undefined);
  const fetchPage = useCallback(
    (cursor: string | undefined) => telemetryApi.events(deviceId, { kind, cursor, limit: PAGE_SIZE }),
    [deviceId, kind],
  );
  const list = useCursorList(fetchPage, `${deviceId}:${kind ?? ''}`);

  const columns = useMemo<ColumnsType<DeviceEvent>>(() => {
    const head: ColumnsType<DeviceEvent> = [
      { title: t('event.ts'), key: 'ts', width: 170, render: (_: unknown, e) => formatDateTime(e.ts) },
      {
        title: t('event.kind'),
        key: 'kind',
        width: 90,
        render: (_: unknown, e) => <Tag color={KIND_COLOR[e.kind]}>{t(`event.kindName.${e.kind}`, { defaultValue: e.kind })}</Tag>,
      },
    ];
    const source: ColumnsType<DeviceEvent>[number] = { title: t('event.source'), dataIndex: 'source', key: 'source', width: 90 };
    if (!kind) return [...head, { title: t('event.content'), key: 'content', render: (_: unknown, e) => <EventContent event={e} /> }, source];
    return [
      ...head,
      ...eventFieldKeys(kind).map((key) => ({
        title: eventFieldLabel(t, key),
        key,
        width: key === 'message' || key === 'userAgent' ? FIELD_WIDTH * 2 : FIELD_WIDTH,
        ellipsis: true,
        render: (_: unknown, e: DeviceEvent) => (
          <span data-testid={`event-cell-${key}`}>{eventFields(t, e.kind, e.data).find((f) => f.key === key)?.text ?? '—'}</span>
        ),
      })),
      source,
    ];
  }, [kind, t]);

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
      <CursorTable<DeviceEvent>
        list={list}
        rowKey="id"
        size="small"
        columns={columns}
        scroll={{ x: kind ? 'max-content' : 720 }}
        onRow={(e) => ({ 'data-testid': `event-row-${e.kind}` }) as React.HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowRender: (e) => (
            <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }} data-testid="event-raw">
              {prettyJson({ id: e.id, ts: e.ts, receivedAt: e.receivedAt, siteCode: e.siteCode, labels: e.labels, data: e.data })}
            </pre>
          ),
        }}
      />
    </div>
  );
}
