import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Typography } from 'antd';
import { useCallback, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { alertsApi, type Alert } from '../../api/alerts';
import { describeError } from '../../app/errors';
import { CursorFrame, CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCursorList } from '../../hooks/useCursorList';
import { useCatalogLabels } from '../../hooks/useEstate';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useCan } from '../../hooks/usePermission';
import { AlertCards } from './AlertCards';
import { alertColumns, type AlertColumnOptions } from './alertColumns';
import { AlertFilters } from './AlertFilters';
import { filtersFromParams, filtersToParams, matchesFilters, toggleLevel, toListQuery, type AlertFilterValues } from './alertFilters';
import { ALERT_PERMISSION } from './alertPermissions';
import { silenceMatchersFor } from './alertValues';
import { ChildAlerts } from './ChildAlerts';
import { LevelCounts } from './LevelCounts';
import { SilenceModal } from './SilenceModal';
import { useAlertNames } from './useAlertNames';
import { useAlertReload, useLiveAlert } from './useLiveAlerts';

const PAGE_SIZE = 50;

/**
 * The alert list, the first page an engineer on duty opens: open top-level alerts by default, counts per level on top,
 * filters in the URL, a topology alert's row opening onto its children, acknowledge and silence from the row. It
 * follows the live stream: a row that changes is read again in place; a new alert that belongs in the list reloads it.
 */
export default function AlertsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const isMobile = useIsMobile();
  const names = useAlertNames();
  const labels = useCatalogLabels();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const setFilters = useCallback((next: AlertFilterValues) => setParams(filtersToParams(next), { replace: true }), [setParams]);
  const fetchPage = useCallback(
    (cursor: string | undefined) => alertsApi.list({ ...toListQuery(filters), cursor, limit: PAGE_SIZE }),
    [filters],
  );
  const list = useCursorList(fetchPage, filtersToParams(filters).toString());
  const counts = useAsync(alertsApi.counts, 'alert-counts');
  const [childRevision, setChildRevision] = useState(0);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [silencing, setSilencing] = useState<Alert | null>(null);
  const { replace, reload } = list;

  /** A row read again after a change; one that got attached to a parent leaves the top level, so the list reloads. */
  const refreshRow = useCallback(
    (id: string) => {
      alertsApi.get(id).then(
        ({ alert, children }) => {
          if (alert.parentId !== null) reload();
          else replace((a) => a.id === id, { ...alert, children: Math.max(alert.children, children.length) });
        },
        // A row that cannot be read now stays as it was; the next change or the refresh button reads it again.
        () => undefined,
      );
    },
    [replace, reload],
  );

  useLiveAlert((event) => {
    if (list.items.some((a) => a.id === event.alertId)) refreshRow(event.alertId);
    else if (event.parentId !== null && list.items.some((a) => a.id === event.parentId)) {
      refreshRow(event.parentId);
      setChildRevision((r) => r + 1);
    }
  });
  // A change to an alert not shown that belongs in the list (a new alert, mostly): read the first page again.
  useAlertReload(reload, (event) => !list.items.some((a) => a.id === event.alertId) && matchesFilters(event, filters));
  useAlertReload(counts.reload);

  const ack = async (alert: Alert) => {
    setBusy((s) => new Set(s).add(alert.id));
    try {
      const next = await alertsApi.ack(alert.id);
      replace((a) => a.id === alert.id, { ...next, children: alert.children });
      setChildRevision((r) => r + 1);
      void message.success(t('alert.acknowledged'));
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setBusy((s) => {
        const rest = new Set(s);
        rest.delete(alert.id);
        return rest;
      });
    }
  };

  const options: AlertColumnOptions = {
    t,
    title: names.title,
    siteName: names.siteName,
    subsystemLabel: labels.subsystem,
    onAck: can(ALERT_PERMISSION.ack) ? (a) => void ack(a) : undefined,
    onSilence: can(ALERT_PERMISSION.silence) ? setSilencing : undefined,
    busy,
    deviceLinks: can('estate:read'),
  };

  return (
    <>
      <PageHeader
        title={t('nav.alerts')}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              reload();
              counts.reload();
            }}
            data-testid="alerts-refresh"
          >
            {t('common.refresh')}
          </Button>
        }
      />
      <LevelCounts counts={counts.data} selected={filters.levels} onSelect={(level) => setFilters(toggleLevel(filters, level))} />
      <AlertFilters value={filters} onChange={setFilters} sites={names.sites} counts={counts.data} />
      {isMobile ? (
        <CursorFrame list={list} testId="alerts-table" loadMoreTestId="alerts-load-more">
          <AlertCards alerts={list.items} options={options} />
        </CursorFrame>
      ) : (
        <CursorTable<Alert>
          list={list}
          testId="alerts-table"
          loadMoreTestId="alerts-load-more"
          rowKey="id"
          size="middle"
          columns={alertColumns(options)}
          scroll={{ x: 1100 }}
          locale={{ emptyText: <Typography.Text type="secondary">{t('alert.empty')}</Typography.Text> }}
          expandable={{
            rowExpandable: (a) => a.children > 0,
            expandedRowRender: (a) => <ChildAlerts parentId={a.id} revision={childRevision} options={options} />,
          }}
          onRow={(a) => ({ 'data-testid': `alert-row-${a.id}`, 'data-level': a.level }) as HTMLAttributes<HTMLElement>}
        />
      )}
      {silencing ? (
        <SilenceModal
          matchers={silenceMatchersFor(silencing.labels)}
          onClose={() => setSilencing(null)}
          onSaved={() => {
            const id = silencing.id;
            setSilencing(null);
            refreshRow(id);
          }}
        />
      ) : null}
    </>
  );
}
