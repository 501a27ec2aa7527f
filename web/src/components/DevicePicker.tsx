import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../api/estate';
import type { Device } from '../api/types';
import { useDebouncedSearch } from '../hooks/useDebouncedSearch';

const SEARCH_LIMIT = 20;

interface Option {
  value: string;
  label: string;
}

const optionOf = (d: Pick<Device, 'id' | 'code' | 'name'>): Option => ({ value: d.id, label: `${d.code} · ${d.name}` });

/**
 * Picks a device by searching code, name, IP or serial (the upstream switch or router of another device).
 * The value is the device id; `excludeId` keeps a device from being offered as its own upstream.
 */
export function DevicePicker({
  value,
  onChange,
  excludeId,
  placeholder,
  testId,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  excludeId?: string;
  placeholder?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { found: options, searching, search } = useDebouncedSearch((q) =>
    estateApi.list({ q: q || undefined, limit: SEARCH_LIMIT }).then((page) => page.items.filter((d) => d.id !== excludeId).map(optionOf)),
  );
  const [current, setCurrent] = useState<Option | null>(null);

  // The chosen device's label, when the value came from outside (editing a device that already has an upstream).
  useEffect(() => {
    if (!value) return;
    let live = true;
    estateApi.get(value).then(
      (d) => {
        if (live) setCurrent(optionOf(d));
      },
      () => {
        if (live) setCurrent({ value, label: value });
      },
    );
    return () => {
      live = false;
    };
  }, [value]);

  const shown = current && current.value === value && !options.some((o) => o.value === value) ? [current, ...options] : options;

  return (
    <Select
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value ?? undefined}
      placeholder={placeholder ?? t('device.upstreamPlaceholder')}
      notFoundContent={searching ? <Spin size="small" /> : t('device.noDeviceFound')}
      options={shown}
      onFocus={() => {
        if (options.length === 0) search('');
      }}
      onChange={(next?: string) => onChange?.(next ?? null)}
      data-testid={testId}
    />
  );
}
