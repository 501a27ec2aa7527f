import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Spin, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { CAUSE_CODE, CAUSE_LIMIT, causesToForm, formToCauses, repeatedCodes, type CauseRow } from './causeForm';
import { causeCategoriesApi, type CauseCategory } from './settingsApi';
import { joinDetailLists } from './settingsForm';

/**
 * The cause categories offered when an incident is resolved, in the order offered: rename, reorder, disable, add. A
 * code already on incidents can be disabled but not removed (the server says which, CAUSE_CATEGORY_IN_USE).
 */
export function CauseCategories() {
  const can = useCan();
  const causes = useAsync(() => causeCategoriesApi.list(), 'cause-categories');
  const canEdit = can('incidents:assign');
  return (
    <>
      <ErrorAlert error={causes.error} onRetry={causes.reload} />
      {causes.data ? <CausesForm key={JSON.stringify(causes.data)} items={causes.data} canEdit={canEdit} onSaved={(items) => causes.setData(() => items)} /> : causes.loading ? <Spin /> : null}
    </>
  );
}

function CausesForm({ items, canEdit, onSaved }: { items: CauseCategory[]; canEdit: boolean; onSaved: (items: CauseCategory[]) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ items: CauseRow[] }>();
  const { saving, run } = usePathFormSubmit(form);
  const initialValues = useMemo(() => causesToForm(items), [items]);

  const submit = async () => {
    await form.validateFields();
    const body = formToCauses((form.getFieldValue('items') as CauseRow[]) ?? []);
    await run(async () => {
      try {
        const saved = await causeCategoriesApi.replace(body);
        void message.success(t('causeCategory.saved'));
        onSaved(saved);
      } catch (error) {
        throw joinDetailLists(error, t('common.listSeparator'));
      }
    });
  };

  const required = { required: true, whitespace: true, message: t('validation.required') };
  return (
    <Form form={form} initialValues={initialValues} disabled={!canEdit} data-testid="causes-form">
      <Typography.Paragraph type="secondary">{t('causeCategory.hint')}</Typography.Paragraph>
      <Form.List name="items">
        {(rows, { add, remove, move }, { errors }) => (
          <Flex vertical gap={8}>
            <Flex gap={8} style={{ fontWeight: 600 }}>
              <span style={{ width: 36 }}>#</span>
              <span style={{ width: 180 }}>{t('causeCategory.field.code')}</span>
              <span style={{ flex: 1 }}>{t('causeCategory.field.nameZh')}</span>
              <span style={{ flex: 1 }}>{t('causeCategory.field.nameEn')}</span>
              <span style={{ width: 64 }}>{t('causeCategory.field.enabled')}</span>
              <span style={{ width: 110 }} />
            </Flex>
            {rows.map((row, i) => (
              <Flex key={row.key} gap={8} align="start" data-testid={`cause-${i}`}>
                <span style={{ width: 36, lineHeight: '32px' }}>{i + 1}</span>
                <Form.Item noStyle shouldUpdate={(a, b) => a.items?.[row.name]?.added !== b.items?.[row.name]?.added}>
                  {({ getFieldValue }) => (
                    <Form.Item
                      name={[row.name, 'code']}
                      style={{ width: 180, marginBottom: 0 }}
                      rules={[
                        { required: true, message: t('validation.required') },
                        { pattern: CAUSE_CODE, message: t('causeCategory.codeFormat') },
                        {
                          validator: async (_, code: string | undefined) => {
                            if (code && repeatedCodes((getFieldValue('items') as CauseRow[]) ?? []).has(code.trim())) throw new Error(t('causeCategory.codeRepeated'));
                          },
                        },
                      ]}
                    >
                      <Input disabled={!canEdit || !getFieldValue(['items', row.name, 'added'])} data-testid={`cause-${i}-code`} />
                    </Form.Item>
                  )}
                </Form.Item>
                <Form.Item name={[row.name, 'nameZh']} style={{ flex: 1, marginBottom: 0 }} rules={[required, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
                  <Input data-testid={`cause-${i}-zh`} />
                </Form.Item>
                <Form.Item name={[row.name, 'nameEn']} style={{ flex: 1, marginBottom: 0 }} rules={[required, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
                  <Input data-testid={`cause-${i}-en`} />
                </Form.Item>
                <Form.Item name={[row.name, 'enabled']} valuePropName="checked" style={{ width: 64, marginBottom: 0 }}>
                  <Switch data-testid={`cause-${i}-enabled`} />
                </Form.Item>
                {canEdit ? (
                  <Flex gap={0} style={{ width: 110 }}>
                    <Button type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('causeCategory.up')} data-testid={`cause-${i}-up`} />
                    <Button type="text" icon={<ArrowDownOutlined />} disabled={i === rows.length - 1} onClick={() => move(i, i + 1)} aria-label={t('causeCategory.down')} data-testid={`cause-${i}-down`} />
                    <Button type="text" danger icon={<DeleteOutlined />} disabled={rows.length <= 1} onClick={() => remove(row.name)} aria-label={t('common.delete')} data-testid={`cause-${i}-remove`} />
                  </Flex>
                ) : null}
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            {canEdit ? (
              <Flex gap={8}>
                {rows.length < CAUSE_LIMIT ? (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', nameZh: '', nameEn: '', enabled: true, added: true } satisfies CauseRow)} data-testid="cause-add">
                    {t('causeCategory.add')}
                  </Button>
                ) : null}
                <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="causes-submit">
                  {t('common.save')}
                </Button>
              </Flex>
            ) : null}
          </Flex>
        )}
      </Form.List>
    </Form>
  );
}
