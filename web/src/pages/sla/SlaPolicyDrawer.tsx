import { App, Button, Drawer, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../hooks/useIsMobile';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { formToPolicy, policyPath, policyToForm, type SlaPolicyFormValues } from './policyForm';
import { slaPoliciesApi, type SlaPolicy } from './slaApi';
import { TargetsGrid } from './TargetsGrid';

export interface PolicyChoices {
  calendars: { value: string; label: string }[];
  sites: { value: string; label: string }[];
  /** sites can be listed (sites:read): otherwise they are typed as ids */
  sitesListed: boolean;
}

interface Props {
  policy?: SlaPolicy;
  /** what a new policy starts from (the first policy) */
  template?: SlaPolicy;
  choices: PolicyChoices;
  onClose: () => void;
  onSaved: (policy: SlaPolicy) => void;
}

/** An SLA policy: per level the respond, on-site and resolve targets on their calendars, the warning share and sites. */
export function SlaPolicyDrawer({ policy, template, choices, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<SlaPolicyFormValues>();
  const { saving, run } = usePathFormSubmit(form, policyPath);
  // Built once: the form's start stays as it was while the calendars arrive.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initialValues = useMemo(() => policyToForm(policy ?? null, template, choices.calendars[0]?.value), [policy]);

  const submit = async () => {
    await form.validateFields();
    const body = formToPolicy(form.getFieldsValue(true) as SlaPolicyFormValues);
    await run(async () => {
      const saved = policy ? await slaPoliciesApi.update(policy.id, { ...body, version: policy.version }) : await slaPoliciesApi.create(body);
      void message.success(t(policy ? 'slaPolicy.saved' : 'slaPolicy.created'));
      onSaved(saved);
    });
  };

  const required = { required: true, message: t('validation.required') };
  return (
    <Drawer
      open
      size={isMobile ? '100%' : 860}
      title={policy ? t('slaPolicy.editTitle', { name: policy.name }) : t('slaPolicy.newTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="sla-policy-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="sla-policy-form">
        <Form.Item name="name" label={t('slaPolicy.field.name')} rules={[{ ...required, whitespace: true }, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
          <Input data-testid="sla-policy-name" />
        </Form.Item>
        <Form.Item name="description" label={t('slaPolicy.field.description')} rules={[{ max: 2000, message: t('validation.maxLength', { max: 2000 }) }]}>
          <Input.TextArea rows={2} data-testid="sla-policy-description" />
        </Form.Item>
        <Typography.Title level={5}>{t('slaPolicy.targetsTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('slaPolicy.targetsHint')}</Typography.Paragraph>
        <TargetsGrid calendars={choices.calendars} />
        <Flex gap={24} wrap style={{ marginTop: 16 }}>
          <Form.Item name="warnSharePercent" label={t('slaPolicy.field.warnShare')} extra={t('slaPolicy.warnShareHint')} rules={[required]}>
            <InputNumber min={1} max={99} precision={0} suffix="%" style={{ width: 120 }} data-testid="sla-policy-warn" />
          </Form.Item>
          <Form.Item name="position" label={t('slaPolicy.field.position')} extra={t('slaPolicy.positionHint')}>
            <InputNumber min={0} max={10_000} precision={0} placeholder={t('slaPolicy.positionLast')} style={{ width: 140 }} data-testid="sla-policy-position" />
          </Form.Item>
        </Flex>
        <Form.Item name="siteIds" label={t('slaPolicy.field.sites')} extra={t('slaPolicy.sitesHint')}>
          <Select
            mode={choices.sitesListed ? 'multiple' : 'tags'}
            allowClear
            optionFilterProp="label"
            options={choices.sites}
            placeholder={t('slaPolicy.allSites')}
            data-testid="sla-policy-sites"
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
