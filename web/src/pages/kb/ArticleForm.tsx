import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCatalogOptions } from '../../hooks/useEstate';
import type { Article, ArticleInput } from './kbApi';

export interface ArticleFormValues {
  title: string;
  body: string;
  tags: string[];
  deviceTypes: string[];
  plans: string[];
  incidents: string[];
  problems: string[];
  alertNames: string[];
}

export const emptyValues = (): ArticleFormValues => ({ title: '', body: '', tags: [], deviceTypes: [], plans: [], incidents: [], problems: [], alertNames: [] });

export const valuesOf = (a: Article): ArticleFormValues => ({
  title: a.title,
  body: a.body,
  tags: a.tags,
  deviceTypes: a.deviceTypes,
  plans: a.plans,
  incidents: a.incidents,
  problems: a.problems,
  alertNames: a.alertNames,
});

export const inputOf = (v: ArticleFormValues): ArticleInput => ({ ...v, title: v.title.trim(), body: v.body ?? '' });

/** Free values typed in, one per Enter (tags, ids). */
function Values({ name, label, testId, max = 40 }: { name: keyof ArticleFormValues; label: string; testId: string; max?: number }) {
  return (
    <Form.Item name={name} label={label} rules={[{ type: 'array', max: 30 }]}>
      <Select mode="tags" tokenSeparators={[',', '，']} open={false} maxTagTextLength={max} data-testid={testId} />
    </Form.Item>
  );
}

/** An article's fields: title, Markdown body, tags, device types of the catalogue, and links by id. */
export function ArticleFields() {
  const { t } = useTranslation();
  const catalog = useCatalogOptions();
  return (
    <>
      <Form.Item name="title" label={t('kb.field.title')} rules={[{ required: true, whitespace: true, max: 200 }]}>
        <Input maxLength={200} data-testid="kb-field-title" />
      </Form.Item>
      <Form.Item name="body" label={t('kb.field.body')} extra={t('kb.field.bodyHelp')} rules={[{ max: 50_000 }]}>
        <Input.TextArea autoSize={{ minRows: 8, maxRows: 24 }} maxLength={50_000} data-testid="kb-field-body" />
      </Form.Item>
      <Values name="tags" label={t('kb.field.tags')} testId="kb-field-tags" />
      <Form.Item name="deviceTypes" label={t('kb.field.deviceTypes')}>
        <Select mode="multiple" allowClear options={catalog.types} loading={catalog.loading} optionFilterProp="label" data-testid="kb-field-device-types" />
      </Form.Item>
      <Values name="alertNames" label={t('kb.field.alertNames')} testId="kb-field-alert-names" max={200} />
      <Values name="plans" label={t('kb.field.plans')} testId="kb-field-plans" max={64} />
      <Values name="incidents" label={t('kb.field.incidents')} testId="kb-field-incidents" max={64} />
      <Values name="problems" label={t('kb.field.problems')} testId="kb-field-problems" max={64} />
    </>
  );
}
