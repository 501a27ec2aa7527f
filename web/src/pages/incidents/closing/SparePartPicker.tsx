import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sparePartsApi } from '../../../api/spareParts';
import type { SparePart } from '../../../api/types';
import { unitLabel } from '../../spare-parts/unit';

const SEARCH_DELAY_MS = 300;
const SEARCH_LIMIT = 20;

/**
 * Picks a spare part by searching SKU, name or category (estate's spare-parts list, estate:read); each option shows
 * the total in stock. The value is the part's id; `onPicked` hands the whole part over, so the line can offer its
 * warehouses with what each holds.
 */
export function SparePartPicker({ value, onChange, onPicked, testId }: { value?: string; onChange?: (value: string | undefined) => void; onPicked: (part: SparePart) => void; testId?: string }) {
  const { t } = useTranslation();
  const [parts, setParts] = useState<SparePart[]>([]);
  const [searching, setSearching] = useState(false);
  const [failed, setFailed] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const ticket = ++latest.current;
      setSearching(true);
      sparePartsApi
        .list({ q: q.trim() || undefined, limit: SEARCH_LIMIT })
        .then((page) => {
          if (ticket !== latest.current) return;
          setParts(page.items);
          setFailed(false);
        })
        .catch(() => {
          if (ticket !== latest.current) return;
          setParts([]);
          setFailed(true);
        })
        .finally(() => {
          if (ticket === latest.current) setSearching(false);
        });
    }, SEARCH_DELAY_MS);
  };

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  return (
    <Select
      showSearch={{ filterOption: false, onSearch: search }}
      value={value}
      placeholder={t('closing.parts.partPlaceholder')}
      notFoundContent={searching ? <Spin size="small" /> : failed ? t('closing.parts.searchFailed') : t('closing.parts.noPartFound')}
      options={parts.map((p) => ({ value: p.id, label: `${p.sku} · ${p.name} (${p.total} ${unitLabel(t, p.unit)})` }))}
      onFocus={() => {
        if (parts.length === 0) search('');
      }}
      onChange={(next?: string) => {
        const part = parts.find((p) => p.id === next);
        if (part) onPicked(part);
        onChange?.(next);
      }}
      data-testid={testId}
    />
  );
}
