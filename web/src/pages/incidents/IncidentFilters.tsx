import { Checkbox, Flex, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../api/types';
import type { IncidentFilterValues, StateFilter } from './incidentFilters';
import { LEVELS, STATES, type IncidentLevel } from './incidentValues';

const STATE_FILTERS: readonly StateFilter[] = ['open', 'all', ...STATES];

/** State (open by default), level, site, "assigned to me" and a search by number or words. */
export function IncidentFilters({ value, onChange, sites }: { value: IncidentFilterValues; onChange: (next: IncidentFilterValues) => void; sites: Site[] }) {
  const { t } = useTranslation();

  return (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }} data-testid="incidents-filters">
      <Select<StateFilter>
        value={value.state}
        onChange={(state) => onChange({ ...value, state })}
        options={STATE_FILTERS.map((state) => ({
          value: state,
          label: state === 'open' || state === 'all' ? t(`incident.stateFilter.${state}`) : t(`incident.state.${state}`),
        }))}
        style={{ minWidth: 130 }}
        data-testid="incidents-filter-state"
      />
      <Select<IncidentLevel[]>
        mode="multiple"
        allowClear
        placeholder={t('incident.filter.level')}
        value={value.levels}
        onChange={(levels) => onChange({ ...value, levels })}
        options={LEVELS.map((level) => ({ value: level, label: t(`incident.level.${level}`) }))}
        style={{ minWidth: 150 }}
        data-testid="incidents-filter-level"
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('incident.filter.site')}
        value={value.site}
        onChange={(site?: string) => onChange({ ...value, site })}
        options={sites.map((s) => ({ value: s.id, label: s.name }))}
        style={{ width: 180 }}
        data-testid="incidents-filter-site"
      />
      <Checkbox checked={value.mine} onChange={(e) => onChange({ ...value, mine: e.target.checked })} data-testid="incidents-filter-mine">
        {t('incident.filter.mine')}
      </Checkbox>
      {/* Follows on Enter or the search button; the key starts it afresh when the URL's words change (back, a link). */}
      <Input.Search
        key={value.q ?? ''}
        allowClear
        placeholder={t('incident.filter.search')}
        defaultValue={value.q}
        onSearch={(text) => onChange({ ...value, q: text.trim() || undefined })}
        style={{ width: 260 }}
        data-testid="incidents-filter-search"
      />
    </Flex>
  );
}
