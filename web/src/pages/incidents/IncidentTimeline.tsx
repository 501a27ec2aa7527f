import { Empty, Flex, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../app/format';
import { RelativeTime } from '../../components/RelativeTime';
import type { TimelineItem } from './incidentsApi';
import { linkedAlertOf, timelineColor, timelineDetails, timelineWhat, timelineWho, type TimelineNames } from './timeline';

/** Every step of an incident, oldest first: who (or opsdesk), when, what, and what it did to the SLA clocks. */
export function IncidentTimeline({ entries, names }: { entries: TimelineItem[]; names: TimelineNames }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.timeline.empty')} />;
  return (
    <Timeline
      data-testid="incident-timeline"
      items={entries.map((entry) => {
        const alertId = linkedAlertOf(entry);
        return {
          key: entry.id,
          color: timelineColor(entry.kind),
          content: (
            <Flex vertical gap={2} data-testid={`incident-timeline-${entry.kind}`}>
              <Flex gap={8} align="center" wrap>
                {/* Name and step side by side, not one sentence: reads the same in both languages. */}
                <Typography.Text strong data-testid="incident-timeline-who">
                  {timelineWho(t, entry, names)}
                </Typography.Text>
                <Typography.Text strong data-testid="incident-timeline-what">
                  {timelineWhat(t, entry.kind)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(entry.at)} · <RelativeTime iso={entry.at} />
                </Typography.Text>
              </Flex>
              {timelineDetails(t, entry, names).map((line, i) => (
                <Typography.Text key={`${i}-${line}`} type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                  {line}
                </Typography.Text>
              ))}
              {alertId ? <Link to={`/alerts/${encodeURIComponent(alertId)}`}>{t('incident.openAlert')}</Link> : null}
            </Flex>
          ),
        };
      })}
    />
  );
}
