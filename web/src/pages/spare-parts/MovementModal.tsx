import { Alert, App, AutoComplete, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { sparePartsApi } from '../../api/spareParts';
import type { SparePart } from '../../api/types';
import { describeError } from '../../app/errors';
import { applyServerErrors } from '../../app/formErrors';
import { unitLabel } from './unit';

type Direction = 'in' | 'out';

interface Values {
  warehouse: string;
  direction: Direction;
  quantity: number;
  reason: string;
  incidentRef?: string;
}

/** Books stock into or out of one warehouse; taking more than there is answers 409 INSUFFICIENT_STOCK. */
export function MovementModal({ part, onClose, onSaved }: { part: SparePart; onClose: () => void; onSaved: (part: SparePart) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const warehouses = part.stock.map((s) => ({ value: s.warehouse, label: `${s.warehouse} (${s.quantity} ${unitLabel(t, part.unit)})` }));

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setRefusal(null);
    try {
      const delta = values.direction === 'out' ? -values.quantity : values.quantity;
      const result = await sparePartsApi.move(part.id, {
        warehouse: values.warehouse.trim(),
        delta,
        reason: values.reason.trim(),
        incidentRef: values.incidentRef?.trim() || null,
      });
      void message.success(
        t('spare.moved', { sku: part.sku, warehouse: result.movement.warehouse, quantity: result.movement.quantityAfter, unit: unitLabel(t, part.unit) }),
      );
      onSaved(result.part);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'INSUFFICIENT_STOCK') setRefusal(describeError(t, error));
      else if (!applyServerErrors(form, t, error)) void message.error(describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('spare.moveTitle', { sku: part.sku, name: part.name })}
      okText={t('spare.book')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'movement-submit' }}
      destroyOnHidden
    >
      {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} data-testid="movement-error" /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ warehouse: part.stock[0]?.warehouse ?? '', direction: 'out', quantity: 1 }}
        onValuesChange={() => setRefusal(null)}
      >
        <Form.Item name="direction" label={t('spare.direction')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'out', label: t('spare.out') },
              { value: 'in', label: t('spare.in') },
            ]}
            data-testid="movement-direction"
          />
        </Form.Item>
        <Form.Item
          name="warehouse"
          label={t('spare.field.warehouse')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 64, message: t('validation.maxLength', { max: 64 }) },
          ]}
        >
          <AutoComplete options={warehouses} placeholder={t('spare.warehousePlaceholder')} data-testid="movement-warehouse" />
        </Form.Item>
        <Form.Item name="quantity" label={t('spare.quantity')} rules={[{ required: true, message: t('validation.required') }]}>
          <InputNumber min={1} max={1_000_000} precision={0} controls={false} suffix={unitLabel(t, part.unit)} style={{ width: '100%' }} data-testid="movement-quantity" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('spare.field.reason')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 200, message: t('validation.maxLength', { max: 200 }) },
          ]}
        >
          <Input data-testid="movement-reason" />
        </Form.Item>
        <Form.Item
          name="incidentRef"
          label={t('spare.field.incidentRef')}
          extra={t('spare.incidentRefHint')}
          rules={[{ max: 64, message: t('validation.maxLength', { max: 64 }) }]}
        >
          <Input data-testid="movement-incident" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
