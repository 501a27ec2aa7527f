import { Progress, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DifferenceKind, DifferenceState, ImportStatus, JobStatus } from './reconApi';
import { IMPORT_STATUS_COLOR, JOB_STATUS_COLOR, STATE_COLOR } from './reconValues';

export function ImportStatusTag({ status, testId }: { status: ImportStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={IMPORT_STATUS_COLOR[status]} data-testid={testId} data-status={status}>
      {t(`recon.importStatus.${status}`)}
    </Tag>
  );
}

/** A job's status; while it runs, its progress and the engine's phase. */
export function JobStatusTag({ job, testId }: { job: { status: JobStatus; progress: number; phase: string | null; error: string | null }; testId?: string }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={JOB_STATUS_COLOR[job.status]} data-testid={testId} data-status={job.status}>
      {t(`recon.jobStatus.${job.status}`)}
    </Tag>
  );
  if (job.status === 'running') {
    return (
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minWidth: 180 }}>
        {tag}
        <Progress percent={Math.round(job.progress * 100)} size="small" style={{ width: 90, margin: 0 }} />
        {job.phase ? <span style={{ color: '#8c8c8c', fontSize: 12 }}>{t(`recon.phase.${job.phase}`, { defaultValue: job.phase })}</span> : null}
      </span>
    );
  }
  return job.status === 'failed' && job.error ? <Tooltip title={job.error}>{tag}</Tooltip> : tag;
}

export function DifferenceStateTag({ state, pending, testId }: { state: DifferenceState; pending?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={STATE_COLOR[state]} data-testid={testId} data-state={state}>
        {t(`recon.state.${state}`)}
      </Tag>
      {pending ? (
        <Tag color="purple" data-testid={testId ? `${testId}-pending` : undefined}>
          {t('recon.pending')}
        </Tag>
      ) : null}
    </>
  );
}

export function KindTag({ kind, testId }: { kind: DifferenceKind; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag data-testid={testId} data-kind={kind}>
      {t(`recon.differenceKind.${kind}`)}
    </Tag>
  );
}
