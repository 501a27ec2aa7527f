import { Alert, App, Button, Drawer, Flex, Form, Input, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { rolesApi } from '../../api/roles';
import type { Role } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PermissionMatrix } from '../../components/PermissionMatrix';
import { useIsMobile } from '../../hooks/useIsMobile';
import { usePermissionCatalog } from '../../hooks/useReferenceData';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { roleName } from '../../app/roles';

interface Values {
  id: string;
  name: string;
  description: string;
  permissions: string[];
}

export const ROLE_ID_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

export interface RoleDrawerProps {
  /** The role to edit, or null to create one. */
  role: Role | null;
  readOnly: boolean;
  onClose: () => void;
  onSaved: (role: Role) => void;
}

/** Create or edit a role: name, description and the permission matrix. */
export function RoleDrawer({ role, readOnly, onClose, onSaved }: RoleDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const catalog = usePermissionCatalog();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);
  const creating = role === null;

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const saved = creating
        ? await rolesApi.create({
            id: values.id.trim(),
            name: values.name.trim(),
            description: values.description?.trim() ?? '',
            permissions: values.permissions,
          })
        : await rolesApi.update(role.id, {
            name: values.name.trim(),
            description: values.description?.trim() ?? '',
            permissions: values.permissions,
          });
      void message.success(t(creating ? 'role.created' : 'role.saved', { name: roleName(t, saved) }));
      onSaved(saved);
    });
  };

  return (
    <Drawer
      open
      size={isMobile ? '100%' : 760}
      title={creating ? t('role.createTitle') : t('role.editTitle', { name: roleName(t, role) })}
      onClose={onClose}
      destroyOnHidden
      footer={
        readOnly ? null : (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={saving}
              onClick={() => void submit().catch(() => undefined)}
              data-testid="role-submit"
            >
              {creating ? t('common.create') : t('common.save')}
            </Button>
          </Flex>
        )
      }
    >
      {role?.builtIn ? (
        <Alert type="info" showIcon title={t('role.builtInNotice')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        disabled={readOnly}
        initialValues={{
          id: role?.id ?? '',
          name: role?.name ?? '',
          description: role?.description ?? '',
          permissions: role?.permissions ?? [],
        }}
      >
        {creating ? (
          <Form.Item
            name="id"
            label={t('role.field.id')}
            extra={t('role.idHint')}
            rules={[
              { required: true, message: t('validation.required') },
              { pattern: ROLE_ID_PATTERN, message: t('role.idPattern') },
            ]}
          >
            <Input data-testid="role-form-id" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="name"
          label={t('role.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 60, message: t('validation.maxLength', { max: 60 }) },
          ]}
        >
          <Input data-testid="role-form-name" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('role.field.description')}
          rules={[{ max: 300, message: t('validation.maxLength', { max: 300 }) }]}
        >
          <Input.TextArea rows={2} data-testid="role-form-description" />
        </Form.Item>
        <ErrorAlert error={catalog.error} onRetry={catalog.reload} />
        <Form.Item name="permissions" label={t('role.field.permissions')}>
          {catalog.loading && !catalog.data ? <Spin /> : <PermissionMatrix catalog={catalog.data ?? []} disabled={readOnly} />}
        </Form.Item>
      </Form>
    </Drawer>
  );
}
