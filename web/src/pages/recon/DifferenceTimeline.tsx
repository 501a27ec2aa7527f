import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import type { DifferenceEvent } from './reconApi';

/** Who did what to a difference and when, with their words, oldest first. */
export function DifferenceTimeline({ events }: { events: DifferenceEvent[] }) {
  const { t } = useTranslation();
  if (events.length === 0) return <Typography.Text type="secondary">{t('recon.timeline.empty')}</Typography.Text>;
  const what = (e: DifferenceEvent) => {
    switch (e.kind) {
      case 'state':
        return t('recon.timeline.state', {
          from: e.fromState ? t(`recon.state.${e.fromState}`) : '',
          to: e.toState ? t(`recon.state.${e.toState}`) : '',
        }) + (e.resolution ? ` · ${t(`recon.resolution.${e.resolution}`)}` : '');
      case 'assign':
        return e.assignee ? t('recon.timeline.assign', { name: e.assignee.name }) : t('recon.timeline.unassign');
      case 'propose':
        return t('recon.timeline.propose', { resolution: e.resolution ? t(`recon.resolution.${e.resolution}`) : '' });
      case 'approve':
        return t('recon.timeline.approve', { resolution: e.resolution ? t(`recon.resolution.${e.resolution}`) : '' });
      case 'refuse':
        return t('recon.timeline.refuse', { resolution: e.resolution ? t(`recon.resolution.${e.resolution}`) : '' });
      default:
        return t(`recon.event.${e.kind}`);
    }
  };
  return (
    <Timeline
      data-testid="recon-diff-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: e.kind === 'approve' ? 'green' : e.kind === 'refuse' ? 'red' : e.kind === 'propose' ? 'purple' : 'blue',
        content: (
          <div data-testid={`recon-event-${e.kind}`}>
            <Typography.Text strong>{e.actor?.name ?? t('recon.job.system')}</Typography.Text> <Typography.Text>{what(e)}</Typography.Text>{' '}
            <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
            {e.note ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{e.note}</Typography.Paragraph> : null}
          </div>
        ),
      }))}
    />
  );
}
