import { Empty, Flex, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertTimelineEntry } from '../../api/alerts';
import { formatDateTime } from '../../app/format';
import { RelativeTime } from '../../components/RelativeTime';
import { TIMELINE_COLOR, timelineDetails, timelineTitle } from './timeline';

/** Every transition of an alert, oldest first, with who did it (or opsdesk) and when. */
export function AlertTimeline({ entries }: { entries: AlertTimelineEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alert.timeline.empty')} />;
  return (
    <Timeline
      data-testid="alert-timeline"
      items={entries.map((entry, i) => ({
        key: `${entry.at}-${i}`,
        color: TIMELINE_COLOR[entry.kind] ?? 'gray',
        content: (
          <Flex vertical gap={2} data-testid={`alert-timeline-${entry.kind}`}>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{timelineTitle(t, entry)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(entry.at)} · <RelativeTime iso={entry.at} />
              </Typography.Text>
            </Flex>
            {timelineDetails(t, entry).map((line) => (
              <Typography.Text key={line} type="secondary">
                {line}
              </Typography.Text>
            ))}
          </Flex>
        ),
      }))}
    />
  );
}
