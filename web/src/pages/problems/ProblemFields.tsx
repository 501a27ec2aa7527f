import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePeople } from '../../hooks/usePeople';

export interface ProblemFormValues {
  title: string;
  description?: string;
  rootCause?: string;
  workaround?: string;
  ownerId?: string | null;
}

/**
 * A problem's text fields, shared by the create dialog and the problem page: title, description, root cause,
 * workaround and owner (active users with users:read; otherwise only the owner already named in `known`).
 */
export function ProblemFields({ known = {}, rootCauseRequired = false }: { known?: Record<string, string>; rootCauseRequired?: boolean }) {
  const { t } = useTranslation();
  const people = usePeople(known);
  return (
    <>
      <Form.Item name="title" label={t('problemRecord.field.title')} rules={[{ required: true, whitespace: true, message: t('problemRecord.titleRequired') }]}>
        <Input maxLength={200} data-testid="problem-title-input" />
      </Form.Item>
      <Form.Item name="description" label={t('problemRecord.field.description')}>
        <Input.TextArea rows={3} maxLength={20_000} data-testid="problem-description-input" />
      </Form.Item>
      <Form.Item
        name="rootCause"
        label={t('problemRecord.field.rootCause')}
        extra={t('problemRecord.rootCauseHint')}
        rules={rootCauseRequired ? [{ required: true, whitespace: true, message: t('problemRecord.rootCauseRequired') }] : []}
      >
        <Input.TextArea rows={3} maxLength={5000} data-testid="problem-root-cause-input" />
      </Form.Item>
      <Form.Item name="workaround" label={t('problemRecord.field.workaround')} extra={t('problemRecord.workaroundHint')}>
        <Input.TextArea rows={2} maxLength={5000} data-testid="problem-workaround-input" />
      </Form.Item>
      <Form.Item name="ownerId" label={t('problemRecord.field.owner')}>
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={people.options} loading={people.loading} placeholder={t('problemRecord.ownerPlaceholder')} data-testid="problem-owner-input" />
      </Form.Item>
    </>
  );
}

/** Text as the API takes it: blank optional text is left out (the server would refuse an empty root cause). */
export function createBody(values: ProblemFormValues) {
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  return {
    title: values.title.trim(),
    description: values.description?.trim() ?? '',
    ...(text(values.rootCause) && { rootCause: text(values.rootCause) }),
    ...(text(values.workaround) && { workaround: text(values.workaround) }),
    ...(values.ownerId && { ownerId: values.ownerId }),
  };
}
