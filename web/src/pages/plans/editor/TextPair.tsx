import { Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NamePath } from '../../../app/fieldPaths';

/**
 * One text of the plan in both languages side by side (one above the other on a phone): Chinese, which every text
 * needs, and English, which readers of English see when it is there. `name` is the text's path in the form
 * (`['steps', 3, 'title']`); the inputs are `…zh` and `…en`, where the server names their problems.
 */
export function TextPair({ name, label, max, rows, testId, optional }: { name: NamePath; label: string; max: number; rows?: number; testId: string; optional?: boolean }) {
  const { t } = useTranslation();
  const input = (lang: 'zh' | 'en') =>
    rows ? (
      <Input.TextArea autoSize={{ minRows: rows, maxRows: 12 }} maxLength={max} data-testid={`${testId}-${lang}`} />
    ) : (
      <Input maxLength={max} data-testid={`${testId}-${lang}`} />
    );
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item name={[...name, 'zh']} label={`${label}（${t('planLibrary.lang.zh')}）`} required={!optional} style={{ marginBottom: 12 }}>
          {input('zh')}
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[...name, 'en']} label={`${label}（${t('planLibrary.lang.en')}）`} style={{ marginBottom: 12 }}>
          {input('en')}
        </Form.Item>
      </Col>
    </Row>
  );
}
