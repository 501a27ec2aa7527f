import { Alert, App, Checkbox, Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../api/users';
import { describeError } from '../../app/errors';
import { saveBlob } from '../../app/download';
import { ReasonField } from './ReasonField';

interface Values {
  reason: string;
  unmasked: boolean;
}

export function ExportModal({ onClose, canUnmask }: { onClose: () => void; canUnmask: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [loading, setLoading] = useState(false);

  const submit = async () => {
    const values = await form.validateFields();
    setLoading(true);
    try {
      const file = await usersApi.exportCsv({ reason: values.reason.trim(), unmasked: values.unmasked });
      saveBlob(file.blob, file.filename ?? 'users.csv');
      void message.success(t('user.exportDone'));
      onClose();
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Modal
      open
      title={t('user.exportTitle')}
      okText={t('user.export')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={loading}
      okButtonProps={{ 'data-testid': 'export-submit' }}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('personal.auditNotice')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" initialValues={{ unmasked: false }}>
        <ReasonField testId="export-reason" />
        <Form.Item name="unmasked" valuePropName="checked" extra={canUnmask ? undefined : t('user.exportUnmaskNeedsPermission')}>
          <Checkbox data-testid="export-unmasked" disabled={!canUnmask}>
            {t('user.exportUnmasked')}
          </Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
