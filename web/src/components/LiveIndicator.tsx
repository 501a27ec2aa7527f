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

/** Shown instead of a number until the stream's first ingest.rate arrives (two seconds after it opens). */
export const RATE_PENDING = '—';

/**
 * The header's small live mark: whether the stream is connected, and events ingested per second. Before the first
 * rate arrives the count is a dash, not a zero: "0 events/s" would claim the estate is silent.
 */
export function LiveIndicator({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { status, rate } = useLiveSnapshot();
  const perSecond = rate ? rate.perSecond : RATE_PENDING;
  return (
    <Tooltip title={t(`live.status.${status}`)}>
      <span data-testid="live-status" data-status={status} style={{ whiteSpace: 'nowrap', marginRight: 8 }}>
        <Badge status={BADGE[status]} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="ingest-rate" data-pending={rate ? undefined : 'true'}>
          {compact ? t('live.rateShort', { rate: perSecond }) : t('live.rate', { rate: perSecond })}
        </Typography.Text>
      </span>
    </Tooltip>
  );
}
