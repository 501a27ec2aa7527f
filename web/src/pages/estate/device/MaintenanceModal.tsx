import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../../../api/estate';
import type { Device } from '../../../api/types';
import { describeError } from '../../../app/errors';

/** Puts a device into maintenance (its silence is expected) or takes it out, with a reason for the audit log. */
export function MaintenanceModal({
  device,
  onClose,
  onSaved,
}: {
  device: Pick<Device, 'id' | 'code' | 'maintenance'>;
  onClose: () => void;
  onSaved: (device: Device) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const on = !device.maintenance;

  const submit = async () => {
    const { reason } = await form.validateFields();
    setSaving(true);
    try {
      const saved = await estateApi.maintenance(device.id, { on, reason: reason.trim() });
      void message.success(t(on ? 'device.maintenanceStarted' : 'device.maintenanceEnded', { code: device.code }));
      onSaved(saved);
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(on ? 'device.maintenanceOnTitle' : 'device.maintenanceOffTitle', { code: device.code })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'maintenance-submit' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t(on ? 'device.maintenanceOnHint' : 'device.maintenanceOffHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('device.reason')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 200, message: t('validation.maxLength', { max: 200 }) },
          ]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="maintenance-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
