import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

export const REASON_MIN_LENGTH = 2;
export const REASON_MAX_LENGTH = 200;

/** The "why do you need personal data" field; the reason ends up in the audit log. */
export function ReasonField({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="reason"
      label={t('personal.reason')}
      extra={t('personal.reasonHint')}
      rules={[
        { required: true, whitespace: true, message: t('personal.reasonRequired') },
        { min: REASON_MIN_LENGTH, message: t('personal.reasonRequired') },
        { max: REASON_MAX_LENGTH, message: t('validation.maxLength', { max: REASON_MAX_LENGTH }) },
      ]}
    >
      <Input.TextArea rows={3} maxLength={REASON_MAX_LENGTH} showCount data-testid={testId} />
    </Form.Item>
  );
}
