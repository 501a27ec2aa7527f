import { Card, Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import type { SlaTarget } from './incidentsApi';
import { orderedTargets, STANDING_COLOR } from './incidentValues';
import { formatBusinessMinutes, slaCountdown } from './slaText';

const STANDING_HEX: Record<SlaTarget['standing'], string | undefined> = {
  ok: '#389e0d',
  warning: '#d46b08',
  breached: '#cf1322',
  met: undefined,
  paused: undefined,
};

/**
 * The three SLA targets (respond, on site, resolve) as clocks: standing, what is left in business minutes (or how
 * late), the due instant, and the calendar the minutes are counted on.
 */
export function SlaClocks({ sla }: { sla: readonly SlaTarget[] }) {
  const { t } = useTranslation();
  const targets = orderedTargets(sla);
  if (targets.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.sla.none')} />;
  return (
    <Row gutter={[12, 12]} data-testid="incident-sla">
      {targets.map((target) => (
        <Col key={target.clock} xs={24} md={8}>
          <Card size="small" data-testid={`incident-sla-${target.clock}`} data-standing={target.standing} data-status={target.status}>
            <Flex justify="space-between" align="center">
              <Typography.Text strong>{t('incident.sla.target', { clock: t(`incident.clock.${target.clock}`) })}</Typography.Text>
              <Tag color={STANDING_COLOR[target.standing]} style={{ marginInlineEnd: 0 }}>
                {t(`incident.standing.${target.standing}`)}
              </Tag>
            </Flex>
            <div style={{ fontSize: 20, fontWeight: 600, margin: '6px 0', color: STANDING_HEX[target.standing] }} data-testid={`incident-sla-${target.clock}-left`}>
              {slaCountdown(t, target)}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('incident.sla.dueAt', { clock: t(`incident.clock.${target.clock}`), at: formatDateTime(target.dueAt) })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('incident.sla.elapsed', { time: formatBusinessMinutes(t, target.elapsedMinutes) })}
              {target.calendarName ? ` · ${t('incident.sla.calendar', { name: target.calendarName })}` : ''}
            </Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
