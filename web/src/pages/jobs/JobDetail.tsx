import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Job } from '../../api/types';
import { formatDateTime } from '../../app/format';

/** What the row leaves out: where and until when it runs, when it was due, and why its last attempt failed. */
export function JobDetail({ job }: { job: Job }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid={`job-detail-${job.id}`}>
      <Descriptions.Item label={t('job.detail.id')}>
        <Typography.Text code copyable={{ tooltips: [t('common.copy'), t('common.copied')] }}>
          {job.id}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('job.column.runAt')}>{formatDateTime(job.runAt)}</Descriptions.Item>
      <Descriptions.Item label={t('job.column.node')}>{job.lockedBy ?? t('common.none')}</Descriptions.Item>
      <Descriptions.Item label={t('job.detail.lockedUntil')}>{job.lockedUntil ? formatDateTime(job.lockedUntil) : t('common.none')}</Descriptions.Item>
      {job.cancelRequestedAt ? (
        <Descriptions.Item label={t('job.detail.cancelRequestedAt')}>{formatDateTime(job.cancelRequestedAt)}</Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('job.lastError')} span={2}>
        {job.lastError ? (
          <Typography.Text type="danger" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {job.lastError}
          </Typography.Text>
        ) : (
          t('common.none')
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}
