import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, InputNumber, Row, Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../../api/estate';
import type { Site } from '../../api/types';
import { useDebouncedSearch } from '../../hooks/useDebouncedSearch';
import { useCatalogOptions } from '../../hooks/useEstate';
import { LEVELS } from './alertValues';
import { MatchersEditor } from './MatchersEditor';

const SEARCH_LIMIT = 20;

/** Device codes, searched by code, name, IP or serial; a code not found can still be typed (a device yet to come). */
function DeviceCodesSelect({ value, onChange }: { value?: string[]; onChange?: (value: string[]) => void }) {
  const { t } = useTranslation();
  const { found: options, searching, search } = useDebouncedSearch((q) =>
    estateApi.list({ q: q || undefined, limit: SEARCH_LIMIT }).then((page) => page.items.map((d) => ({ value: d.code, label: `${d.code} · ${d.name}` }))),
  );
  return (
    <Select
      mode="tags"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: search }}
      onFocus={() => options.length === 0 && search('')}
      notFoundContent={searching ? <Spin size="small" /> : null}
      options={options}
      placeholder={t('alertRule.scope.allDevices')}
    />
  );
}

/** Which devices a rule (or one of its overrides) watches: every list given must pass; an empty list means all. */
export function ScopeFields({ prefix, sites, withLabels }: { prefix: (string | number)[]; sites: Site[]; withLabels?: boolean }) {
  const { t } = useTranslation();
  const catalog = useCatalogOptions();
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item name={[...prefix, 'sites']} label={t('alertRule.scope.sites')}>
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('alertRule.scope.allSites')}
            options={sites.map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }))}
            data-testid="rule-scope-sites"
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[...prefix, 'subsystems']} label={t('alertRule.scope.subsystems')}>
          <Select mode="multiple" allowClear placeholder={t('alertRule.scope.allSubsystems')} options={catalog.subsystems} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[...prefix, 'deviceTypes']} label={t('alertRule.scope.deviceTypes')}>
          <Select mode="multiple" allowClear placeholder={t('alertRule.scope.allTypes')} options={catalog.types} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[...prefix, 'devices']} label={t('alertRule.scope.devices')}>
          <DeviceCodesSelect />
        </Form.Item>
      </Col>
      {withLabels ? (
        <Col xs={24}>
          <Form.Item label={t('alertRule.scope.labels')} extra={t('alertRule.scope.labelsHint')}>
            <MatchersEditor name={[...prefix, 'labels']} />
          </Form.Item>
        </Col>
      ) : null}
    </Row>
  );
}

/** Per-scope threshold or level overrides, first match wins (the library's gates have a different normal). */
export function OverridesEditor({ sites, thresholdLabel }: { sites: Site[]; thresholdLabel: string | null }) {
  const { t } = useTranslation();
  return (
    <Form.List name="overrides">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, i) => (
            <Card
              key={field.key}
              size="small"
              style={{ marginBottom: 12 }}
              title={t('alertRule.overrideTitle', { n: i + 1 })}
              extra={<Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />}
              data-testid="rule-override"
            >
              <ScopeFields prefix={[field.name, 'scope']} sites={sites} withLabels />
              <Row gutter={12}>
                {thresholdLabel ? (
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'threshold']} label={thresholdLabel}>
                      <InputNumber style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                ) : null}
                <Col xs={24} md={12}>
                  <Form.Item name={[field.name, 'level']} label={t('alertRule.field.level')}>
                    <Select allowClear placeholder={t('alertRule.sameLevel')} options={LEVELS.map((l) => ({ value: l, label: t(`alert.level.${l}`) }))} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ scope: {}, threshold: null, level: null })} disabled={fields.length >= 50}>
            {t('alertRule.addOverride')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
