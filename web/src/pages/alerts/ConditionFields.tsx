import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Col, Flex, Form, Input, InputNumber, Row, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleKind } from '../../api/alerts';
import en from '../../i18n/en.json';
import { metricLabel } from '../../app/metrics';
import { MatchersEditor } from './MatchersEditor';
import { AGGREGATES, BUILT_IN_METRICS, DIRECTIONS, OPERATORS, SERIES_BY, SEVERITIES } from './ruleForm';

const required = (message: string) => ({ required: true, message });

/** Metric names the console has labels for (`metric.*` in the catalogues), with the vitals and counts first. */
function knownMetrics(): string[] {
  const names: string[] = [...BUILT_IN_METRICS];
  const walk = (tree: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(tree)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') names.push(name);
      else if (value && typeof value === 'object') walk(value as Record<string, unknown>, name);
    }
  };
  walk(en.metric as Record<string, unknown>, '');
  return [...new Set(names)];
}

function MetricField({ label }: { label: string }) {
  const { t } = useTranslation();
  const options = useMemo(() => knownMetrics().map((m) => ({ value: m, label: `${metricLabel(t, m)} · ${m}` })), [t]);
  return (
    <Form.Item name={['condition', 'metric']} label={label} rules={[required(t('validation.required')), { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
      <AutoComplete options={options} filterOption={(input, option) => String(option?.label ?? '').toLowerCase().includes(input.toLowerCase())} data-testid="rule-metric">
        <Input />
      </AutoComplete>
    </Form.Item>
  );
}

function MinutesField({ name, label, max, optional }: { name: string; label: string; max: number; optional?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={['condition', name]} label={label} rules={optional ? [] : [required(t('validation.required'))]}>
      <InputNumber min={1} max={max} precision={0} suffix={t('alertRule.minutes')} style={{ width: '100%' }} data-testid={`rule-${name}`} />
    </Form.Item>
  );
}

function OperatorField() {
  const { t } = useTranslation();
  return (
    <Form.Item name={['condition', 'operator']} label={t('alertRule.field.operator')} rules={[required(t('validation.required'))]}>
      <Select options={OPERATORS.map((op) => ({ value: op, label: op }))} data-testid="rule-operator" />
    </Form.Item>
  );
}

function ByField({ choices, hint }: { choices: readonly string[]; hint: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={['condition', 'by']} label={t('alertRule.field.by')} extra={hint}>
      <Select allowClear options={choices.map((by) => ({ value: by, label: t(`alertRule.by.${by}`) }))} />
    </Form.Item>
  );
}

function TagsField({ name, label, hint }: { name: (string | number)[]; label: string; hint?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} extra={hint}>
      <Select mode="tags" tokenSeparators={[',', ' ']} open={false} placeholder={t('alertRule.tagsPlaceholder')} suffixIcon={null} />
    </Form.Item>
  );
}

/** The fields of the chosen kind of condition (SPEC C3.1); switching the kind starts from that kind's defaults. */
export function ConditionFields({ kind, ruleKeys }: { kind: RuleKind; ruleKeys: string[] }) {
  const { t } = useTranslation();
  const col = (node: React.ReactNode, span = 8) => (
    <Col xs={24} md={span}>
      {node}
    </Col>
  );
  switch (kind) {
    case 'threshold':
      return (
        <Row gutter={12}>
          {col(<MetricField label={t('alertRule.field.metric')} />, 12)}
          {col(
            <Form.Item name={['condition', 'aggregate']} label={t('alertRule.field.aggregate')} rules={[required(t('validation.required'))]}>
              <Select options={AGGREGATES.map((a) => ({ value: a, label: t(`alertRule.aggregate.${a}`) }))} />
            </Form.Item>,
            12,
          )}
          {col(<MinutesField name="windowMinutes" label={t('alertRule.field.windowMinutes')} max={1440} />)}
          {col(<OperatorField />)}
          {col(
            <Form.Item name={['condition', 'threshold']} label={t('alertRule.field.threshold')} rules={[required(t('validation.required'))]}>
              <InputNumber style={{ width: '100%' }} data-testid="rule-threshold" />
            </Form.Item>,
          )}
          {col(<ByField choices={SERIES_BY} hint={t('alertRule.byHint.threshold')} />, 12)}
        </Row>
      );
    case 'ratio':
      return (
        <Row gutter={12}>
          {(['numerator', 'denominator'] as const).map((part) => (
            <Col xs={24} md={12} key={part}>
              <Flex vertical>
                <TagsField name={['condition', part, 'statuses']} label={t(`alertRule.field.${part}Statuses`)} hint={t('alertRule.txnStatusesHint')} />
                <TagsField name={['condition', part, 'types']} label={t(`alertRule.field.${part}Types`)} />
                <TagsField name={['condition', part, 'channels']} label={t(`alertRule.field.${part}Channels`)} />
              </Flex>
            </Col>
          ))}
          {col(<MinutesField name="windowMinutes" label={t('alertRule.field.windowMinutes')} max={1440} />)}
          {col(<OperatorField />)}
          {col(
            <Form.Item name={['condition', 'thresholdPct']} label={t('alertRule.field.thresholdPct')} rules={[required(t('validation.required'))]}>
              <InputNumber min={0} max={100} suffix="%" style={{ width: '100%' }} data-testid="rule-threshold" />
            </Form.Item>,
          )}
          {col(
            <Form.Item name={['condition', 'minCount']} label={t('alertRule.field.minCount')} extra={t('alertRule.minCountHint')} rules={[required(t('validation.required'))]}>
              <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>,
            12,
          )}
          {col(<ByField choices={['site', 'device', 'channel']} hint={t('alertRule.byHint.ratio')} />, 12)}
        </Row>
      );
    case 'absence':
      return (
        <Row gutter={12}>
          {col(
            <Form.Item name={['condition', 'minutes']} label={t('alertRule.field.silentMinutes')} extra={t('alertRule.absenceHint')} rules={[required(t('validation.required'))]}>
              <InputNumber min={1} max={1440} precision={0} suffix={t('alertRule.minutes')} style={{ width: '100%' }} data-testid="rule-minutes" />
            </Form.Item>,
            12,
          )}
        </Row>
      );
    case 'event':
      return (
        <Row gutter={12}>
          {col(<TagsField name={['condition', 'eventTypes']} label={t('alertRule.field.eventTypes')} hint={t('alertRule.eventTypesHint')} />, 12)}
          {col(
            <Form.Item name={['condition', 'severities']} label={t('alertRule.field.severities')}>
              <Select mode="multiple" allowClear options={SEVERITIES.map((s) => ({ value: s, label: t(`alertRule.severity.${s}`) }))} />
            </Form.Item>,
            12,
          )}
          {col(
            <Form.Item name={['condition', 'messagePattern']} label={t('alertRule.field.messagePattern')} extra={t('alertRule.messagePatternHint')} rules={[{ max: 500, message: t('validation.maxLength', { max: 500 }) }]}>
              <Input />
            </Form.Item>,
            24,
          )}
          {col(
            <Form.Item label={t('alertRule.field.attributes')}>
              <MatchersEditor name={['condition', 'attributes']} addLabel={t('alertRule.addAttribute')} />
            </Form.Item>,
            24,
          )}
          {col(<TagsField name={['condition', 'resolveEventTypes']} label={t('alertRule.field.resolveEventTypes')} hint={t('alertRule.resolveEventTypesHint')} />, 12)}
          {col(<MinutesField name="resolveAfterMinutes" label={t('alertRule.field.resolveAfterMinutes')} max={10_080} optional />, 12)}
        </Row>
      );
    case 'change':
      return (
        <Row gutter={12}>
          {col(<MetricField label={t('alertRule.field.metric')} />, 12)}
          {col(<MinutesField name="windowMinutes" label={t('alertRule.field.changeWindow')} max={1440} />, 12)}
          {col(
            <Form.Item name={['condition', 'mode']} label={t('alertRule.field.mode')} rules={[required(t('validation.required'))]}>
              <Select options={(['absolute', 'percent'] as const).map((m) => ({ value: m, label: t(`alertRule.mode.${m}`) }))} />
            </Form.Item>,
          )}
          {col(<OperatorField />)}
          {col(
            <Form.Item name={['condition', 'threshold']} label={t('alertRule.field.changeThreshold')} extra={t('alertRule.changeHint')} rules={[required(t('validation.required'))]}>
              <InputNumber style={{ width: '100%' }} data-testid="rule-threshold" />
            </Form.Item>,
          )}
        </Row>
      );
    case 'baseline':
      return (
        <Row gutter={12}>
          {col(<MetricField label={t('alertRule.field.metric')} />, 12)}
          {col(<MinutesField name="windowMinutes" label={t('alertRule.field.baselineWindow')} max={120} />, 12)}
          {col(
            <Form.Item name={['condition', 'learnWeeks']} label={t('alertRule.field.learnWeeks')} rules={[required(t('validation.required'))]}>
              <InputNumber min={1} max={8} precision={0} style={{ width: '100%' }} />
            </Form.Item>,
          )}
          {col(
            <Form.Item name={['condition', 'direction']} label={t('alertRule.field.direction')} rules={[required(t('validation.required'))]}>
              <Select options={DIRECTIONS.map((d) => ({ value: d, label: t(`alertRule.direction.${d}`) }))} />
            </Form.Item>,
          )}
          {col(
            <Form.Item name={['condition', 'deviations']} label={t('alertRule.field.deviations')} rules={[required(t('validation.required'))]}>
              <InputNumber min={0.1} max={20} step={0.5} style={{ width: '100%' }} data-testid="rule-threshold" />
            </Form.Item>,
          )}
          {col(
            <Form.Item name={['condition', 'minDropPct']} label={t('alertRule.field.minDropPct')} extra={t('alertRule.minDropPctHint')}>
              <InputNumber min={0} max={100} suffix="%" style={{ width: '100%' }} />
            </Form.Item>,
            12,
          )}
          {col(
            <Form.Item name={['condition', 'minNormal']} label={t('alertRule.field.minNormal')} extra={t('alertRule.minNormalHint')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>,
            12,
          )}
          {col(
            <Form.Item label={t('alertRule.field.hours')} extra={t('alertRule.hoursHint')}>
              <Form.List name={['condition', 'hours']}>
                {(fields, { add, remove }) => (
                  <Flex vertical gap={0}>
                    {fields.map((field) => (
                      <Flex key={field.key} gap={8} align="baseline">
                        <Form.Item name={[field.name, 0]} style={{ marginBottom: 8 }} rules={[required(t('validation.required'))]}>
                          <InputNumber min={0} max={24} precision={0} suffix={t('alertRule.hourFrom')} />
                        </Form.Item>
                        <Form.Item name={[field.name, 1]} style={{ marginBottom: 8 }} rules={[required(t('validation.required'))]}>
                          <InputNumber min={0} max={24} precision={0} suffix={t('alertRule.hourTo')} />
                        </Form.Item>
                        <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                      </Flex>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add([7, 9])} disabled={fields.length >= 6} style={{ alignSelf: 'flex-start' }}>
                      {t('alertRule.addHours')}
                    </Button>
                  </Flex>
                )}
              </Form.List>
            </Form.Item>,
            24,
          )}
        </Row>
      );
    case 'composite':
      return (
        <Row gutter={12}>
          {col(
            <Form.Item
              name={['condition', 'rules']}
              label={t('alertRule.field.compositeRules')}
              extra={t('alertRule.compositeHint')}
              rules={[{ validator: async (_: unknown, v: unknown[] | undefined) => { if (!v || v.length < 2 || v.length > 5) throw new Error(t('alertRule.compositeCount')); } }]}
            >
              <Select mode="tags" options={ruleKeys.map((key) => ({ value: key, label: key }))} />
            </Form.Item>,
            24,
          )}
          {col(<MinutesField name="withinMinutes" label={t('alertRule.field.withinMinutes')} max={1440} />, 12)}
          {col(<ByField choices={['site', 'device']} hint={t('alertRule.byHint.composite')} />, 12)}
        </Row>
      );
  }
}
