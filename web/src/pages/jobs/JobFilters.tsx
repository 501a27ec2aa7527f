import { Flex, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobQuery } from '../../api/types';
import { LANES, STATUSES } from './jobValues';

export type JobFilterValues = Omit<JobQuery, 'cursor' | 'limit'>;

/** Status and lane: each list re-reads from the first page when one changes. */
export function JobFilters({ value, onChange }: { value: JobFilterValues; onChange: (next: JobFilterValues) => void }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="jobs-filters">
      <Select
        allowClear
        placeholder={t('job.filter.status')}
        value={value.status}
        onChange={(status) => onChange({ ...value, status })}
        options={STATUSES.map((status) => ({ value: status, label: t(`job.status.${status}`) }))}
        style={{ minWidth: 160 }}
        data-testid="jobs-filter-status"
      />
      <Select
        allowClear
        placeholder={t('job.filter.lane')}
        value={value.lane}
        onChange={(lane) => onChange({ ...value, lane })}
        options={LANES.map((lane) => ({ value: lane, label: t(`job.lane.${lane}`) }))}
        style={{ minWidth: 160 }}
        data-testid="jobs-filter-lane"
      />
    </Flex>
  );
}
