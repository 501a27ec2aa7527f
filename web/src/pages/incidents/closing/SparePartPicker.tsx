import { Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { sparePartsApi } from '../../../api/spareParts';
import type { SparePart } from '../../../api/types';
import { useDebouncedSearch } from '../../../hooks/useDebouncedSearch';
import { unitLabel } from '../../spare-parts/unit';

const SEARCH_LIMIT = 20;

/**
 * Picks a spare part by searching SKU, name or category (estate's spare-parts list, estate:read); each option shows
 * the total in stock. The value is the part's id; `onPicked` hands the whole part over, so the line can offer its
 * warehouses with what each holds.
 */
export function SparePartPicker({ value, onChange, onPicked, testId }: { value?: string; onChange?: (value: string | undefined) => void; onPicked: (part: SparePart) => void; testId?: string }) {
  const { t } = useTranslation();
  const { found: parts, searching, failed, search } = useDebouncedSearch((q) => sparePartsApi.list({ q: q || undefined, limit: SEARCH_LIMIT }).then((page) => page.items));

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
