import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Descriptions, Flex, Spin, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { formatDateTime } from '../../app/format';
import { formatFen, formatMoneyField } from '../../app/money';
import { CursorTable } from '../../components/CursorTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCursorList } from '../../hooks/useCursorList';
import { FindingGroups } from './FindingGroups';
import { reconApi, type ReconRecord } from './reconApi';
import { ImportStatusTag } from './ReconTags';

const RECORDS_PAGE = 100;

/** One import: what was read and how, its findings grouped by code, and its records page by page (card and account masked). */
export default function ImportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const loaded = useAsync(() => reconApi.importDetail(id), id);
  const detail = loaded.data?.id === id ? loaded.data : undefined;
  const fetchRecords = useCallback(
    async (cursor: string | undefined) => {
      const page = await reconApi.records(id, cursor, RECORDS_PAGE);
      return { items: page.items, nextCursor: page.nextCursor };
    },
    [id],
  );
  const records = useCursorList(fetchRecords, `recon-records:${id}`, detail?.status === 'imported');

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!detail) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const columns: ColumnsType<ReconRecord> = [
    { title: t('recon.record.line'), key: 'line', width: 70, render: (_: unknown, r) => r.line },
    { title: t('recon.record.txnTime'), key: 'time', render: (_: unknown, r) => formatDateTime(r.txnTime) },
    { title: t('recon.record.ids'), key: 'ids', render: (_: unknown, r) => [r.txnId, r.merchantOrderId, r.channelOrderId].filter(Boolean).join(' / ') || t('common.none') },
    { title: t('recon.record.type'), key: 'type', render: (_: unknown, r) => `${t(`recon.recordType.${r.type}`, { defaultValue: r.type })} · ${t(`recon.direction.${r.direction}`, { defaultValue: r.direction })}` },
    { title: t('recon.record.amount'), key: 'amount', align: 'right', render: (_: unknown, r) => formatMoneyField(r.amountFen) ?? t('common.none') },
    { title: t('recon.record.status'), key: 'status', render: (_: unknown, r) => r.statusRaw ?? r.status },
    { title: t('recon.record.account'), key: 'account', render: (_: unknown, r) => r.account ?? '' },
    { title: t('recon.record.card'), key: 'card', render: (_: unknown, r) => r.card ?? '' },
    { title: t('recon.record.terminal'), key: 'terminal', render: (_: unknown, r) => r.terminal ?? '' },
    {
      title: t('recon.record.flags'),
      key: 'flags',
      render: (_: unknown, r) =>
        [r.unmatchable ? t('recon.record.unmatchable') : null, r.lostIds.length > 0 ? t('recon.record.lostIds', { fields: r.lostIds.join(', ') }) : null].filter(Boolean).join(' · '),
    },
  ];

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to="/recon/imports" aria-label={t('recon.backToImports')} data-testid="recon-import-back">
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="recon-import-file">{detail.fileName}</span>
            <ImportStatusTag status={detail.status} testId="recon-import-status" />
          </Flex>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, lg: 3 }}>
          <Descriptions.Item label={t('recon.import.source')}>{t(`recon.source.${detail.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('recon.import.layout')}>{detail.layout ?? t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('recon.import.encoding')}>
            {detail.encoding ? `${detail.encoding.name} (${t(`recon.encodingReason.${detail.encoding.reason}`, { defaultValue: detail.encoding.reason })})` : t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('recon.import.rowsRead')}>
            <span data-testid="recon-import-counts">{t('recon.import.rowsDetail', { rows: detail.rows, records: detail.records, rejected: detail.rejected })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('recon.import.amount')}>{formatFen(detail.amountFen)}</Descriptions.Item>
          <Descriptions.Item label={t('recon.import.txnRange')}>{detail.txnFrom ? `${formatDateTime(detail.txnFrom)} ~ ${formatDateTime(detail.txnTo)}` : t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('recon.import.bytes')}>{detail.bytes.toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('recon.import.sha256')}>
            <Typography.Text code copyable={{ text: detail.sha256 }}>
              {detail.sha256.slice(0, 16)}…
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('recon.import.createdBy')}>{`${detail.createdBy?.name ?? t('common.none')} · ${formatDateTime(detail.createdAt)}`}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" style={{ marginBottom: 16 }} title={t('recon.import.findingsTitle', { count: detail.findings })}>
        <FindingGroups detail={detail} testId="recon-import-findings" />
      </Card>
      {detail.status === 'imported' ? (
        <Card size="small" title={t('recon.import.recordsTitle', { count: detail.records })}>
          <CursorTable<ReconRecord>
            list={records}
            testId="recon-import-records"
            loadMoreTestId="recon-import-records-more"
            rowKey={(r) => `${r.file}:${r.line}`}
            size="small"
            columns={columns}
            scroll={{ x: 1200 }}
            expandable={{ expandedRowRender: (r) => <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{r.raw}</Typography.Text> }}
          />
        </Card>
      ) : (
        <Typography.Text type="secondary">{t('recon.import.noRecordsKept')}</Typography.Text>
      )}
    </>
  );
}
