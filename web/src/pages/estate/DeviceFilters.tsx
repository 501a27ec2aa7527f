import { Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeviceHealth, DeviceType, EstateTreeSite, Subsystem } from '../../api/types';
import { HEALTH_STATES } from '../../app/health';
import { useCatalogOptions } from '../../hooks/useEstate';
import type { DeviceFilterValues } from './estateFilters';

/** Site, subsystem, type, health and text filters of the device list. */
export function DeviceFilters({
  value,
  onChange,
  sites,
}: {
  value: DeviceFilterValues;
  onChange: (value: DeviceFilterValues) => void;
  sites: EstateTreeSite[];
}) {
  const { t } = useTranslation();
  const catalog = useCatalogOptions();
  return (
    <>
      <Input.Search
        key={value.q ?? ''}
        allowClear
        placeholder={t('device.searchPlaceholder')}
        defaultValue={value.q}
        onSearch={(q) => onChange({ ...value, q: q.trim() || undefined })}
        style={{ width: 220 }}
        data-testid="devices-search"
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('device.filter.site')}
        value={value.siteId}
        onChange={(siteId?: string) => onChange({ ...value, siteId })}
        options={sites.map((s) => ({ value: s.id, label: s.name }))}
        style={{ width: 150 }}
        data-testid="devices-filter-site"
      />
      <Select
        allowClear
        placeholder={t('device.filter.subsystem')}
        value={value.subsystem}
        onChange={(subsystem?: Subsystem) => onChange({ ...value, subsystem })}
        options={catalog.subsystems}
        style={{ width: 130 }}
        data-testid="devices-filter-subsystem"
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('device.filter.type')}
        value={value.type}
        onChange={(type?: DeviceType) => onChange({ ...value, type })}
        options={catalog.types}
        style={{ width: 140 }}
        data-testid="devices-filter-type"
      />
      <Select
        allowClear
        placeholder={t('device.filter.health')}
        value={value.health}
        onChange={(health?: DeviceHealth) => onChange({ ...value, health })}
        options={HEALTH_STATES.map((h) => ({ value: h, label: t(`health.${h}`) }))}
        style={{ width: 120 }}
        data-testid="devices-filter-health"
      />
    </>
  );
}
