import { ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Progress, Tag, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { jobsApi } from '../../api/jobs';
import type { Job } from '../../api/types';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList, type CursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { JobDetail } from './JobDetail';
import { JobFilters, type JobFilterValues } from './JobFilters';
import { isLive, LANE_COLOR, progressPercent, progressStatus, STATUS_COLOR } from './jobValues';

const PAGE_SIZE = 50;
/** How often the rows of queued and running jobs are read again while the page is open. */
const LIVE_MS = 3_000;
/** At most this many rows are kept fresh: the newest, which are the ones on screen. */
const LIVE_ROWS = 20;

/** Re-reads the rows that can still change (progress, status), in place, without moving the list back to page one. */
function useLiveRows(list: CursorList<Job>) {
  const ids = list.items
    .filter(isLive)
    .slice(0, LIVE_ROWS)
    .map((job) => job.id)
    .join(',');
  const { replace } = list;
  useEffect(() => {
    if (!ids) return;
    const timer = setInterval(() => {
      for (const id of ids.split(',')) {
        jobsApi.get(id).then(
          (job) => replace((item) => item.id === id, job),
          // A row that cannot be read now is simply left as it was; the refresh button reloads the list.
          () => undefined,
        );
      }
    }, LIVE_MS);
    return () => clearInterval(timer);
  }, [ids, replace]);
}

export default function JobsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canManage = can('jobs:manage');
  const [filters, setFilters] = useState<JobFilterValues>({});
  const fetchPage = useCallback(
    (cursor: string | undefined) => jobsApi.list({ ...filters, cursor, limit: PAGE_SIZE }),
    [filters],
  );
  const list = useCursorList(fetchPage, JSON.stringify(filters));
  useLiveRows(list);

  const cancel = async (job: Job) => {
    try {
      const next = await jobsApi.cancel(job.id);
      list.replace((item) => item.id === job.id, next);
      void message.success(t(next.status === 'cancelled' ? 'job.cancelled' : 'job.cancelAsked', { name: job.name }));
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<Job> = [
    {
      title: t('job.column.name'),
      key: 'name',
      render: (_: unknown, job) => (
        <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
          {job.name}
        </Typography.Text>
      ),
    },
    {
      title: t('job.column.lane'),
      key: 'lane',
      render: (_: unknown, job) => <Tag color={LANE_COLOR[job.lane]}>{t(`job.lane.${job.lane}`)}</Tag>,
    },
    {
      title: t('job.column.status'),
      key: 'status',
      render: (_: unknown, job) => (
        <Flex gap={4} wrap>
          <Tag color={STATUS_COLOR[job.status]} data-testid={`job-status-${job.id}`}>
            {t(`job.status.${job.status}`)}
          </Tag>
          {job.status === 'running' && job.cancelRequestedAt ? <Tag color="orange">{t('job.cancelRequested')}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: t('job.column.progress'),
      key: 'progress',
      width: 240,
      render: (_: unknown, job) => {
        const percent = progressPercent(job);
        return (
          <div data-testid={`job-progress-${job.id}`}>
            {percent === null ? null : <Progress percent={percent} size="small" status={progressStatus(job)} />}
            {job.message ? (
              <Typography.Text type="secondary" ellipsis={{ tooltip: job.message }} style={{ maxWidth: 220 }}>
                {job.message}
              </Typography.Text>
            ) : null}
          </div>
        );
      },
    },
    {
      title: t('job.column.attempts'),
      key: 'attempts',
      render: (_: unknown, job) => (
        <Typography.Text type={job.lastError && job.status !== 'done' ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
          {t('job.attemptsOf', { attempts: job.attempts, max: job.maxAttempts })}
        </Typography.Text>
      ),
    },
    {
      title: t('job.column.createdAt'),
      key: 'createdAt',
      render: (_: unknown, job) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.createdAt)}</span>,
    },
    {
      title: t('job.column.finishedAt'),
      key: 'finishedAt',
      render: (_: unknown, job) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.finishedAt)}</span>,
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, job) =>
        !job.cancellable ? null : (
          <Popconfirm
            title={t('job.confirmCancel', { name: job.name })}
            description={t(job.status === 'queued' ? 'job.cancelQueuedHint' : 'job.cancelRunningHint')}
            okText={t('job.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'job-cancel-confirm' } as ButtonProps}
            cancelText={t('job.cancelKeep')}
            onConfirm={() => cancel(job)}
          >
            <Button type="link" danger icon={<StopOutlined />} data-testid={`job-cancel-${job.id}`}>
              {t('job.cancel')}
            </Button>
          </Popconfirm>
        ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.jobs')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="jobs-refresh">
            {t('common.refresh')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('job.hint')}</Typography.Paragraph>
      <JobFilters value={filters} onChange={setFilters} />
      <CursorTable<Job>
        list={list}
        testId="jobs-table"
        loadMoreTestId="jobs-load-more"
        rowKey="id"
        columns={columns}
        size="middle"
        scroll={{ x: 1100 }}
        expandable={{ expandedRowRender: (job) => <JobDetail job={job} /> }}
        onRow={(job) => ({ 'data-testid': `job-row-${job.id}` }) as HTMLAttributes<HTMLElement>}
      />
    </>
  );
}
