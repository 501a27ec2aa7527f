import { Flex, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../app/format';
import { formatFen, formatMoneyField } from '../../app/money';
import { CursorTable } from '../../components/CursorTable';
import { useMe } from '../../hooks/useAuth';
import { useCursorList } from '../../hooks/useCursorList';
import { concernsJob } from '../../app/reconEvent';
import { assigneeFilterChoices } from './assignees';
import { reconApi, type Difference } from './reconApi';
import { differenceFiltersFromParams, differenceFiltersToParams, differenceListQuery, type DifferenceFilterValues } from './reconFilters';
import { DifferenceStateTag, KindTag } from './ReconTags';
import { deltaOf, DIFFERENCE_KINDS, DIFFERENCE_STATES } from './reconValues';
import { useAssignees } from './useAssignees';
import { useReconReload } from './useLiveRecon';

const PAGE_SIZE = 50;

/** The ids a reader recognises for one side of a difference. */
export const sideRefs = (records: Difference['left']) => records.map((r) => r.txnId ?? r.merchantOrderId ?? r.channelOrderId ?? r.thirdPartyOrderId ?? `${r.file}:${r.line}`).join(', ');

/**
 * A job's differences, filtered by kind, state and assignee (in the URL; "unassigned" too), in the order found, paged
 * by cursor, read again when one of them changes (`recon.changed` on the live stream).
 */
export function DifferencesTable({ jobId, generation }: { jobId: string; generation: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => differenceFiltersFromParams(params), [params]);
  const setFilters = useCallback((next: DifferenceFilterValues) => setParams(differenceFiltersToParams(next), { replace: true }), [setParams]);
  const fetchPage = useCallback((cursor: string | undefined) => reconApi.differences(jobId, { ...differenceListQuery(filters, me.id), cursor, limit: PAGE_SIZE }), [jobId, filters, me.id]);
  const list = useCursorList(fetchPage, `${jobId}?${differenceFiltersToParams(filters).toString()}#${generation}`);
  useReconReload(list.reload, (event) => concernsJob(event, jobId) && event.subject === 'difference');
  const people = useAssignees(Object.fromEntries(list.items.flatMap((d) => (d.assignee ? [[d.assignee.id, d.assignee.name]] : []))));
  const assigneeOptions = assigneeFilterChoices(people.options, me.id, { me: t('recon.difference.assignedToMe'), unassigned: t('recon.action.unassigned') });

  const columns: ColumnsType<Difference> = [
    {
      title: '#',
      key: 'seq',
      width: 70,
      render: (_: unknown, d) => (
        <Link to={`/recon/differences/${encodeURIComponent(d.id)}`} data-testid={`recon-diff-link-${d.id}`}>
          {d.seq}
        </Link>
      ),
    },
    { title: t('recon.difference.kind'), key: 'kind', render: (_: unknown, d) => <KindTag kind={d.kind} testId={`recon-diff-kind-${d.id}`} /> },
    { title: t('recon.difference.amount'), key: 'amount', align: 'right', render: (_: unknown, d) => formatFen(d.amountFen) },
    { title: t('recon.difference.delta'), key: 'delta', align: 'right', render: (_: unknown, d) => formatMoneyField(deltaOf(d)) ?? '' },
    { title: t('recon.difference.txnTime'), key: 'time', render: (_: unknown, d) => formatDateTime(d.txnTime) },
    { title: t('recon.side.left'), key: 'left', render: (_: unknown, d) => sideRefs(d.left) || <Typography.Text type="secondary">{t('recon.difference.noRecord')}</Typography.Text> },
    { title: t('recon.side.right'), key: 'right', render: (_: unknown, d) => sideRefs(d.right) || <Typography.Text type="secondary">{t('recon.difference.noRecord')}</Typography.Text> },
    { title: t('recon.difference.state'), key: 'state', render: (_: unknown, d) => <DifferenceStateTag state={d.state} pending={d.pending} testId={`recon-diff-state-${d.id}`} /> },
    { title: t('recon.difference.assignee'), key: 'assignee', render: (_: unknown, d) => d.assignee?.name ?? '' },
  ];

  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} data-testid="recon-diffs-filters">
        <Select
          allowClear
          placeholder={t('recon.difference.kind')}
          value={filters.kind}
          onChange={(kind?: DifferenceFilterValues['kind']) => setFilters({ ...filters, kind })}
          options={DIFFERENCE_KINDS.map((k) => ({ value: k, label: t(`recon.differenceKind.${k}`) }))}
          style={{ minWidth: 180 }}
          data-testid="recon-diffs-filter-kind"
        />
        <Select
          allowClear
          placeholder={t('recon.difference.state')}
          value={filters.state}
          onChange={(state?: DifferenceFilterValues['state']) => setFilters({ ...filters, state })}
          options={DIFFERENCE_STATES.map((s) => ({ value: s, label: t(`recon.state.${s}`) }))}
          style={{ minWidth: 130 }}
          data-testid="recon-diffs-filter-state"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('recon.difference.assignee')}
          value={filters.assignee}
          onChange={(assignee?: string) => setFilters({ ...filters, assignee })}
          options={assigneeOptions}
          loading={people.loading}
          style={{ minWidth: 180 }}
          data-testid="recon-diffs-filter-assignee"
        />
      </Flex>
      <CursorTable<Difference>
        list={list}
        testId="recon-diffs-table"
        loadMoreTestId="recon-diffs-load-more"
        rowKey="id"
        size="small"
        columns={columns}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('recon.difference.empty')}</Typography.Text> }}
        onRow={(d) => ({ 'data-testid': `recon-diff-row-${d.id}`, 'data-kind': d.kind, 'data-state': d.state }) as HTMLAttributes<HTMLElement>}
      />
    </>
  );
}
