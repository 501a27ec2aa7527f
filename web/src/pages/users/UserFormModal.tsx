import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, Site, UpdateUserRequest, User } from '../../api/types';
import { usersApi } from '../../api/users';
import { describeError } from '../../app/errors';
import { applyServerErrors } from '../../app/formErrors';
import { PASSWORD_MIN_LENGTH, passwordRules } from '../../app/password';
import { SiteScopeField } from '../../components/SiteScopeField';
import { roleName } from '../../app/roles';

interface Values {
  username: string;
  displayName: string;
  email?: string;
  phone?: string;
  password: string;
  roleIds: string[];
  siteIds: string[] | null;
}

export interface UserFormModalProps {
  /** The user being edited, or null to create one. */
  user: User | null;
  roles: Role[];
  sites: Site[];
  sitesLoading: boolean;
  onClose: () => void;
  onSaved: (user: User, created: boolean) => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 -]{4,24}$/;
const emptyToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/** Create a user, or edit one (everything but username and password). */
export function UserFormModal({ user, roles, sites, sitesLoading, onClose, onSaved }: UserFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const creating = user === null;
  const initialValues: Partial<Values> = creating
    ? { roleIds: [], siteIds: null }
    : {
        displayName: user.displayName,
        email: user.email ?? '',
        phone: user.phone ?? '',
        roleIds: user.roleIds,
        siteIds: user.siteIds,
      };

  const buildPatch = (values: Values): UpdateUserRequest => {
    const patch: UpdateUserRequest = {
      displayName: values.displayName.trim(),
      roleIds: values.roleIds,
      siteIds: values.siteIds,
    };
    // Personal fields arrive masked; send them only when the operator actually changed them.
    if ((values.email ?? '') !== (initialValues.email ?? '')) patch.email = emptyToNull(values.email);
    if ((values.phone ?? '') !== (initialValues.phone ?? '')) patch.phone = emptyToNull(values.phone);
    return patch;
  };

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const saved = creating
        ? await usersApi.create({
            username: values.username.trim(),
            displayName: values.displayName.trim(),
            email: values.email?.trim() || undefined,
            phone: values.phone?.trim() || undefined,
            password: values.password,
            roleIds: values.roleIds,
            siteIds: values.siteIds,
          })
        : await usersApi.update(user.id, buildPatch(values));
      void message.success(t(creating ? 'user.created' : 'user.saved', { name: saved.username }));
      onSaved(saved, creating);
    } catch (error) {
      const handled = applyServerErrors(form, t, error, { WEAK_PASSWORD: 'password' });
      if (!handled) void message.error(describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={creating ? t('user.createTitle') : t('user.editTitle', { name: user.username })}
      okText={creating ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'user-form-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues} autoComplete="off">
        {creating ? (
          <Form.Item
            name="username"
            label={t('user.field.username')}
            extra={t('user.usernameHint')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              { pattern: /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/, message: t('user.usernamePattern') },
            ]}
          >
            <Input data-testid="user-form-username" autoComplete="off" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="displayName"
          label={t('user.field.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 100, message: t('validation.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="user-form-displayName" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('user.field.email')}
          rules={[
            {
              validator: async (_rule, value: unknown) => {
                const text = typeof value === 'string' ? value.trim() : '';
                if (!text || text === initialValues.email) return;
                if (!EMAIL.test(text)) throw new Error(t('validation.email'));
              },
            },
          ]}
        >
          <Input data-testid="user-form-email" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('user.field.phone')}
          rules={[
            {
              validator: async (_rule, value: unknown) => {
                const text = typeof value === 'string' ? value.trim() : '';
                if (!text || text === initialValues.phone) return;
                if (!PHONE.test(text)) throw new Error(t('validation.phone'));
              },
            },
          ]}
        >
          <Input data-testid="user-form-phone" />
        </Form.Item>
        {creating ? (
          <Form.Item
            name="password"
            label={t('user.field.initialPassword')}
            extra={t('password.hint', { min: PASSWORD_MIN_LENGTH })}
            rules={passwordRules(t, () => form.getFieldValue('username') as string | undefined)}
          >
            <Input.Password data-testid="user-form-password" autoComplete="new-password" />
          </Form.Item>
        ) : null}
        <Form.Item name="roleIds" label={t('user.field.roles')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            placeholder={t('user.rolesPlaceholder')}
            options={roles.map((r) => ({ value: r.id, label: roleName(t, r) }))}
            data-testid="user-form-roles"
          />
        </Form.Item>
        <Form.Item name="siteIds" label={t('user.field.siteScope')}>
          <SiteScopeField sites={sites} loading={sitesLoading} testId="user-form-sites" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
