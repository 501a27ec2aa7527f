import { Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Site } from '../api/types';

export interface SiteScopeFieldProps {
  value?: string[] | null;
  onChange?: (value: string[] | null) => void;
  sites: Site[];
  loading?: boolean;
  testId?: string;
}

/** Form control for a site scope: all sites (null) or a chosen list of site ids. */
export function SiteScopeField({ value = null, onChange, sites, loading, testId = 'site-scope' }: SiteScopeFieldProps) {
  const { t } = useTranslation();
  const all = value === null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group
        value={all ? 'all' : 'chosen'}
        onChange={(e) => onChange?.(e.target.value === 'all' ? null : (value ?? []))}
        data-testid={`${testId}-mode`}
      >
        <Radio value="all" data-testid={`${testId}-all`}>
          {t('site.allSites')}
        </Radio>
        <Radio value="chosen" data-testid={`${testId}-chosen`}>
          {t('site.chosenSites')}
        </Radio>
      </Radio.Group>
      {all ? null : (
        <Select
          mode="multiple"
          allowClear
          loading={loading}
          value={value ?? []}
          onChange={(ids: string[]) => onChange?.(ids)}
          placeholder={t('site.choosePlaceholder')}
          optionFilterProp="label"
          options={sites.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
          data-testid={`${testId}-select`}
          style={{ width: '100%' }}
        />
      )}
    </Space>
  );
}
