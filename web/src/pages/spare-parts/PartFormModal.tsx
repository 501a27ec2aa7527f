import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { sparePartsApi } from '../../api/spareParts';
import type { SparePart } from '../../api/types';
import { useFormSubmit } from '../../hooks/useFormSubmit';

interface Values {
  sku: string;
  name: string;
  category?: string;
  unit?: string;
  reorderThreshold?: number | null;
}

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** Add a spare part or change one (stock moves only through movements). */
export function PartFormModal({ part, onClose, onSaved }: { part: SparePart | null; onClose: () => void; onSaved: (part: SparePart) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);
  const creating = part === null;

  const submit = async () => {
    const values = await form.validateFields();
    const body = {
      sku: values.sku.trim(),
      name: values.name.trim(),
      category: values.category?.trim() ?? '',
      unit: values.unit?.trim() || undefined,
      reorderThreshold: values.reorderThreshold ?? 0,
    };
    await run(async () => {
      const saved = creating ? await sparePartsApi.create(body) : await sparePartsApi.update(part.id, body);
      void message.success(t(creating ? 'spare.created' : 'spare.saved', { sku: saved.sku }));
      onSaved(saved);
    });
  };

  return (
    <Modal
      open
      title={creating ? t('spare.createTitle') : t('spare.editTitle', { sku: part.sku })}
      okText={creating ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'part-form-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          sku: part?.sku ?? '',
          name: part?.name ?? '',
          category: part?.category ?? '',
          unit: part?.unit ?? '',
          reorderThreshold: part?.reorderThreshold ?? 0,
        }}
      >
        <Form.Item
          name="sku"
          label={t('spare.field.sku')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { pattern: SKU_PATTERN, message: t('spare.skuPattern') },
          ]}
        >
          <Input data-testid="part-form-sku" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('spare.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 100, message: t('validation.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="part-form-name" />
        </Form.Item>
        <Form.Item name="category" label={t('spare.field.category')} rules={[{ max: 64, message: t('validation.maxLength', { max: 64 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="unit"
          label={t('spare.field.unit')}
          extra={t('spare.unitHint')}
          rules={[{ max: 16, message: t('validation.maxLength', { max: 16 }) }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="reorderThreshold" label={t('spare.field.reorderThreshold')} extra={t('spare.reorderHint')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} data-testid="part-form-threshold" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
