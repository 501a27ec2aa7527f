import { App, Form, Input, Modal, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../../../api/estate';
import type { ConfigVersion, CreateConfigRequest } from '../../../api/types';
import { describeError } from '../../../app/errors';
import { applyServerErrors } from '../../../app/formErrors';

type Format = CreateConfigRequest['format'];

interface Values {
  format: Format;
  content: string;
  reason: string;
  changeRef?: string;
}

const MAX_CONTENT = 262_144;

/** Saves the next configuration version; starts from the newest version's content so that a change is an edit. */
export function ConfigFormModal({
  deviceId,
  latest,
  onClose,
  onSaved,
}: {
  deviceId: string;
  latest: ConfigVersion | null;
  onClose: () => void;
  onSaved: (version: ConfigVersion) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!latest) return;
    let live = true;
    estateApi.configVersion(deviceId, latest.version).then(
      (v) => {
        if (live && !form.isFieldsTouched(['content'])) {
          form.setFieldsValue({ content: v.content, format: v.format === 'json' ? 'json' : 'text' });
        }
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [deviceId, latest, form]);

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const saved = await estateApi.addConfigVersion(deviceId, {
        format: values.format,
        content: values.content,
        reason: values.reason.trim(),
        changeRef: values.changeRef?.trim() || null,
      });
      void message.success(t('config.saved', { version: saved.version }));
      onSaved(saved);
    } catch (error) {
      if (!applyServerErrors(form, t, error, { CONFIG_UNCHANGED: 'content' })) void message.error(describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('config.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'config-form-submit' }}
      width={760}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ format: 'json', content: '', reason: '' }}>
        <Form.Item name="format" label={t('config.field.format')}>
          <Radio.Group
            options={[
              { value: 'json', label: 'JSON' },
              { value: 'text', label: t('config.formatText') },
            ]}
            optionType="button"
            data-testid="config-form-format"
          />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('config.field.content')}
          dependencies={['format']}
          rules={[
            { max: MAX_CONTENT, message: t('validation.maxLength', { max: MAX_CONTENT }) },
            ({ getFieldValue }) => ({
              validator: async (_, value: string) => {
                if (getFieldValue('format') !== 'json') return;
                try {
                  JSON.parse(value);
                } catch {
                  throw new Error(t('config.invalidJson'));
                }
              },
            }),
          ]}
        >
          <Input.TextArea
            rows={12}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
            data-testid="config-form-content"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('config.field.reason')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 500, message: t('validation.maxLength', { max: 500 }) },
          ]}
        >
          <Input data-testid="config-form-reason" />
        </Form.Item>
        <Form.Item
          name="changeRef"
          label={t('config.field.changeRef')}
          extra={t('config.changeRefHint')}
          rules={[{ max: 64, message: t('validation.maxLength', { max: 64 }) }]}
        >
          <Input data-testid="config-form-changeRef" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
