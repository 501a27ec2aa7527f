import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../../api/estate';
import { useDebouncedSearch } from '../../hooks/useDebouncedSearch';

const SEARCH_LIMIT = 20;


/**
 * A device of one site, searched by code, name, IP or serial (the request form's optional device). The value is the
 * device id; `onPicked` hands the device's subsystem on, so that the form can fill it.
 */
export function SiteDevicePicker({
  siteId,
  value,
  onChange,
  onPicked,
  testId,
}: {
  siteId: string | undefined;
  value?: string;
  onChange?: (value: string | undefined) => void;
  onPicked?: (device: { id: string; subsystem: string } | null) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  // Results belong to the site they were searched for: a device of another site is never offered.
  const { found: options, searching, search: searchSite } = useDebouncedSearch(
    (q) => estateApi.list({ siteId, q: q || undefined, limit: SEARCH_LIMIT }).then((page) => page.items.map((d) => ({ value: d.id, label: `${d.code} · ${d.name}`, subsystem: d.subsystem }))),
    siteId ?? '',
  );
  const search = (q: string) => {
    if (siteId) searchSite(q);
  };

  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: search }}
      disabled={!siteId}
      loading={searching}
      value={value}
      placeholder={siteId ? t('incident.form.devicePlaceholder') : t('incident.form.siteFirst')}
      // The site's first devices are offered as soon as the picker is opened.
      onFocus={() => {
        if (options.length === 0) search('');
      }}
      onChange={(id?: string) => {
        onChange?.(id);
        const picked = options.find((o) => o.value === id);
        onPicked?.(picked ? { id: picked.value, subsystem: picked.subsystem } : null);
      }}
      options={options}
      data-testid={testId}
    />
  );
}
