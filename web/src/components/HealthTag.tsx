import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeviceHealth, HealthCounts as Counts, HealthReason } from '../api/types';
import { HEALTH_HEX, HEALTH_TAG_COLOR, nonZeroHealth } from '../app/health';
import { describeHealthReason } from '../app/healthReason';

/** A device's health as a coloured tag (online green, degraded orange, offline red, maintenance blue, unknown grey). */
export function HealthTag({ health, reason, testId }: { health: DeviceHealth; reason?: HealthReason | null; testId?: string }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={HEALTH_TAG_COLOR[health]} data-testid={testId} data-health={health} style={{ marginInlineEnd: 0 }}>
      {t(`health.${health}`)}
    </Tag>
  );
  const said = describeHealthReason(t, reason);
  return said ? <Tooltip title={said}>{tag}</Tooltip> : tag;
}

/** Device counts by health as small coloured dots with numbers; states with no device are left out. */
export function HealthCounts({ counts, testId }: { counts: Counts; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid={testId} style={{ display: 'inline-flex', gap: 6, fontSize: 12, whiteSpace: 'nowrap' }}>
      {nonZeroHealth(counts).map(({ health, count }) => (
        <Tooltip key={health} title={t(`health.${health}`)}>
          <span data-health={health} aria-label={`${t(`health.${health}`)} ${count}`}>
            <span
              style={{
                display: 'inline-block',
                width: 7,
                height: 7,
                borderRadius: '50%',
                background: HEALTH_HEX[health],
                marginInlineEnd: 3,
                verticalAlign: 'middle',
              }}
            />
            {count}
          </span>
        </Tooltip>
      ))}
    </span>
  );
}
