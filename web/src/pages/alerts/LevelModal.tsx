import { App, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { alertsApi, type Alert, type AlertLevel } from '../../api/alerts';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { LEVELS } from './alertValues';

interface Values {
  level: AlertLevel;
  reason: string;
}

/** Raise or lower an alert's level by hand; the reason is required and shows in the timeline. */
export function LevelModal({ alert, onClose, onSaved }: { alert: Alert; onClose: () => void; onSaved: (alert: Alert) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const saved = await alertsApi.level(alert.id, values.level, values.reason.trim());
      void message.success(t('alert.levelChanged', { level: t(`alert.level.${saved.level}`) }));
      onSaved(saved);
    });
  };

  return (
    <Modal
      open
      title={t('alert.changeLevelTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'alert-level-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ level: alert.level, reason: '' }}>
        <Form.Item name="level" label={t('alert.field.level')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={LEVELS.map((level) => ({ value: level, label: t(`alert.level.${level}`) }))}
            data-testid="alert-level-choice"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('alert.field.levelReason')}
          rules={[
            { required: true, whitespace: true, message: t('alert.levelReasonRequired') },
            { max: 500, message: t('validation.maxLength', { max: 500 }) },
          ]}
        >
          <Input.TextArea rows={2} data-testid="alert-level-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
