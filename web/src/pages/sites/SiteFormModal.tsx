import { App, Form, Input, Modal, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { sitesApi } from '../../api/sites';
import type { Site } from '../../api/types';
import { DEFAULT_TIMEZONE, timezoneOptions } from '../../app/timezones';
import { useFormSubmit } from '../../hooks/useFormSubmit';

interface Values {
  code: string;
  name: string;
  timezone: string;
}

export function SiteFormModal({
  site,
  onClose,
  onSaved,
}: {
  site: Site | null;
  onClose: () => void;
  onSaved: (site: Site) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);
  const creating = site === null;
  const zones = useMemo(() => timezoneOptions().map((z) => ({ value: z, label: z })), []);

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const saved = creating
        ? await sitesApi.create({ code: values.code.trim(), name: values.name.trim(), timezone: values.timezone })
        : await sitesApi.update(site.id, { name: values.name.trim(), timezone: values.timezone });
      void message.success(t(creating ? 'site.created' : 'site.saved', { name: saved.name }));
      onSaved(saved);
    });
  };

  return (
    <Modal
      open
      title={creating ? t('site.createTitle') : t('site.editTitle', { name: site.name })}
      okText={creating ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'site-form-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ code: site?.code ?? '', name: site?.name ?? '', timezone: site?.timezone ?? DEFAULT_TIMEZONE }}
      >
        <Form.Item
          name="code"
          label={t('site.field.code')}
          extra={creating ? t('site.codeHint') : undefined}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, message: t('site.codePattern') },
          ]}
        >
          <Input disabled={!creating} data-testid="site-form-code" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('site.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 100, message: t('validation.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="site-form-name" />
        </Form.Item>
        <Form.Item name="timezone" label={t('site.field.timezone')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select showSearch options={zones} data-testid="site-form-timezone" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
