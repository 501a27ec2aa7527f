import { Alert, App, Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types';
import { usersApi } from '../../api/users';
import { describeError } from '../../app/errors';
import { ReasonField } from './ReasonField';

/** Asks why, then fetches the user with personal data unmasked (recorded in the audit log with the reason). */
export function UnmaskModal({
  user,
  onClose,
  onUnmasked,
}: {
  user: User;
  onClose: () => void;
  onUnmasked: (user: User) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [loading, setLoading] = useState(false);

  const submit = async () => {
    const { reason } = await form.validateFields();
    setLoading(true);
    try {
      onUnmasked(await usersApi.getUnmasked(user.id, reason.trim()));
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Modal
      open
      title={t('personal.unmaskTitle', { name: user.username })}
      okText={t('personal.unmaskConfirm')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={loading}
      okButtonProps={{ 'data-testid': 'unmask-submit' }}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('personal.auditNotice')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <ReasonField testId="unmask-reason" />
      </Form>
    </Modal>
  );
}
