import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Alert } from '../../api/alerts';
import { RelativeTime } from '../../components/RelativeTime';
import { alertPath, type AlertColumnOptions } from './alertColumns';
import { describeAlertDetail } from './alertDetail';
import { AlertBadges, LevelTag, StateTag } from './AlertTags';
import { canAcknowledge, LEVEL_HEX } from './alertValues';

/** The alert list on a phone: one card per alert, its level as the card's edge, acknowledge and silence at hand. */
export function AlertCards({ alerts, options }: { alerts: Alert[]; options: AlertColumnOptions }) {
  const { t } = useTranslation();
  if (alerts.length === 0) return <Typography.Text type="secondary">{t('alert.empty')}</Typography.Text>;
  return (
    <Flex vertical gap={8}>
      {alerts.map((a) => (
        <Card key={a.id} size="small" style={{ borderLeft: `4px solid ${LEVEL_HEX[a.level]}` }} data-testid={`alert-card-${a.id}`}>
          <Flex justify="space-between" align="center" gap={8}>
            <Flex gap={6} align="center" style={{ minWidth: 0 }}>
              <LevelTag level={a.level} />
              <Link to={alertPath(a.id)} style={{ fontWeight: 500, minWidth: 0 }}>
                <Typography.Text ellipsis style={{ color: 'inherit' }}>
                  {options.title(a)}
                </Typography.Text>
              </Link>
            </Flex>
            <StateTag state={a.state} />
          </Flex>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '4px 0', fontSize: 12 }}>
            {describeAlertDetail(t, a.detail)}
          </Typography.Paragraph>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {options.siteName(a) ?? t('alert.noSite')}
              {a.labels.device ? ` · ${a.labels.device}` : ''} · <RelativeTime iso={a.firedAt ?? a.activeAt} />
              {a.children > 0 ? ` · ${t('alert.childrenCount', { count: a.children })}` : ''}
            </Typography.Text>
            <Flex gap={4} wrap>
              <AlertBadges alert={a} />
              {options.onAck && canAcknowledge(a) ? (
                <Button size="small" type="primary" icon={<CheckOutlined />} loading={options.busy?.has(a.id)} onClick={() => options.onAck?.(a)}>
                  {t('alert.ack')}
                </Button>
              ) : null}
              {options.onSilence && a.state !== 'resolved' ? (
                <Button size="small" icon={<BellOutlined />} onClick={() => options.onSilence?.(a)} aria-label={t('alert.silence')} />
              ) : null}
            </Flex>
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
