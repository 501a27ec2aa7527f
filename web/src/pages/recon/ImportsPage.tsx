import { ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { ReconTabs } from './ReconTabs';
import { reconApi, type ReconImport } from './reconApi';
import { importFiltersFromParams, importFiltersToParams, importListQuery, type ImportFilterValues } from './reconFilters';
import { RECON_PERMISSION } from './reconPermissions';
import { ImportStatusTag } from './ReconTags';
import { IMPORT_STATUSES, SOURCES } from './reconValues';
import { UploadModal } from './UploadModal';

const PAGE_SIZE = 50;

/** The bills, statements and ledgers imported, newest first, with the upload dialog for recon:write. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => importFiltersFromParams(params), [params]);
  const setFilters = useCallback((next: ImportFilterValues) => setParams(importFiltersToParams(next), { replace: true }), [setParams]);
  const fetchPage = useCallback((cursor: string | undefined) => reconApi.imports({ ...importListQuery(filters), cursor, limit: PAGE_SIZE }), [filters]);
  const list = useCursorList(fetchPage, importFiltersToParams(filters).toString());
  const [uploading, setUploading] = useState(false);

  const columns: ColumnsType<ReconImport> = [
    {
      title: t('recon.import.fileName'),
      key: 'fileName',
      render: (_: unknown, i) => (
        <Link to={`/recon/imports/${encodeURIComponent(i.id)}`} data-testid={`recon-import-link-${i.id}`}>
          {i.fileName}
        </Link>
      ),
    },
    { title: t('recon.import.source'), key: 'source', render: (_: unknown, i) => t(`recon.source.${i.source}`) },
    { title: t('recon.import.status'), key: 'status', render: (_: unknown, i) => <ImportStatusTag status={i.status} testId={`recon-import-status-${i.id}`} /> },
    { title: t('recon.import.records'), key: 'rows', align: 'right', render: (_: unknown, i) => t('recon.import.recordsOf', { records: i.records, rows: i.rows }) },
    {
      title: t('recon.import.findings'),
      key: 'findings',
      align: 'right',
      render: (_: unknown, i) => (i.findings > 0 ? <Typography.Text type={i.status === 'failed' ? 'danger' : 'warning'}>{i.findings}</Typography.Text> : 0),
    },
    {
      title: t('recon.import.txnRange'),
      key: 'range',
      render: (_: unknown, i) => (i.txnFrom ? `${formatDateTime(i.txnFrom)} ~ ${formatDateTime(i.txnTo)}` : t('common.none')),
    },
    { title: t('recon.import.createdBy'), key: 'by', render: (_: unknown, i) => i.createdBy?.name ?? t('common.none') },
    { title: t('common.createdAt'), key: 'at', render: (_: unknown, i) => formatDateTime(i.createdAt) },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.recon')}
        extra={
          <>
            {can(RECON_PERMISSION.write) ? (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setUploading(true)} data-testid="recon-upload-open">
                {t('recon.upload.open')}
              </Button>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="recon-imports-refresh">
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      <ReconTabs active="imports" />
      <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="recon-imports-filters">
        <Select
          allowClear
          placeholder={t('recon.import.source')}
          value={filters.source}
          onChange={(source?: ImportFilterValues['source']) => setFilters({ ...filters, source })}
          options={SOURCES.map((s) => ({ value: s, label: t(`recon.source.${s}`) }))}
          style={{ minWidth: 200 }}
          data-testid="recon-imports-filter-source"
        />
        <Select
          allowClear
          placeholder={t('recon.import.status')}
          value={filters.status}
          onChange={(status?: ImportFilterValues['status']) => setFilters({ ...filters, status })}
          options={IMPORT_STATUSES.map((s) => ({ value: s, label: t(`recon.importStatus.${s}`) }))}
          style={{ minWidth: 140 }}
          data-testid="recon-imports-filter-status"
        />
      </Flex>
      <CursorTable<ReconImport>
        list={list}
        testId="recon-imports-table"
        loadMoreTestId="recon-imports-load-more"
        rowKey="id"
        size="middle"
        columns={columns}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('recon.import.empty')}</Typography.Text> }}
        onRow={(i) => ({ 'data-testid': `recon-import-row-${i.id}`, 'data-file': i.fileName }) as HTMLAttributes<HTMLElement>}
      />
      {uploading ? <UploadModal onClose={() => setUploading(false)} onImported={list.reload} /> : null}
    </>
  );
}
