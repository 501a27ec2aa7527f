import { Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDebouncedSearch } from '../../hooks/useDebouncedSearch';
import { incidentsApi } from '../incidents/incidentsApi';

/** Picks an incident of the caller's sites by its number (INC-000123) or title words, in any state. */
export function IncidentPicker({ value, onChange, exclude }: { value?: string; onChange: (id: string | undefined) => void; exclude: readonly string[] }) {
  const { t } = useTranslation();
  const { found, searching, search } = useDebouncedSearch((q) => incidentsApi.list({ q: q || undefined, limit: 20 }).then((page) => page.items));

  return (
    <Select
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      style={{ minWidth: 280, flex: 1 }}
      placeholder={t('problemRecord.incidentPlaceholder')}
      notFoundContent={searching ? <Spin size="small" /> : t('problemRecord.noIncidentFound')}
      options={found.filter((i) => !exclude.includes(i.id)).map((i) => ({ value: i.id, label: `${i.ref} ${i.title}` }))}
      onFocus={() => {
        if (found.length === 0) search('');
      }}
      onChange={(next?: string) => onChange(next)}
      data-testid="problem-incident-picker"
    />
  );
}
