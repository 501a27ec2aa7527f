import { PlayCircleOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Select, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useCallback, useEffect, useEffectEvent, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../app/format';
import { liveBus } from '../../app/liveBus';
import { isJobChange, type ReconChangedEvent } from '../../app/reconEvent';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList, type CursorList } from '../../hooks/useCursorList';
import { useLiveResync } from '../../hooks/useLive';
import { useCan } from '../../hooks/usePermission';
import { ChannelsDrawer } from './ChannelsDrawer';
import { ReconTabs } from './ReconTabs';
import { reconApi, type ReconJob } from './reconApi';
import { jobFiltersFromParams, jobFiltersToParams, jobListQuery, type JobFilterValues } from './reconFilters';
import { RECON_PERMISSION } from './reconPermissions';
import { JobStatusTag } from './ReconTags';
import { formatRate, JOB_STATUSES, matchedCount } from './reconValues';
import { RunDayModal } from './RunDayModal';
import { useChannels } from './useChannels';

const PAGE_SIZE = 50;
/** How often running rows are read again for their progress and phase (progress is not on the live stream). */
const PROGRESS_MS = 5_000;

/**
 * Keeps the rows current without moving the list back to its first page: a job whose status moved (`recon.changed`
 * on the live stream) is read again in place; a new job, or a finished re-run (which marks the earlier run
 * superseded), reads the list again, as does a reconnected stream. Running rows' progress is polled, slowly.
 */
function useLiveJobs(list: CursorList<ReconJob>) {
  const { items, replace, reload } = list;
  const onChange = useEffectEvent((event: ReconChangedEvent) => {
    if (!isJobChange(event)) return;
    if (!items.some((j) => j.id === event.jobId)) {
      if (event.change === 'queued') reload();
      return;
    }
    reconApi.job(event.jobId).then(
      (job) => {
        replace((j) => j.id === job.id, job);
        if (job.status === 'done' && job.previousJobId) reload();
      },
      () => undefined,
    );
  });
  useEffect(() => liveBus.onRecon((event) => onChange(event)), []);
  useLiveResync(reload);

  const running = items.filter((j) => j.status === 'running').slice(0, 20).map((j) => j.id).join(',');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      for (const id of running.split(',')) reconApi.job(id).then((job) => replace((j) => j.id === id, job), () => undefined);
    }, PROGRESS_MS);
    return () => clearInterval(timer);
  }, [running, replace]);
}

/** The day runs per channel, newest first: status and progress, match rate, counts, and which run superseded which. */
export default function JobsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const channels = useChannels();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => jobFiltersFromParams(params), [params]);
  const setFilters = useCallback((next: JobFilterValues) => setParams(jobFiltersToParams(next), { replace: true }), [setParams]);
  const fetchPage = useCallback((cursor: string | undefined) => reconApi.jobs({ ...jobListQuery(filters), cursor, limit: PAGE_SIZE }), [filters]);
  const list = useCursorList(fetchPage, jobFiltersToParams(filters).toString());
  useLiveJobs(list);
  const [running, setRunning] = useState(false);
  const [settings, setSettings] = useState(false);

  const columns: ColumnsType<ReconJob> = [
    {
      title: t('recon.job.day'),
      key: 'day',
      render: (_: unknown, j) => (
        <Link to={`/recon/jobs/${encodeURIComponent(j.id)}`} data-testid={`recon-job-link-${j.id}`}>
          {j.day}
        </Link>
      ),
    },
    { title: t('recon.job.channel'), key: 'channel', render: (_: unknown, j) => channels.name(j.channel) },
    {
      title: t('recon.job.status'),
      key: 'status',
      render: (_: unknown, j) => (
        <Flex gap={4} wrap align="center">
          <JobStatusTag job={j} testId={`recon-job-status-${j.id}`} />
          {j.supersededBy ? (
            <Tooltip title={t('recon.job.supersededHint')}>
              <Tag data-testid={`recon-job-superseded-${j.id}`}>{t('recon.job.superseded')}</Tag>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    { title: t('recon.job.matchRate'), key: 'rate', align: 'right', render: (_: unknown, j) => (j.summary ? formatRate(j.summary.matchRate) : '') },
    {
      title: t('recon.job.counts'),
      key: 'counts',
      render: (_: unknown, j) =>
        j.summary ? t('recon.job.countsText', { left: j.summary.left.records, right: j.summary.right.records, matched: matchedCount(j.summary) }) : '',
    },
    {
      title: t('recon.job.differences'),
      key: 'differences',
      align: 'right',
      render: (_: unknown, j) => (j.status === 'done' ? <span data-testid={`recon-job-differences-${j.id}`}>{j.differences}</span> : ''),
    },
    { title: t('recon.job.trigger'), key: 'trigger', render: (_: unknown, j) => t(`recon.trigger.${j.trigger}`) },
    { title: t('recon.job.createdBy'), key: 'by', render: (_: unknown, j) => `${j.createdBy?.name ?? t('recon.job.system')} · ${formatDateTime(j.createdAt)}` },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.recon')}
        extra={
          <>
            {can(RECON_PERMISSION.write) ? (
              <Button type="primary" icon={<PlayCircleOutlined />} disabled={channels.items.length === 0} onClick={() => setRunning(true)} data-testid="recon-run-open">
                {t('recon.run.open')}
              </Button>
            ) : null}
            <Button icon={<SettingOutlined />} onClick={() => setSettings(true)} data-testid="recon-channels-open">
              {t('recon.channel.open')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="recon-jobs-refresh">
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      <ReconTabs active="jobs" />
      <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="recon-jobs-filters">
        <Select
          allowClear
          placeholder={t('recon.job.channel')}
          value={filters.channel}
          onChange={(channel?: string) => setFilters({ ...filters, channel })}
          options={channels.items.map((c) => ({ value: c.id, label: c.name }))}
          style={{ minWidth: 160 }}
          data-testid="recon-jobs-filter-channel"
        />
        <DatePicker
          placeholder={t('recon.job.day')}
          value={filters.day ? dayjs(filters.day) : null}
          onChange={(value) => setFilters({ ...filters, day: value ? value.format('YYYY-MM-DD') : undefined })}
          data-testid="recon-jobs-filter-day"
        />
        <Select
          allowClear
          placeholder={t('recon.job.status')}
          value={filters.status}
          onChange={(status?: JobFilterValues['status']) => setFilters({ ...filters, status })}
          options={JOB_STATUSES.map((s) => ({ value: s, label: t(`recon.jobStatus.${s}`) }))}
          style={{ minWidth: 130 }}
          data-testid="recon-jobs-filter-status"
        />
      </Flex>
      <CursorTable<ReconJob>
        list={list}
        testId="recon-jobs-table"
        loadMoreTestId="recon-jobs-load-more"
        rowKey="id"
        size="middle"
        columns={columns}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('recon.job.empty')}</Typography.Text> }}
        onRow={(j) => ({ 'data-testid': `recon-job-row-${j.id}`, 'data-status': j.status, 'data-day': j.day, 'data-channel': j.channel }) as HTMLAttributes<HTMLElement>}
      />
      {running ? <RunDayModal channels={channels.items} initialChannel={filters.channel} initialDay={filters.day} onClose={() => setRunning(false)} onQueued={list.reload} /> : null}
      {settings ? <ChannelsDrawer onClose={() => setSettings(false)} onChanged={channels.reload} /> : null}
    </>
  );
}
