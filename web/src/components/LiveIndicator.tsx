import { Badge, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LiveStatus } from '../app/liveBus';
import { useLiveSnapshot } from '../hooks/useLive';

const BADGE: Record<LiveStatus, 'success' | 'processing' | 'warning' | 'default'> = {
  open: 'success',
  connecting: 'processing',
  closed: 'warning',
  idle: 'default',
};

/** The header's small live mark: whether the stream is connected, and events ingested per second. */
export function LiveIndicator({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { status, rate } = useLiveSnapshot();
  const perSecond = rate?.perSecond ?? 0;
  return (
    <Tooltip title={t(`live.status.${status}`)}>
      <span data-testid="live-status" data-status={status} style={{ whiteSpace: 'nowrap', marginRight: 8 }}>
        <Badge status={BADGE[status]} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="ingest-rate">
          {compact ? t('live.rateShort', { rate: perSecond }) : t('live.rate', { rate: perSecond })}
        </Typography.Text>
      </span>
    </Tooltip>
  );
}
