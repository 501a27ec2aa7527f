import { DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { tokensApi } from '../../api/tokens';
import type { CreateTokenResponse } from '../../api/types';
import { toPermissions } from '../../app/permissions';
import { PermissionMatrix } from '../../components/PermissionMatrix';
import { useMe } from '../../hooks/useAuth';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { usePermissionCatalog } from '../../hooks/useReferenceData';

interface Values {
  name: string;
  permissions: string[];
  expiresAt?: Dayjs | null;
}

/** Create an API token limited to a subset of my own permissions. */
export function CreateTokenModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (result: CreateTokenResponse) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const known = usePermissionCatalog();
  const catalog = useMemo(() => toPermissions(me.permissions, known.data), [me.permissions, known.data]);
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const result = await tokensApi.create({
        name: values.name.trim(),
        permissions: values.permissions,
        expiresAt: values.expiresAt ? values.expiresAt.endOf('day').toISOString() : null,
      });
      onCreated(result);
    });
  };

  return (
    <Modal
      open
      width={760}
      title={t('token.createTitle')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'token-form-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ permissions: [], expiresAt: null }}>
        <Form.Item
          name="name"
          label={t('token.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 100, message: t('validation.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="token-form-name" />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('token.field.expiresAt')} extra={t('token.expiryHint')}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(day) => day.endOf('day').valueOf() < Date.now()}
            data-testid="token-form-expires"
          />
        </Form.Item>
        <Form.Item
          name="permissions"
          label={t('token.field.permissions')}
          extra={t('token.permissionsHint')}
          rules={[{ type: 'array', min: 1, message: t('token.permissionsRequired') }]}
        >
          <PermissionMatrix catalog={catalog} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
