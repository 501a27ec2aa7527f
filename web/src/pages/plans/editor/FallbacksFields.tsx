import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../hooks/useLocale';
import { LIMITS, RECORD_KINDS } from '../planApi';
import { nextKey, type FallbackValues, type StepValues } from '../planForm';
import { TextPair } from './TextPair';

/**
 * Fallback procedures: what is done by hand while the system is down, what it records (tickets sold or checked,
 * counter payments) and the step that brings those records back into the books (补录) — required when it records.
 */
export function FallbacksFields() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const form = Form.useFormInstance();
  const steps = (Form.useWatch('steps') ?? []) as StepValues[];
  const stepOptions = steps
    .filter((s) => s?.key)
    .map((s, i) => ({ value: s.key, label: `${i + 1}. ${(locale === 'en' && s.title?.en) || s.title?.zh || s.key}` }));
  return (
    <Form.List name="fallbacks">
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={12} data-testid="plan-fallbacks">
          {rows.map((row, i) => (
            <Card
              key={row.key}
              size="small"
              data-testid={`plan-fallback-${i}`}
              title={t('planLibrary.fallbackN', { n: i + 1 })}
              extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} data-testid={`plan-fallback-${i}-remove`} />}
            >
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name={[row.name, 'key']} label={t('planLibrary.field.fallbackKey')} required style={{ marginBottom: 12 }}>
                    <Input maxLength={64} data-testid={`plan-fallback-${i}-key`} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={[row.name, 'records']} label={t('planLibrary.field.records')} style={{ marginBottom: 12 }}>
                    <Select mode="multiple" allowClear options={RECORD_KINDS.map((r) => ({ value: r, label: t(`planLibrary.record.${r}`) }))} data-testid={`plan-fallback-${i}-records`} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={[row.name, 'backfillStep']} label={t('planLibrary.field.backfillStep')} tooltip={t('planLibrary.backfillStepHint')} style={{ marginBottom: 12 }}>
                    <Select allowClear options={stepOptions} data-testid={`plan-fallback-${i}-backfill-step`} />
                  </Form.Item>
                </Col>
              </Row>
              <TextPair name={[row.name, 'title']} label={t('planLibrary.field.fallbackTitle')} max={LIMITS.title} testId={`plan-fallback-${i}-title`} />
              <TextPair name={[row.name, 'procedure']} label={t('planLibrary.field.procedure')} max={LIMITS.procedure} rows={3} testId={`plan-fallback-${i}-procedure`} />
            </Card>
          ))}
          <Form.ErrorList errors={errors} />
          {rows.length < LIMITS.fallbacks ? (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              style={{ alignSelf: 'flex-start' }}
              data-testid="plan-fallback-add"
              onClick={() => {
                const fallbacks = (form.getFieldValue('fallbacks') ?? []) as FallbackValues[];
                add({ key: nextKey('fallback', fallbacks.map((f) => f?.key)), title: { zh: '', en: '' }, procedure: { zh: '', en: '' }, records: [], backfillStep: null } satisfies FallbackValues);
              }}
            >
              {t('planLibrary.addFallback')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}
