import { Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDebouncedSearch } from '../../../hooks/useDebouncedSearch';
import { problemsApi } from '../../problems/problemsApi';
import { LINKABLE_STATES } from '../../problems/problemStates';

/** Picks a problem still being worked on (not closed) by its number or title words. */
export function ProblemPicker({ value, onChange, exclude }: { value?: string; onChange: (id: string | undefined) => void; exclude: readonly string[] }) {
  const { t } = useTranslation();
  const { found, searching, search } = useDebouncedSearch((q) => problemsApi.list({ state: LINKABLE_STATES.join(','), q: q || undefined, limit: 20 }).then((page) => page.items));

  return (
    <Select
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      style={{ minWidth: 260, flex: 1 }}
      placeholder={t('closing.problems.pickPlaceholder')}
      notFoundContent={searching ? <Spin size="small" /> : t('closing.problems.noneFound')}
      options={found.filter((p) => !exclude.includes(p.id)).map((p) => ({ value: p.id, label: `${p.ref} ${p.title}` }))}
      onFocus={() => {
        if (found.length === 0) search('');
      }}
      onChange={(next?: string) => onChange(next)}
      data-testid="closing-problem-picker"
    />
  );
}
