import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertCounts, AlertLevel } from '../../api/alerts';
import { LEVEL_HEX, LEVELS } from './alertValues';

/**
 * Open top-level alerts per level, at the top of the list: each count is a button that shows only that level (and
 * all again on a second click).
 */
export function LevelCounts({
  counts,
  selected,
  onSelect,
}: {
  counts: AlertCounts | undefined;
  selected: readonly AlertLevel[];
  onSelect: (level: AlertLevel) => void;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={12} wrap style={{ marginBottom: 16 }} data-testid="alert-level-counts">
      {LEVELS.map((level) => {
        const count = counts?.byLevel[String(level)] ?? 0;
        const active = selected.includes(level);
        return (
          <Card
            key={level}
            size="small"
            hoverable
            role="button"
            aria-pressed={active}
            tabIndex={0}
            onClick={() => onSelect(level)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(level);
              }
            }}
            style={{
              minWidth: 140,
              borderColor: active ? LEVEL_HEX[level] : undefined,
              borderWidth: active ? 2 : 1,
              borderLeft: `4px solid ${LEVEL_HEX[level]}`,
            }}
            data-testid={`alert-count-${level}`}
          >
            <Flex vertical>
              <Typography.Text type="secondary">{t('alert.openAtLevel', { level: t(`alert.level.${level}`) })}</Typography.Text>
              <Typography.Text strong style={{ fontSize: 26, color: count > 0 ? LEVEL_HEX[level] : undefined }} data-testid={`alert-count-${level}-value`}>
                {counts ? count : '–'}
              </Typography.Text>
            </Flex>
          </Card>
        );
      })}
    </Flex>
  );
}
