import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { incidentsApi, type Incident } from '../incidents/incidentsApi';

const SEARCH_DELAY_MS = 300;

/** Picks an incident of the caller's sites by its number (INC-000123) or title words, in any state. */
export function IncidentPicker({ value, onChange, exclude }: { value?: string; onChange: (id: string | undefined) => void; exclude: readonly string[] }) {
  const { t } = useTranslation();
  const [found, setFound] = useState<Incident[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const ticket = ++latest.current;
      setSearching(true);
      incidentsApi
        .list({ q: q.trim() || undefined, limit: 20 })
        .then(
          (page) => ticket === latest.current && setFound(page.items),
          () => ticket === latest.current && setFound([]),
        )
        .finally(() => ticket === latest.current && setSearching(false));
    }, SEARCH_DELAY_MS);
  };

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

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
