import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../../api/estate';

const SEARCH_DELAY_MS = 300;
const SEARCH_LIMIT = 20;

interface Option {
  value: string;
  label: string;
  subsystem: string;
}

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
  // What a search found, for the site it was made for: a device of another site is never offered.
  const [found, setFound] = useState<{ siteId: string; options: Option[] } | null>(null);
  const options = found && found.siteId === siteId ? found.options : [];
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    if (!siteId) return;
    timer.current = setTimeout(() => {
      const ticket = ++latest.current;
      setSearching(true);
      estateApi
        .list({ siteId, q: q.trim() || undefined, limit: SEARCH_LIMIT })
        .then((page) => {
          if (ticket === latest.current) setFound({ siteId, options: page.items.map((d) => ({ value: d.id, label: `${d.code} · ${d.name}`, subsystem: d.subsystem })) });
        })
        .catch(() => {
          if (ticket === latest.current) setFound(null);
        })
        .finally(() => {
          if (ticket === latest.current) setSearching(false);
        });
    }, SEARCH_DELAY_MS);
  };

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

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
        if (!found || found.siteId !== siteId) search('');
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
