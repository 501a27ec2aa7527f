import { App, Button, Checkbox, Drawer, Flex, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { policiesApi, type EscalationPolicy } from '../../api/oncall';
import { useIsMobile } from '../../hooks/useIsMobile';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { formToPolicy, LEVELS, policyToForm, type PolicyFormValues } from './policyForm';
import { StepFields } from './StepFields';
import type { usePolicyChoices } from './usePolicyChoices';

const MAX_REPEAT = 10;

interface Props {
  policy?: EscalationPolicy;
  choices: ReturnType<typeof usePolicyChoices>;
  onClose: () => void;
  onSaved: (policy: EscalationPolicy) => void;
}

/**
 * An escalation policy: which alerts it pages for (levels, optionally sites and subsystems), its steps in order, how
 * often to run them again when nobody acknowledges, and whether it is on.
 */
export function PolicyDrawer({ policy, choices, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<PolicyFormValues>();
  const { saving, run } = usePathFormSubmit(form);
  // Built once: the form's start stays as it was while the reference lists arrive.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initialValues = useMemo(() => policyToForm(policy ?? null, choices.consoleChannelIds), [policy]);

  // A new policy's first step uses the in-console channel: when the channels arrive after the drawer opened, it
  // still does, unless someone chose channels meanwhile.
  const consoleIds = choices.consoleChannelIds.join(',');
  useEffect(() => {
    if (policy || !consoleIds) return;
    const first = form.getFieldValue(['steps', 0, 'channelIds']) as string[] | undefined;
    if (first && first.length === 0 && !form.isFieldTouched(['steps', 0, 'channelIds'])) form.setFieldValue(['steps', 0, 'channelIds'], consoleIds.split(','));
  }, [policy, consoleIds, form]);

  const submit = async () => {
    await form.validateFields();
    const body = formToPolicy(form.getFieldsValue(true) as PolicyFormValues);
    await run(async () => {
      const saved = policy ? await policiesApi.update(policy.id, body) : await policiesApi.create(body);
      void message.success(t(policy ? 'policy.saved' : 'policy.created'));
      onSaved(saved);
    });
  };

  const required = { required: true, message: t('validation.required') };
  return (
    <Drawer
      open
      size={isMobile ? '100%' : 760}
      title={policy ? t('policy.editTitle', { name: policy.name }) : t('policy.newTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="policy-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="policy-form">
        <Form.Item name="name" label={t('policy.field.name')} rules={[{ ...required, whitespace: true }, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
          <Input data-testid="policy-name" />
        </Form.Item>
        <Form.Item name="description" label={t('policy.field.description')} rules={[{ max: 2000, message: t('validation.maxLength', { max: 2000 }) }]}>
          <Input.TextArea rows={2} data-testid="policy-description" />
        </Form.Item>
        <Flex gap={24} wrap>
          <Form.Item name="levels" label={t('policy.field.levels')} rules={[{ ...required, type: 'array', min: 1 }]}>
            <Checkbox.Group options={LEVELS.map((l) => ({ value: l, label: t(`alert.level.${l}`) }))} data-testid="policy-levels" />
          </Form.Item>
          <Form.Item name="position" label={t('policy.field.position')} tooltip={t('policy.positionHint')}>
            <InputNumber min={0} max={10_000} precision={0} placeholder={t('policy.positionLast')} style={{ width: 140 }} data-testid="policy-position" />
          </Form.Item>
          <Form.Item name="enabled" label={t('policy.field.enabled')} valuePropName="checked">
            <Switch data-testid="policy-enabled" />
          </Form.Item>
        </Flex>
        <Form.Item name="siteIds" label={t('policy.field.sites')} extra={t('policy.scopeHint')}>
          <Select mode="multiple" allowClear optionFilterProp="label" options={choices.sites} placeholder={t('policy.allSites')} data-testid="policy-sites" />
        </Form.Item>
        <Form.Item name="subsystems" label={t('policy.field.subsystems')} extra={t('policy.scopeHint')}>
          <Select mode="multiple" allowClear optionFilterProp="label" options={choices.subsystems} placeholder={t('policy.allSubsystems')} data-testid="policy-subsystems" />
        </Form.Item>
        <Typography.Title level={5}>{t('policy.stepsTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('policy.stepsHint')}</Typography.Paragraph>
        <StepFields choices={choices.choices} />
        <Form.Item name="repeat" label={t('policy.field.repeat')} extra={t('policy.repeatHint')} style={{ marginTop: 16 }}>
          <InputNumber min={0} max={MAX_REPEAT} precision={0} style={{ width: 120 }} data-testid="policy-repeat" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
