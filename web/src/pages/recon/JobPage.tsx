import { ArrowLeftOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Progress, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { saveBlob } from '../../app/download';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { concernsJob, isJobChange } from '../../app/reconEvent';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { DifferencesTable } from './DifferencesTable';
import { JobProposals } from './ProposalsTable';
import { reconApi, type JobDetail } from './reconApi';
import { canDownloadAdjustments } from './reconPermissions';
import { JobStatusTag } from './ReconTags';
import { isLiveJob, trendRange } from './reconValues';
import { SummaryCards } from './SummaryCards';
import { useChannels } from './useChannels';
import { useReconReload } from './useLiveRecon';

const TrendChart = lazy(() => import('./TrendChart'));
/**
 * How often a running job is read again for its progress and phase. Its status moves come on the live stream
 * (`recon.changed`); progress does not, since a run reports it dozens of times and the stream's events are durable
 * rows, so only the progress bar of a running job is polled, and slowly.
 */
const PROGRESS_MS = 5_000;
type DownloadFile = 'differences.csv' | 'differences.xlsx' | 'adjustments.csv';

/**
 * One day run: its progress while it runs; then the summary (compared with the previous run of the day when there is
 * one), the channel's trend, the differences with their filters, and the downloads.
 */
export default function JobPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const channels = useChannels();
  const loaded = useAsync(() => reconApi.job(id), id);
  const job = loaded.data?.id === id ? loaded.data : undefined;
  const live = job ? isLiveJob(job) : false;
  const running = job?.status === 'running';
  const { reload } = loaded;
  const [downloading, setDownloading] = useState<DownloadFile | null>(null);

  // Queued → running → done or failed: read the job again when it moves (its differences reload themselves).
  useReconReload(reload, (event) => concernsJob(event, id) && isJobChange(event));
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, PROGRESS_MS);
    return () => clearInterval(timer);
  }, [running, reload]);

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!job) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const download = async (file: DownloadFile) => {
    setDownloading(file);
    try {
      const { blob, filename } = await reconApi.download(job.id, file);
      saveBlob(blob, filename ?? `recon-${job.channel}-${job.day}-${file}`);
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setDownloading(null);
    }
  };
  const downloadButton = (file: DownloadFile, label: string) => (
    <Button key={file} icon={<DownloadOutlined />} loading={downloading === file} disabled={job.status !== 'done'} onClick={() => void download(file)} data-testid={`recon-download-${file.replace('.', '-')}`}>
      {label}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to="/recon/jobs" aria-label={t('recon.backToJobs')} data-testid="recon-job-back">
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="recon-job-title">{t('recon.job.title', { channel: channels.name(job.channel), day: job.day })}</span>
            <JobStatusTag job={job} testId="recon-job-status" />
            {job.supersededBy ? (
              <Link to={`/recon/jobs/${encodeURIComponent(job.supersededBy)}`} data-testid="recon-job-superseded">
                <Tag>{t('recon.job.supersededBy')}</Tag>
              </Link>
            ) : null}
          </Flex>
        }
        extra={
          <>
            {downloadButton('differences.csv', t('recon.download.csv'))}
            {downloadButton('differences.xlsx', t('recon.download.xlsx'))}
            {canDownloadAdjustments(can) ? downloadButton('adjustments.csv', t('recon.download.adjustments')) : null}
            <Button icon={<ReloadOutlined />} onClick={loaded.reload} data-testid="recon-job-refresh">
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {live ? (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="recon-job-progress">
          <Progress percent={Math.round(job.progress * 100)} status="active" />
          <Typography.Text type="secondary">{job.phase ? t(`recon.phase.${job.phase}`, { defaultValue: job.phase }) : t(`recon.jobStatus.${job.status}`)}</Typography.Text>
        </Card>
      ) : null}
      {job.status === 'failed' ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('recon.job.failed')} description={job.error} data-testid="recon-job-error" /> : null}
      <JobFacts job={job} />
      {job.summary ? (
        <Card size="small" style={{ marginBottom: 16 }} title={job.previous ? t('recon.summary.titleCompared', { at: formatDateTime(job.previous.finishedAt) }) : t('recon.summary.title')}>
          <SummaryCards summary={job.summary} previous={job.previous?.summary} testId="recon-job-summary" />
          {job.previous ? (
            <Link to={`/recon/jobs/${encodeURIComponent(job.previous.id)}`} data-testid="recon-job-previous">
              {t('recon.job.openPrevious')}
            </Link>
          ) : null}
        </Card>
      ) : null}
      <Trend channel={job.channel} day={job.day} generation={job.status} />
      <JobProposals job={job} onDecided={loaded.reload} />
      {job.status === 'done' ? (
        <Card size="small" title={t('recon.difference.title', { count: job.differences })}>
          <DifferencesTable jobId={job.id} generation={job.status} />
        </Card>
      ) : null}
    </>
  );
}

function JobFacts({ job }: { job: JobDetail }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }}>
        <Descriptions.Item label={t('recon.job.trigger')}>{t(`recon.trigger.${job.trigger}`)}</Descriptions.Item>
        <Descriptions.Item label={t('recon.job.createdBy')}>{`${job.createdBy?.name ?? t('recon.job.system')} · ${formatDateTime(job.createdAt)}`}</Descriptions.Item>
        <Descriptions.Item label={t('recon.job.finishedAt')}>{job.finishedAt ? formatDateTime(job.finishedAt) : t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('recon.job.inputs')} span={3}>
          <Flex vertical gap={2} data-testid="recon-job-inputs">
            {job.inputs.length === 0 ? t('common.none') : null}
            {job.inputs.map((i) => (
              <span key={`${i.side}:${i.importId}`}>
                <Tag>{t(`recon.side.${i.side}`)}</Tag>
                <Link to={`/recon/imports/${encodeURIComponent(i.importId)}`}>{i.fileName}</Link>{' '}
                <Typography.Text type="secondary">{`${t(`recon.source.${i.source}`, { defaultValue: i.source })} · ${t('recon.job.inputRecords', { count: i.records })}`}</Typography.Text>
              </span>
            ))}
          </Flex>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Trend({ channel, day, generation }: { channel: string; day: string; generation: string }) {
  const { t } = useTranslation();
  const { from, to } = trendRange(day);
  const trend = useAsync(() => reconApi.trend(channel, from, to), `${channel}:${from}:${to}:${generation}`);
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={t('recon.trend.title', { from, to })}>
      <ErrorAlert error={trend.error} onRetry={trend.reload} />
      {trend.data ? (
        trend.data.items.length === 0 ? (
          <Typography.Text type="secondary">{t('recon.trend.empty')}</Typography.Text>
        ) : (
          <Suspense fallback={<Spin />}>
            <TrendChart points={trend.data.items} from={from} to={to} />
          </Suspense>
        )
      ) : (
        <Spin />
      )}
    </Card>
  );
}
