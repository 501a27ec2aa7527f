import { ApartmentOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Drawer, Row } from 'antd';
import { useCallback, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { estateApi } from '../../api/estate';
import type { Device } from '../../api/types';
import { withHealthEvent } from '../../app/health';
import { CursorFrame, CursorTable } from '../../components/CursorTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList } from '../../hooks/useCursorList';
import { useCatalogLabels, useEstateTree } from '../../hooks/useEstate';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useLiveHealth, useLiveResync } from '../../hooks/useLive';
import { useCan } from '../../hooks/usePermission';
import { deviceColumns, deviceTableWidth } from './deviceColumns';
import { DeviceCards } from './DeviceCards';
import { DeviceFilters } from './DeviceFilters';
import { DeviceFormDrawer } from './DeviceFormDrawer';
import { EstateTree } from './EstateTree';
import {
  filtersForTreeKey,
  filtersFromParams,
  filtersToParams,
  toListQuery,
  treeKeyOf,
  type DeviceFilterValues,
} from './estateFilters';

const PAGE_SIZE = 50;

/** The estate: sites → subsystems on the left, the filtered device list on the right; both follow the live stream. */
export default function EstatePage() {
  const { t } = useTranslation();
  const can = useCan();
  const canWrite = can('estate:write');
  const isMobile = useIsMobile();
  const labels = useCatalogLabels();
  const tree = useEstateTree();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const setFilters = useCallback(
    (next: DeviceFilterValues) => setParams(filtersToParams(next), { replace: true }),
    [setParams],
  );
  const filterKey = params.toString();
  const fetchPage = useCallback(
    (cursor: string | undefined) => estateApi.list({ ...toListQuery(filters), cursor, limit: PAGE_SIZE }),
    [filters],
  );
  const list = useCursorList(fetchPage, filterKey);
  const [editing, setEditing] = useState<Device | 'new' | null>(null);
  const [treeOpen, setTreeOpen] = useState(false);

  useLiveHealth((event) => {
    const shown = list.items.find((d) => d.id === event.deviceId);
    if (shown) list.replace((d) => d.id === event.deviceId, withHealthEvent(shown, event));
  });
  useLiveResync(list.reload);

  const siteName = useCallback((d: Device) => tree.siteById.get(d.siteId)?.name ?? d.siteCode, [tree.siteById]);
  const columns = useMemo(
    () =>
      deviceColumns({
        t,
        typeLabel: labels.type,
        subsystemLabel: labels.subsystem,
        siteName,
        canWrite,
        onEdit: setEditing,
      }),
    [t, labels, siteName, canWrite],
  );

  const treeView = (
    <EstateTree
      sites={tree.data}
      loading={tree.loading}
      selectedKey={treeKeyOf(filters)}
      onSelect={(key) => {
        setFilters(filtersForTreeKey(key, filters));
        setTreeOpen(false);
      }}
    />
  );

  return (
    <>
      <PageHeader
        title={t('nav.estate')}
        extra={
          <>
            {isMobile ? (
              <Button icon={<ApartmentOutlined />} onClick={() => setTreeOpen(true)} data-testid="estate-tree-open">
                {t('estate.browse')}
              </Button>
            ) : null}
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="create-device">
                {t('device.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={tree.error} onRetry={tree.reload} />
      <Row gutter={[16, 16]}>
        {isMobile ? null : (
          <Col flex="300px">
            <Card size="small" title={t('estate.tree')} styles={{ body: { padding: 8, maxHeight: '70vh', overflow: 'auto' } }}>
              {treeView}
            </Card>
          </Col>
        )}
        <Col flex="1 1 0" style={{ minWidth: 0 }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
            <DeviceFilters value={filters} onChange={setFilters} sites={tree.data ?? []} />
          </div>
          {isMobile ? (
            <CursorFrame list={list} testId="devices-table" loadMoreTestId="devices-load-more">
              <DeviceCards devices={list.items} siteName={siteName} subsystemLabel={labels.subsystem} />
            </CursorFrame>
          ) : (
            <CursorTable<Device>
              list={list}
              testId="devices-table"
              loadMoreTestId="devices-load-more"
              rowKey="id"
              columns={columns}
              size="middle"
              tableLayout="fixed"
              scroll={{ x: deviceTableWidth(columns) }}
              onRow={(d) => ({ 'data-testid': `device-row-${d.code}` }) as HTMLAttributes<HTMLElement>}
            />
          )}
        </Col>
      </Row>
      {isMobile ? (
        <Drawer placement="left" open={treeOpen} onClose={() => setTreeOpen(false)} title={t('estate.tree')} size="85%">
          {treeView}
        </Drawer>
      ) : null}
      {editing ? (
        <DeviceFormDrawer
          device={editing === 'new' ? null : editing}
          sites={tree.data ?? []}
          defaults={{ siteId: filters.siteId, subsystem: filters.subsystem }}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            if (created) list.reload();
            else list.replace((d) => d.id === saved.id, saved);
            tree.reload();
          }}
        />
      ) : null}
    </>
  );
}
