import { Empty, Flex, Timeline, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../../../api/estate';
import { formatDateTime } from '../../../app/format';
import { HEALTH_HEX } from '../../../app/health';
import { describeHealthReason } from '../../../app/healthReason';
import { CursorFrame } from '../../../components/CursorTable';
import { HealthTag } from '../../../components/HealthTag';
import { RelativeTime } from '../../../components/RelativeTime';
import { useCursorList } from '../../../hooks/useCursorList';

const PAGE_SIZE = 50;

/** A device's health changes, newest first; `revision` changes when the live stream reports a new one. */
export function HealthTimeline({ deviceId, revision }: { deviceId: string; revision: number }) {
  const { t } = useTranslation();
  const fetchPage = useCallback((cursor: string | undefined) => estateApi.healthHistory(deviceId, cursor, PAGE_SIZE), [deviceId]);
  const list = useCursorList(fetchPage, `${deviceId}#${revision}`);

  if (!list.loading && !list.error && list.items.length === 0) return <Empty description={t('device.noHealthHistory')} />;
  return (
    <CursorFrame list={list} testId="health-timeline">
      <Timeline
        style={{ marginTop: 8 }}
        items={list.items.map((change, i) => ({
          key: `${change.at}-${i}`,
          color: HEALTH_HEX[change.health],
          content: (
            <Flex vertical gap={2}>
              <Flex gap={8} align="center" wrap>
                <HealthTag health={change.health} />
                <Typography.Text>{formatDateTime(change.at)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <RelativeTime iso={change.at} />
                </Typography.Text>
              </Flex>
              {change.reason ? <Typography.Text type="secondary">{describeHealthReason(t, change.reason)}</Typography.Text> : null}
            </Flex>
          ),
        }))}
      />
    </CursorFrame>
  );
}
