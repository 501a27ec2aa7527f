import { Card, Col, Empty, Flex, List, Row, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DeviceHealth, EstateSummary } from '../api/types';
import { formatDateTime } from '../app/format';
import { HEALTH_HEX } from '../app/health';
import { describeHealthReason } from '../app/healthReason';
import { ErrorAlert } from '../components/ErrorAlert';
import { HealthTag } from '../components/HealthTag';
import { RATE_PENDING } from '../components/LiveIndicator';
import { RelativeTime } from '../components/RelativeTime';
import { useEstateSummary } from '../hooks/useEstate';
import { useLiveSnapshot } from '../hooks/useLive';

type SiteRow = EstateSummary['sites'][number];

/** The device list filtered the way the count was made (the list keeps its filters in the URL). */
export function devicesLink(filter: { site?: string; health?: DeviceHealth }): string {
  const params = new URLSearchParams();
  if (filter.site) params.set('site', filter.site);
  if (filter.health) params.set('health', filter.health);
  const query = params.toString();
  return query ? `/devices?${query}` : '/devices';
}

/** A count that opens the device list showing exactly those devices; zero stays plain text. */
function CountLink({ count, site, health, testId }: { count: number; site?: string; health?: DeviceHealth; testId: string }) {
  const color = health && count > 0 ? HEALTH_HEX[health] : undefined;
  if (count === 0) return <Typography.Text type="secondary" data-testid={testId}>0</Typography.Text>;
  return (
    <Link to={devicesLink({ site, health })} data-testid={testId} style={{ color, fontWeight: health ? 600 : undefined }}>
      {count}
    </Link>
  );
}

function IngestRate() {
  const { t } = useTranslation();
  const { rate } = useLiveSnapshot();
  return (
    <Statistic
      title={t('home.estate.ingestRate')}
      value={rate ? rate.perSecond : RATE_PENDING}
      suffix={t('home.estate.perSecond')}
      data-testid="home-ingest-rate"
    />
  );
}

/**
 * The estate at a glance on the home page, until alerts take that place: devices offline and degraded per site (the
 * user's sites only), the live ingest rate and the latest health changes, each count a link to the filtered list.
 */
export function EstateGlance() {
  const { t } = useTranslation();
  const summary = useEstateSummary();
  const s = summary.data;
  // The recent changes name their site by id; people know a site by its name.
  const siteNames = new Map(s?.sites.map((site) => [site.id, site.name]));

  const columns: ColumnsType<SiteRow> = [
    {
      title: t('home.estate.site'),
      key: 'site',
      ellipsis: true,
      render: (_: unknown, site) => (
        <Link to={devicesLink({ site: site.id })} title={site.code}>
          {site.name}
        </Link>
      ),
    },
    ...(['offline', 'degraded'] as const).map((health) => ({
      title: t(`health.${health}`),
      key: health,
      width: 72,
      align: 'right' as const,
      render: (_: unknown, site: SiteRow) => (
        <CountLink count={site.health[health]} site={site.id} health={health} testId={`home-site-${site.code}-${health}`} />
      ),
    })),
    {
      title: t('home.estate.devices'),
      key: 'total',
      width: 72,
      align: 'right',
      render: (_: unknown, site) => <CountLink count={site.total} site={site.id} testId={`home-site-${site.code}-total`} />,
    },
  ];

  return (
    <Card title={t('home.estate.title')} data-testid="home-estate" extra={<Link to="/devices">{t('home.estate.allDevices')}</Link>}>
      <ErrorAlert error={summary.error} onRetry={summary.reload} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(['offline', 'degraded'] as const).map((health) => (
          <Col xs={12} sm={6} key={health}>
            <Statistic
              title={t(`health.${health}`)}
              valueRender={() => <CountLink count={s?.health[health] ?? 0} health={health} testId={`home-total-${health}`} />}
              loading={summary.loading && !s}
            />
          </Col>
        ))}
        <Col xs={12} sm={6}>
          <Statistic
            title={t('home.estate.devices')}
            valueRender={() => <CountLink count={s?.total ?? 0} testId="home-total-devices" />}
            loading={summary.loading && !s}
          />
        </Col>
        <Col xs={12} sm={6}>
          <IngestRate />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('home.estate.bySite')}</Typography.Title>
          <Table<SiteRow>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={s?.sites ?? []}
            loading={summary.loading && !s}
            pagination={s && s.sites.length > 8 ? { pageSize: 8, size: 'small', showSizeChanger: false } : false}
            tableLayout="fixed"
            onRow={(site) => ({ 'data-testid': `home-site-${site.code}` }) as React.HTMLAttributes<HTMLElement>}
            data-testid="home-sites"
          />
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('home.estate.recent')}</Typography.Title>
          {s && s.recent.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.estate.noChanges')} />
          ) : (
            <List
              size="small"
              loading={summary.loading && !s}
              dataSource={s?.recent ?? []}
              data-testid="home-recent"
              renderItem={(change) => (
                <List.Item key={change.deviceId} data-testid={`home-recent-${change.code}`}>
                  <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                    <Flex gap={8} align="center" wrap>
                      <HealthTag health={change.health} />
                      <Link to={`/devices/${encodeURIComponent(change.deviceId)}`}>
                        <Typography.Text code>{change.code}</Typography.Text>
                      </Link>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} title={formatDateTime(change.at)}>
                        <RelativeTime iso={change.at} />
                      </Typography.Text>
                    </Flex>
                    <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                      {change.name} · {siteNames.get(change.siteId) ?? change.siteCode}
                      {change.reason ? ` · ${describeHealthReason(t, change.reason)}` : ''}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          )}
        </Col>
      </Row>
    </Card>
  );
}
