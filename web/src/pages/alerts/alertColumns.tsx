import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import type { Alert } from '../../api/alerts';
import { RelativeTime } from '../../components/RelativeTime';
import { describeAlertDetail } from './alertDetail';
import { AlertBadges, LevelTag, SourceTag, StateTag } from './AlertTags';
import { canAcknowledge } from './alertValues';

export interface AlertColumnOptions {
  t: TFunction;
  title: (alert: Alert) => string;
  siteName: (alert: Alert) => string | null;
  subsystemLabel: (code: string) => string;
  /** acknowledge from the row (absent: no ack column button) */
  onAck?: (alert: Alert) => void;
  /** open the silence form prefilled from the row (absent: no silence button) */
  onSilence?: (alert: Alert) => void;
  /** ids being acknowledged right now */
  busy?: ReadonlySet<string>;
  /** links the device code to its page */
  deviceLinks: boolean;
}

export const alertPath = (id: string) => `/alerts/${encodeURIComponent(id)}`;

/** The alert list's columns; the children of a topology alert use the same ones. */
export function alertColumns(o: AlertColumnOptions): ColumnsType<Alert> {
  const { t } = o;
  const columns: ColumnsType<Alert> = [
    {
      title: t('alert.column.level'),
      key: 'level',
      width: 76,
      render: (_: unknown, a) => <LevelTag level={a.level} testId={`alert-level-${a.id}`} />,
    },
    {
      title: t('alert.column.alert'),
      key: 'alert',
      render: (_: unknown, a) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Flex gap={6} align="center" wrap>
            <Link to={alertPath(a.id)} data-testid={`alert-link-${a.id}`} style={{ fontWeight: 500 }}>
              {o.title(a)}
            </Link>
            {a.children > 0 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('alert.childrenCount', { count: a.children })}
              </Typography.Text>
            ) : null}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: true }}>
            {describeAlertDetail(t, a.detail)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('alert.column.state'),
      key: 'state',
      width: 150,
      render: (_: unknown, a) => (
        <Flex gap={4} wrap>
          <StateTag state={a.state} testId={`alert-state-${a.id}`} />
          <AlertBadges alert={a} />
        </Flex>
      ),
    },
    {
      title: t('alert.column.where'),
      key: 'where',
      width: 200,
      render: (_: unknown, a) => (
        <Flex vertical gap={0} style={{ minWidth: 0 }}>
          <Typography.Text ellipsis>{o.siteName(a) ?? t('alert.noSite')}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {a.deviceId && a.labels.device && o.deviceLinks ? (
              <Link to={`/devices/${encodeURIComponent(a.deviceId)}`}>{a.labels.device}</Link>
            ) : (
              (a.labels.device ?? '')
            )}
            {a.subsystem ? `${a.labels.device ? ' · ' : ''}${o.subsystemLabel(a.subsystem)}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('alert.column.source'),
      key: 'source',
      width: 110,
      render: (_: unknown, a) => <SourceTag source={a.source} />,
    },
    {
      title: t('alert.column.since'),
      key: 'since',
      width: 110,
      render: (_: unknown, a) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <RelativeTime iso={a.firedAt ?? a.activeAt} />
        </span>
      ),
    },
  ];
  if (o.onAck || o.onSilence) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_: unknown, a) => (
        <Flex gap={4} wrap>
          {o.onAck && canAcknowledge(a) ? (
            <Button
              size="small"
              type="primary"
              icon={<CheckOutlined />}
              loading={o.busy?.has(a.id)}
              onClick={() => o.onAck?.(a)}
              data-testid={`alert-ack-${a.id}`}
            >
              {t('alert.ack')}
            </Button>
          ) : null}
          {o.onSilence && a.state !== 'resolved' ? (
            <Button size="small" icon={<BellOutlined />} onClick={() => o.onSilence?.(a)} data-testid={`alert-silence-${a.id}`}>
              {t('alert.silence')}
            </Button>
          ) : null}
        </Flex>
      ),
    });
  }
  return columns;
}
