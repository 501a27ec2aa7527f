import { Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { alertsApi, type AlertCounts, type AlertLevel } from '../../api/alerts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { useSites } from '../../hooks/useReferenceData';
import { alertsLink } from './alertFilters';
import { LEVEL_HEX, LEVELS } from './alertValues';
import { useAlertReload } from './useLiveAlerts';

type SiteRow = AlertCounts['bySite'][number];
const levelCount = (row: SiteRow, level: AlertLevel) => (level === 1 ? row.level1 : level === 2 ? row.level2 : row.level3);

/** A count that opens the alert list showing exactly those alerts; zero stays plain text. */
function CountLink({ count, level, site, testId }: { count: number; level?: AlertLevel; site?: string; testId: string }) {
  if (count === 0) return <Typography.Text type="secondary" data-testid={testId}>0</Typography.Text>;
  return (
    <Link to={alertsLink({ level, site })} data-testid={testId} style={{ color: level ? LEVEL_HEX[level] : undefined, fontWeight: 600 }}>
      {count}
    </Link>
  );
}

/**
 * Open alerts on the home page: per level, and per site (the user's sites only), each count a link to the list
 * filtered the same way; kept current by the live stream.
 */
export function AlertsGlance() {
  const { t } = useTranslation();
  const counts = useAsync(alertsApi.counts, 'home-alert-counts');
  const sites = useSites();
  useAlertReload(counts.reload);
  const c = counts.data;
  const rows = [...(c?.bySite ?? [])].sort((a, b) => b.level1 - a.level1 || b.level2 - a.level2 || b.level3 - a.level3);
  const siteLabel = (id: string | null) => (id ? (sites.byId.get(id)?.name ?? id) : t('alert.noSite'));

  const columns: ColumnsType<SiteRow> = [
    {
      title: t('home.alerts.site'),
      key: 'site',
      ellipsis: true,
      render: (_: unknown, row) => (row.siteId ? <Link to={alertsLink({ site: row.siteId })}>{siteLabel(row.siteId)}</Link> : siteLabel(null)),
    },
    ...LEVELS.map((level) => ({
      title: t(`alert.level.${level}`),
      key: `level${level}`,
      width: 72,
      align: 'right' as const,
      render: (_: unknown, row: SiteRow) => (
        <CountLink count={levelCount(row, level)} level={level} site={row.siteId ?? undefined} testId={`home-alerts-${row.siteId ?? 'none'}-${level}`} />
      ),
    })),
  ];

  return (
    <Card title={t('home.alerts.title')} data-testid="home-alerts" extra={<Link to="/alerts">{t('home.alerts.all')}</Link>}>
      <ErrorAlert error={counts.error} onRetry={counts.reload} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Row gutter={[16, 16]}>
            {LEVELS.map((level) => (
              <Col xs={8} key={level}>
                <Statistic
                  title={t('alert.openAtLevel', { level: t(`alert.level.${level}`) })}
                  valueRender={() => <CountLink count={c?.byLevel[String(level)] ?? 0} level={level} testId={`home-alerts-level-${level}`} />}
                  loading={counts.loading && !c}
                />
              </Col>
            ))}
          </Row>
        </Col>
        <Col xs={24} lg={14}>
          {c && rows.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.alerts.none')} />
          ) : (
            <Table<SiteRow>
              rowKey={(row) => row.siteId ?? 'none'}
              size="small"
              columns={columns}
              dataSource={rows}
              loading={counts.loading && !c}
              pagination={rows.length > 8 ? { pageSize: 8, size: 'small', showSizeChanger: false } : false}
              tableLayout="fixed"
              data-testid="home-alerts-sites"
              onRow={(row) => ({ 'data-testid': `home-alerts-site-${row.siteId ?? 'none'}` }) as HTMLAttributes<HTMLElement>}
            />
          )}
        </Col>
      </Row>
    </Card>
  );
}
