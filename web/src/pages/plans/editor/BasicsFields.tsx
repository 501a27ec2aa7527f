import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LIMITS, PLAN_CATEGORIES } from '../planApi';
import { TextPair } from './TextPair';

/** The scenario: key (fixed once the plan exists), title, category, scope, impact, and where it was drawn from. */
export function BasicsFields({ keyFixed }: { keyFixed: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="key" label={t('planLibrary.field.key')} required extra={keyFixed ? t('planLibrary.keyFixed') : t('planLibrary.keyHint')}>
            <Input maxLength={100} disabled={keyFixed} data-testid="plan-field-key" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="category" label={t('planLibrary.field.category')} required>
            <Select options={PLAN_CATEGORIES.map((c) => ({ value: c, label: t(`planLibrary.category.${c}`) }))} data-testid="plan-field-category" />
          </Form.Item>
        </Col>
      </Row>
      <TextPair name={['title']} label={t('planLibrary.field.title')} max={LIMITS.title} testId="plan-field-title" />
      <TextPair name={['scope']} label={t('planLibrary.field.scope')} max={LIMITS.detail} rows={2} testId="plan-field-scope" />
      <TextPair name={['impact']} label={t('planLibrary.field.impact')} max={LIMITS.detail} rows={2} testId="plan-field-impact" />
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name={['source', 'document']} label={t('planLibrary.field.sourceDocument')}>
            <Input maxLength={200} data-testid="plan-field-source-document" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['source', 'section']} label={t('planLibrary.field.sourceSection')}>
            <Input maxLength={200} data-testid="plan-field-source-section" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
