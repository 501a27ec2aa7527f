import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useCallback, useMemo, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../../hooks/useAuth';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { useSites } from '../../hooks/useReferenceData';
import { incidentColumns } from './incidentColumns';
import { IncidentFilters } from './IncidentFilters';
import { filtersFromParams, filtersToParams, mayMatchFilters, toListQuery, type IncidentFilterValues } from './incidentFilters';
import { incidentsApi, type Incident } from './incidentsApi';
import { INCIDENT_PERMISSION } from './incidentPermissions';
import { useIncidentReload, useLiveIncident } from './useLiveIncidents';

const PAGE_SIZE = 50;

/**
 * The incident list: open incidents by default, newest first, filters in the URL, each row with its SLA countdown. It
 * follows the live stream: a row that changes is read again in place; a change that may belong in the list reloads it.
 */
export default function IncidentsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe();
  const sites = useSites();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const setFilters = useCallback((next: IncidentFilterValues) => setParams(filtersToParams(next), { replace: true }), [setParams]);
  const fetchPage = useCallback((cursor: string | undefined) => incidentsApi.list({ ...toListQuery(filters), cursor, limit: PAGE_SIZE }), [filters]);
  const list = useCursorList(fetchPage, filtersToParams(filters).toString());
  const { replace, reload } = list;

  /** A shown row read again after a change; one that no longer passes the filters goes with the next reload. */
  const refreshRow = useCallback(
    (id: string) => {
      incidentsApi.get(id).then(
        ({ incident }) => replace((i) => i.id === id, incident),
        // A row that cannot be read now stays as it was; the next change or the refresh button reads it again.
        () => undefined,
      );
    },
    [replace],
  );

  useLiveIncident((event) => {
    if (list.items.some((i) => i.id === event.incidentId)) refreshRow(event.incidentId);
  });
  useIncidentReload(reload, (event) => !list.items.some((i) => i.id === event.incidentId) && mayMatchFilters(event, filters, me.id));

  const siteName = (id: string) => sites.byId.get(id)?.name ?? id;

  return (
    <>
      <PageHeader
        title={t('nav.incidents')}
        extra={
          <>
            {can(INCIDENT_PERMISSION.create) ? (
              <Link to="/incidents/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="incidents-new">
                  {t('incident.new')}
                </Button>
              </Link>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={reload} data-testid="incidents-refresh">
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      <IncidentFilters value={filters} onChange={setFilters} sites={sites.data ?? []} />
      <CursorTable<Incident>
        list={list}
        testId="incidents-table"
        loadMoreTestId="incidents-load-more"
        rowKey="id"
        size="middle"
        columns={incidentColumns(t, siteName)}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('incident.empty')}</Typography.Text> }}
        onRow={(i) => ({ 'data-testid': `incident-row-${i.id}`, 'data-state': i.state }) as HTMLAttributes<HTMLElement>}
      />
    </>
  );
}
