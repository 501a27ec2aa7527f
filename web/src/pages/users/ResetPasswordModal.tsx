import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types';
import { usersApi } from '../../api/users';
import { describeError } from '../../app/errors';
import { applyServerErrors } from '../../app/formErrors';
import { confirmPasswordRules, PASSWORD_MIN_LENGTH, passwordRules } from '../../app/password';

interface Values {
  newPassword: string;
  confirmPassword: string;
}

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await usersApi.resetPassword(user.id, values.newPassword);
      void message.success(t('user.passwordReset', { name: user.username }));
      onClose();
    } catch (error) {
      if (!applyServerErrors(form, t, error, { WEAK_PASSWORD: 'newPassword' })) {
        void message.error(describeError(t, error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('user.resetPasswordTitle', { name: user.username })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" autoComplete="off">
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          extra={t('password.hint', { min: PASSWORD_MIN_LENGTH })}
          rules={passwordRules(t, () => user.username)}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password-new" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={confirmPasswordRules(t, 'newPassword')}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
