import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemsApi, type Problem } from '../../problems/problemsApi';
import { LINKABLE_STATES } from '../../problems/problemStates';

const SEARCH_DELAY_MS = 300;

/** Picks a problem still being worked on (not closed) by its number or title words. */
export function ProblemPicker({ value, onChange, exclude }: { value?: string; onChange: (id: string | undefined) => void; exclude: readonly string[] }) {
  const { t } = useTranslation();
  const [found, setFound] = useState<Problem[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const ticket = ++latest.current;
      setSearching(true);
      problemsApi
        .list({ state: LINKABLE_STATES.join(','), q: q.trim() || undefined, limit: 20 })
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
