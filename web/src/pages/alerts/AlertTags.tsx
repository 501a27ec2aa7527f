import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Alert, AlertLevel, AlertSource, AlertState } from '../../api/alerts';
import { LEVEL_COLOR, SOURCE_COLOR, STATE_COLOR, suppressionOf } from './alertValues';

/** 一级 red, 二级 orange, 三级 gold. */
export function LevelTag({ level, testId }: { level: AlertLevel; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLOR[level]} data-testid={testId} data-level={level} style={{ marginInlineEnd: 0, fontWeight: 600 }}>
      {t(`alert.level.${level}`)}
    </Tag>
  );
}

export function StateTag({ state, testId }: { state: AlertState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} data-testid={testId} data-state={state} style={{ marginInlineEnd: 0 }}>
      {t(`alert.state.${state}`)}
    </Tag>
  );
}

export function SourceTag({ source }: { source: AlertSource }) {
  const { t } = useTranslation();
  return (
    <Tag color={SOURCE_COLOR[source]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`alert.source.${source}`)}
    </Tag>
  );
}

/** Flapping and suppressed (silenced, inhibited, in maintenance), each with what it means on hover. */
export function AlertBadges({ alert }: { alert: Pick<Alert, 'id' | 'flapping' | 'suppressedBy'> }) {
  const { t } = useTranslation();
  const suppression = suppressionOf(alert.suppressedBy);
  return (
    <>
      {alert.flapping ? (
        <Tooltip title={t('alert.flappingHint')}>
          <Tag color="magenta" style={{ marginInlineEnd: 0 }} data-testid={`alert-flapping-${alert.id}`}>
            {t('alert.flapping')}
          </Tag>
        </Tooltip>
      ) : null}
      {suppression ? (
        <Tooltip title={t(`alert.suppressedHint.${suppression.kind}`)}>
          <Tag style={{ marginInlineEnd: 0 }} data-testid={`alert-suppressed-${alert.id}`}>
            {t(`alert.suppressed.${suppression.kind}`)}
          </Tag>
        </Tooltip>
      ) : null}
    </>
  );
}
