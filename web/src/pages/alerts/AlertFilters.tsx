import { Flex, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertCounts, AlertSource } from '../../api/alerts';
import type { Site } from '../../api/types';
import { useCatalogLabels } from '../../hooks/useEstate';
import type { AlertFilterValues, StateFilter } from './alertFilters';
import { SOURCES, STATES } from './alertValues';

const STATE_FILTERS: readonly StateFilter[] = ['open', ...STATES, 'all'];

/** State (open by default), site, subsystem and source: the list reads again from the first page when one changes. */
export function AlertFilters({
  value,
  onChange,
  sites,
  counts,
}: {
  value: AlertFilterValues;
  onChange: (next: AlertFilterValues) => void;
  sites: Site[];
  counts: AlertCounts | undefined;
}) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  // The subsystems with open alerts, and the one chosen (it may have none open now).
  const subsystems = useMemo(() => {
    const codes = new Set((counts?.bySubsystem ?? []).flatMap((s) => (s.subsystem ? [s.subsystem] : [])));
    if (value.subsystem) codes.add(value.subsystem);
    return [...codes].sort().map((code) => ({ value: code, label: labels.subsystem(code) }));
  }, [counts, value.subsystem, labels]);

  return (
    <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="alerts-filters">
      <Select<StateFilter>
        value={value.state}
        onChange={(state) => onChange({ ...value, state })}
        options={STATE_FILTERS.map((state) => ({ value: state, label: t(`alert.stateFilter.${state}`) }))}
        style={{ minWidth: 130 }}
        data-testid="alerts-filter-state"
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('alert.filter.site')}
        value={value.site}
        onChange={(site?: string) => onChange({ ...value, site })}
        options={sites.map((s) => ({ value: s.id, label: s.name }))}
        style={{ width: 170 }}
        data-testid="alerts-filter-site"
      />
      <Select
        allowClear
        placeholder={t('alert.filter.subsystem')}
        value={value.subsystem}
        onChange={(subsystem?: string) => onChange({ ...value, subsystem })}
        options={subsystems}
        notFoundContent={t('alert.filter.noSubsystems')}
        style={{ width: 150 }}
        data-testid="alerts-filter-subsystem"
      />
      <Select
        allowClear
        placeholder={t('alert.filter.source')}
        value={value.source}
        onChange={(source?: AlertSource) => onChange({ ...value, source })}
        options={SOURCES.map((source) => ({ value: source, label: t(`alert.source.${source}`) }))}
        style={{ width: 150 }}
        data-testid="alerts-filter-source"
      />
    </Flex>
  );
}
