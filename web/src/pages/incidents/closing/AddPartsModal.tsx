import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, InputNumber, Modal, Select } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import type { SparePart } from '../../../api/types';
import { describeError } from '../../../app/errors';
import { unitLabel } from '../../spare-parts/unit';
import { closingApi, type UsedParts } from './closingApi';
import { partLineProblems, toPartLines, type PartLineDraft } from './partLines';
import { SparePartPicker } from './SparePartPicker';

const MAX_LINES = 20;

/** The server's refusal in words; for INSUFFICIENT_STOCK, which part it was (the message names the warehouse). */
export function partsRefusal(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.code === 'INSUFFICIENT_STOCK' && typeof error.details === 'object' && error.details !== null) {
    const { sku, name } = error.details as { sku?: unknown; name?: unknown };
    if (typeof sku === 'string') return `${sku}${typeof name === 'string' ? ` ${name}` : ''}: ${describeError(t, error)}`;
  }
  return describeError(t, error);
}

/**
 * Books the spare parts used on the incident out of stock: one line per part and warehouse, all or none. A part is
 * found by searching; its warehouses are offered with what each holds. The server's refusal (not enough in stock,
 * the incident already confirmed) stays in the dialog above the lines, so they can be corrected and sent again.
 */
export function AddPartsModal({ incidentId, onClose, onBooked }: { incidentId: string; onClose: () => void; onBooked: (result: UsedParts) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ lines: PartLineDraft[] }>();
  const [known, setKnown] = useState<Map<string, SparePart>>(new Map());
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<{ text: string; code: string } | null>(null);
  const lines = (Form.useWatch('lines', form) ?? []) as PartLineDraft[];

  const submit = async () => {
    const current = (form.getFieldValue('lines') ?? []) as PartLineDraft[];
    const problems = partLineProblems(current);
    if (problems.length > 0) {
      form.setFields(
        problems.map((p) => ({
          name: ['lines', p.index, p.field === 'repeated' ? 'warehouse' : p.field],
          errors: [t(`closing.parts.lineProblem.${p.field}`)],
        })),
      );
      return;
    }
    setSaving(true);
    setRefusal(null);
    try {
      const result = await closingApi.useParts(incidentId, { parts: toPartLines(current) });
      void message.success(t('closing.parts.booked', { count: current.length }));
      onBooked(result);
    } catch (error) {
      setRefusal({ text: partsRefusal(t, error), code: error instanceof ApiError ? error.code : 'UNKNOWN' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('closing.parts.addTitle')}
      okText={t('closing.parts.book')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'closing-parts-submit' }}
      destroyOnHidden
    >
      {refusal ? <Alert type="error" showIcon title={refusal.text} style={{ marginBottom: 12 }} data-testid="closing-parts-error" data-code={refusal.code} /> : null}
      <Form form={form} layout="vertical" initialValues={{ lines: [{ quantity: 1 }] }} data-testid="closing-parts-form">
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => {
                const part = known.get(lines[index]?.partId ?? '');
                const warehouses = (part?.stock ?? []).map((s) => ({ value: s.warehouse, label: `${s.warehouse} (${s.quantity} ${unitLabel(t, part!.unit)})` }));
                return (
                  <Flex key={field.key} gap={8} align="start" wrap data-testid={`closing-parts-line-${index}`}>
                    <Form.Item name={[field.name, 'partId']} label={t('closing.parts.part')} style={{ flex: '2 1 240px', marginBottom: 8 }}>
                      <SparePartPicker
                        testId={`closing-parts-part-${index}`}
                        onPicked={(picked) => {
                          setKnown((m) => new Map(m).set(picked.id, picked));
                          // A part kept in one warehouse needs no choice; otherwise the person picks one.
                          form.setFieldValue(['lines', field.name, 'warehouse'], picked.stock.length === 1 ? picked.stock[0]!.warehouse : undefined);
                        }}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'warehouse']} label={t('closing.parts.warehouse')} style={{ flex: '1 1 160px', marginBottom: 8 }}>
                      <Select options={warehouses} disabled={!part} placeholder={t('closing.parts.warehousePlaceholder')} notFoundContent={t('closing.parts.noStock')} data-testid={`closing-parts-warehouse-${index}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'quantity']} label={t('closing.parts.quantity')} style={{ flex: '0 1 110px', marginBottom: 8 }}>
                      <InputNumber min={1} max={10_000} precision={0} style={{ width: '100%' }} data-testid={`closing-parts-quantity-${index}`} />
                    </Form.Item>
                    {fields.length > 1 ? (
                      <Button type="text" icon={<DeleteOutlined />} aria-label={t('closing.parts.removeLine')} onClick={() => remove(field.name)} style={{ marginTop: 30 }} />
                    ) : null}
                  </Flex>
                );
              })}
              {fields.length < MAX_LINES ? (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} data-testid="closing-parts-add-line">
                  {t('closing.parts.addLine')}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
