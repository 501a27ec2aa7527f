import { Card, Flex, Tag } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { estateApi } from '../../../api/estate';
import { HEALTH_TAG_COLOR } from '../../../app/health';
import { CursorFrame } from '../../../components/CursorTable';
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
      <CursorFrame list={list} footer="whenMore">
        <Flex wrap gap={6}>
          {list.items.map((d) => (
            <Link key={d.id} to={`/devices/${encodeURIComponent(d.id)}`}>
              <Tag color={HEALTH_TAG_COLOR[d.health]} title={`${d.name} · ${t(`health.${d.health}`)}`}>
                {d.code}
              </Tag>
            </Link>
          ))}
        </Flex>
      </CursorFrame>
    </Card>
  );
}
