import { Card, Flex, Tag } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { estateApi } from '../../../api/estate';
import { HEALTH_TAG_COLOR } from '../../../app/health';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadMore } from '../../../components/LoadMore';
import { useCursorList } from '../../../hooks/useCursorList';

const PAGE_SIZE = 50;

/** The devices hanging directly off this one, each a tag in its health colour linking to its page. */
export function DownstreamList({ deviceId, count }: { deviceId: string; count: number }) {
  const { t } = useTranslation();
  const fetchPage = useCallback((cursor: string | undefined) => estateApi.downstream(deviceId, cursor, PAGE_SIZE), [deviceId]);
  const list = useCursorList(fetchPage, deviceId, count > 0);
  if (count === 0) return null;
  return (
    <Card size="small" title={t('device.downstreamTitle', { count })} style={{ marginTop: 12 }} data-testid="device-downstream">
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Flex wrap gap={6}>
        {list.items.map((d) => (
          <Link key={d.id} to={`/devices/${encodeURIComponent(d.id)}`}>
            <Tag color={HEALTH_TAG_COLOR[d.health]} title={`${d.name} · ${t(`health.${d.health}`)}`}>
              {d.code}
            </Tag>
          </Link>
        ))}
      </Flex>
      {list.hasMore ? (
        <LoadMore hasMore={list.hasMore} loading={list.loading} onLoadMore={list.loadMore} count={list.items.length} />
      ) : null}
    </Card>
  );
}
